import { nearestNames } from '../../api/closest';
import { childByField } from '../../parse/syntaxNode';
import { plainStringValue } from '../../semantic/model';
import { declaredStepOutputs } from '../api-model/common';
import { Rule } from '../types';

export const undeclaredStepOutput: Rule = {
  code: 'SM220',
  name: 'undeclared-step-output',
  defaultSeverity: 'error',
  summary: 'LambdaStep/CallbackStep properties.Outputs["name"] names an output the step does not declare',
  nodeTypes: ['subscript'],
  check(node, context) {
    const { model } = context;
    const value = model.valueOf(node);
    if (value.kind !== 'properties' || value.node !== node || value.path.length !== 2 || value.path[0] !== 'Outputs') return;
    if (value.step.kind !== 'instance') return;
    const stepClass = value.step.symbol.id;
    const target = childByField(node, 'subscript');
    if (!target) return;
    const key = plainStringValue(model.tree, target);
    if (key === undefined) return;
    const declared = declaredStepOutputs(model, value.step);
    if (!declared || declared.includes(key)) return;
    const outputClass = stepClass === 'LambdaStep' ? 'LambdaOutput' : 'CallbackOutput';
    if (!declared.length) {
      context.report({
        node: target,
        message: `This ${stepClass} declares no outputs, so properties.Outputs["${key}"] raises KeyError; add outputs=[${outputClass}(output_name="${key}")]. properties.Outputs is a plain dict with one entry per declared output.`,
      });
      return;
    }
    const [closest] = nearestNames(key, declared, 1);
    const quote = model.text(target).trimStart()[0] === "'" ? "'" : '"';
    context.report({
      node: target,
      message: `This ${stepClass} declares no output "${key}", so properties.Outputs["${key}"] raises KeyError; use one of ${declared.map((n) => `"${n}"`).join(', ')}. properties.Outputs is a plain dict built from outputs=[${outputClass}(output_name=...)] when the step is constructed, so the error comes while the pipeline is defined.`,
      fix: { title: `Use the declared output "${closest}"`, applicability: 'unsafe', edits: [{ start: target.start, end: target.end, newText: `${quote}${closest}${quote}` }] },
    });
  },
  doc: {
    what: 'Checks the key in `step.properties.Outputs["name"]` of a `LambdaStep` or `CallbackStep` against the `output_name`s of its `outputs=[LambdaOutput(...)]` / `outputs=[CallbackOutput(...)]`. It stays silent unless every output is a `LambdaOutput`/`CallbackOutput` with a literal `output_name` in a literal list (a `LambdaStep` without `outputs` has none).',
    why: "Unlike the properties of job steps, `properties.Outputs` of these steps is not a pipeline variable: the constructor builds a plain Python `dict` with one `Properties(\"OutputParameters['name']\")` per declared output. A key that is not declared raises `KeyError` on that line while the pipeline is being defined.",
    example: [
      'from sagemaker.lambda_helper import Lambda',
      'from sagemaker.workflow.lambda_step import LambdaOutput, LambdaStep',
      '',
      'step = LambdaStep(name="StartJob", lambda_func=Lambda(function_arn=arn), outputs=[LambdaOutput(output_name="job_id")])',
      'job = step.properties.Outputs["jobid"]',
    ].join('\n'),
    useInstead: [
      'from sagemaker.lambda_helper import Lambda',
      'from sagemaker.workflow.lambda_step import LambdaOutput, LambdaStep',
      '',
      'step = LambdaStep(name="StartJob", lambda_func=Lambda(function_arn=arn), outputs=[LambdaOutput(output_name="job_id")])',
      'job = step.properties.Outputs["job_id"]',
    ].join('\n'),
    fixSafety: 'Unsafe fix to the closest declared output name: when several outputs are declared, which one you meant is a guess, and you may rather have meant to declare a new output. No fix when the step declares no outputs.',
    sdkVersions: 'sagemaker v2 (all) and v3 (`sagemaker.mlops.workflow`).',
    references: [
      'v2.257.6 src/sagemaker/workflow/lambda_step.py L118-127 (properties.Outputs dict), L46 (LambdaOutput)',
      'v2.257.6 src/sagemaker/workflow/callback_step.py L115-124 (properties.Outputs dict), L44 (CallbackOutput)',
      'v3 a24812666d sagemaker-mlops/src/sagemaker/mlops/workflow/lambda_step.py L113-122, callback_step.py L113-122',
    ],
  },
};
