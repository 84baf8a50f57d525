import { SyntaxNode, childByField, nodeAt } from '../parse/syntaxNode';
import { Analysis } from '../analysis/analyze';
import { hasRole, symbolAtPath } from '../semantic/sdk';
import { Value } from '../semantic/values';
import { classHover, executionVariableMemberHover, executionVariablesHover, variableHover } from './hoverDocs';
import { apiHoverAt } from './hoverApi';
import { pipelineClassHover } from './hoverDocsPipeline';
import { inputsClassHover } from './hoverDocsInputs';
import { lambdaHelperHover } from './hoverDocsLambda';
import { stepFunctionsClassHover, stepFunctionsStartExecutionHover } from './hoverDocsStepFunctions';
import { withImportHint } from '../environment/importHint';
import { sdkCallableHover, sdkKeywordHover } from './hoverSdk';
import { sdkCallTarget } from './sdkCallTarget';

export interface HoverResult {
  readonly markdown: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Hover at an offset: SDK pipeline-variable classes, ExecutionVariables and its members, names bound to
 * variables (curated, hoverDocs*.ts); then any other SDK class, function or method and the keyword
 * arguments of SDK calls, from the signature model.
 */
export function hoverAt(analysis: Analysis, offset: number): HoverResult | undefined {
  const { model, tree } = analysis;
  if (!model || !model.importsSdk) return undefined;
  const api = apiHoverAt(analysis, offset); // step property members, boto3 methods and parameters
  if (api) return api;
  const node = nodeAt(tree.root, offset);
  if (node.type !== 'identifier' || node.broken) return undefined;
  const parent = node.parent;
  // The name of a keyword argument in an SDK call: that parameter.
  if (parent?.type === 'keyword_argument' && node.field === 'name') {
    const keyword = sdkKeywordHover(analysis, node, sdkCallTarget);
    if (keyword) return keyword;
  }
  // The member in `ExecutionVariables.MEMBER`.
  if (parent?.type === 'attribute' && childByField(parent, 'attribute') === node) {
    const value = model.valueOf(parent);
    if (value.kind === 'execution-variable') {
      const markdown = executionVariableMemberHover(value.member, model.environment);
      if (markdown) return { markdown, start: node.start, end: node.end };
    }
    // `sfn.start_execution` on a boto3 `stepfunctions` client (no API model of its own here).
    if (value.kind === 'method' && value.name === 'start_execution' && value.self.kind === 'boto3-client' && value.self.service === 'stepfunctions') {
      return { markdown: stepFunctionsStartExecutionHover(), start: node.start, end: node.end };
    }
    return symbolHover(analysis, parent, node) ?? sdkCallableHover(analysis, parent, node, sdkCallTarget);
  }
  return symbolHover(analysis, node, node) ?? sdkCallableHover(analysis, node, node, sdkCallTarget, boundValue(analysis, node));
}

function symbolHover(analysis: Analysis, expression: SyntaxNode, range: SyntaxNode): HoverResult | undefined {
  const model = analysis.model!;
  const value = boundValue(analysis, expression) ?? model.valueOf(expression);
  if (value.kind === 'path') {
    // The path itself, not symbolOf(expression): a name in its own import statement is not bound yet there.
    const inputsDoc = inputsClassHover(value.path, model.environment) ?? stepFunctionsClassHover(value.path) ?? lambdaHelperHover(value.path); // DatasetDefinition, AthenaDatasetDefinition; stepfunctions.steps.TrainingStep, ...
    if (inputsDoc) return { markdown: inputsDoc, start: range.start, end: range.end };
    const resolved = symbolAtPath(value.path);
    if (!resolved) return undefined;
    if (hasRole(resolved.symbol, 'execution-variables')) return { markdown: executionVariablesHover(model.environment), start: range.start, end: range.end };
    const markdown = classHover(resolved.symbol.id, model.environment) ?? pipelineClassHover(resolved.symbol.id, resolved.generations);
    return markdown ? { markdown: withImportHint(markdown, model, resolved.symbol.id), start: range.start, end: range.end } : undefined;
  }
  const info = model.pipelineVariableOfValue(value);
  if (info && expression.type === 'identifier' && expression.parent?.type === 'keyword_argument' && expression.field === 'name') return undefined;
  if (info) {
    return { markdown: variableHover(model.text(expression), info.className, info.origin, model.environment), start: range.start, end: range.end };
  }
  return undefined;
}

/**
 * Names at the place they are bound mean what they are bound to: an assignment target, or a name in an
 * import statement (whose own position comes before the binding takes effect).
 */
function boundValue(analysis: Analysis, node: SyntaxNode): Value | undefined {
  const model = analysis.model!;
  const parent = node.parent;
  if (!parent) return undefined;
  if (parent.type === 'assignment' && childByField(parent, 'left') === node) {
    const right = childByField(parent, 'right');
    return right && right.type !== 'assignment' ? model.valueOf(right) : undefined;
  }
  for (let p: SyntaxNode | null = parent; p; p = p.parent) {
    if (p.type === 'import_from_statement' || p.type === 'import_statement') {
      const statementEnd = p.end;
      const name = model.text(node);
      const scope = model.scopes.scopeOf(p);
      const definition = scope.definitions.get(name)?.find((d) => d.visibleFrom === statementEnd);
      // Only the bound name (or the imported name of `from m import name`) maps to the binding.
      if (definition?.path && (definition.target === node || definition.path.endsWith(`.${name}`))) return { kind: 'path', path: definition.path };
      return undefined;
    }
    if (p.type.endsWith('statement') || p.type === 'block') return undefined;
  }
  return undefined;
}
