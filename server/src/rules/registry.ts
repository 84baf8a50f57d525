import { Rule } from './types';
import { pipelineVariableToText } from './pipeline-variables/SM101-pipeline-variable-to-text';
import { pipelineVariableConcatenation } from './pipeline-variables/SM102-pipeline-variable-concatenation';
import { pipelineVariableInPythonLogic } from './pipeline-variables/SM103-pipeline-variable-in-python-logic';

/** Every rule, in code order. Adding a rule: write its file, add it here, run `npm run gen:docs`. */
export const RULES: readonly Rule[] = [pipelineVariableToText, pipelineVariableConcatenation, pipelineVariableInPythonLogic];

const byCode = new Map(RULES.map((rule) => [rule.code, rule]));

export function ruleByCode(code: string): Rule | undefined {
  return byCode.get(code.toUpperCase());
}

export function ruleDocUrl(code: string): string {
  return `https://github.com/sagelint/sagelint/blob/main/docs/rules/${code}.md`;
}
