import { SyntaxNode } from '../../parse/syntaxNode';
import { listElements, pipelineOf } from '../../semantic/pipeline';
import { describeVariable } from '../pipeline-variables/common';
import { Rule } from '../types';
import { shortText } from './common';

const LITERAL_NAMES: Record<string, string> = {
  str: 'a str', int: 'an int', float: 'a float', bool: 'a bool', none: 'None', list: 'a list', tuple: 'a tuple', dict: 'a dict', set: 'a set',
};

export const nonParameterInPipelineParameters: Rule = {
  code: 'SM216',
  name: 'non-parameter-in-pipeline-parameters',
  defaultSeverity: 'error',
  summary: 'Pipeline(parameters=[...]) lists something that is not a Parameter: the SDK drops it without a word',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    const pipeline = pipelineOf(model, node);
    if (!pipeline?.parametersNode) return;
    const elements = listElements(model, pipeline.parametersNode);
    if (!elements) return;
    for (const element of elements) {
      const what = notAParameter(element);
      if (!what) continue;
      context.report({
        node: element,
        message: `Pipeline(parameters=...) silently drops a non-Parameter: declare a ParameterString (or Integer, ...) and list it. \`${shortText(model, element)}\` is ${what}, not a Parameter, so the pipeline has no such parameter and start(parameters={...}) cannot set it.`,
      });
    }

    function notAParameter(element: SyntaxNode): string | undefined {
      const variable = model.pipelineVariable(element);
      if (variable) return /^Parameter/.test(variable.className) || variable.className === 'PipelineVariable' ? undefined : describeVariable(model, element, variable).replace(/^`[^`]*` \((.*)\)$/, '$1');
      const value = model.valueOf(element);
      return value.kind === 'literal' ? LITERAL_NAMES[value.type] : undefined;
    }
  },
  doc: {
    what: 'Finds elements of `Pipeline(parameters=[...])` (v2 `sagemaker.workflow.pipeline`, v3 `sagemaker.mlops.workflow.pipeline`) that are provably not Parameter objects: strings (an f-string meant as a parameter), numbers, lists, dicts, or pipeline variables of other kinds (`Join`, `ExecutionVariables.*`, step properties). Parameters, names bound to them, and values the linter cannot follow stay silent.',
    why: 'The definition is built with `list_to_request(self.parameters)` (v2.257.6 workflow/pipeline.py L441), which keeps `Entity` objects and step collections and skips everything else without an error (workflow/utilities.py L67-83). Anything else in the list is silently left out of the definition: the intended parameter never exists, `pipeline.start(parameters={"Name": ...})` cannot set it, and code that uses the value gets whatever it was when the pipeline was defined.',
    example: [
      'from sagemaker.workflow.parameters import ParameterString',
      'from sagemaker.workflow.pipeline import Pipeline',
      '',
      'bucket = ParameterString(name="Bucket", default_value="my-bucket")',
      'pipeline = Pipeline(name="P", parameters=[bucket, f"s3://{default_bucket}/input"], steps=[step])',
    ].join('\n'),
    useInstead: [
      'from sagemaker.workflow.parameters import ParameterString',
      'from sagemaker.workflow.pipeline import Pipeline',
      '',
      'bucket = ParameterString(name="Bucket", default_value="my-bucket")',
      'input_data = ParameterString(name="InputData", default_value=f"s3://{default_bucket}/input")',
      'pipeline = Pipeline(name="P", parameters=[bucket, input_data], steps=[step])',
    ].join('\n'),
    fixSafety: 'No fix: the parameter needs a name and a type, and the steps have to use it.',
    sdkVersions: 'sagemaker v2 (all versions with pipelines) and v3 (sagemaker-mlops Pipeline, sagemaker-core list_to_request).',
    references: [
      'v2.257.6 src/sagemaker/workflow/pipeline.py L441 ("Parameters": list_to_request(self.parameters))',
      'v2.257.6 src/sagemaker/workflow/utilities.py L67-83 (list_to_request keeps Entity and StepCollection objects only)',
      'v3 sagemaker-mlops/src/sagemaker/mlops/workflow/pipeline.py L462; sagemaker-core/src/sagemaker/core/workflow/utilities.py L65-81',
    ],
  },
};
