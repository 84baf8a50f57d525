import { childByField } from '../../parse/syntaxNode';
import { EXECUTION_VARIABLE_MEMBERS } from '../../semantic/sdk';
import { exactVersion } from '../../environment/sdkVersionRange';
import { sdkOnlyBefore, sdkPinText } from '../../environment/releaseWindow';
import { Rule } from '../types';

/** The step property that names the same job from another step, in every release. */
const FROM_ANOTHER_STEP: Record<string, string> = {
  TRAINING_JOB_NAME: '`training_step.properties.TrainingJobName`',
  PROCESSING_JOB_NAME: '`processing_step.properties.ProcessingJobName`',
};

/** The first v2 release of a member, from the catalog's `since` ("v2.104.0 (v2); v3.0.0 (v3)"). */
function firstV2Release(member: string): string | undefined {
  const since = EXECUTION_VARIABLE_MEMBERS.get(member)?.since ?? '';
  return /^v(2\.\d+\.\d+) \(v2\)/.exec(since)?.[1];
}

export const executionVariableNewerThanSdk: Rule = {
  code: 'SM106',
  name: 'execution-variable-newer-than-sdk',
  defaultSeverity: 'error',
  summary: 'An ExecutionVariables member the project\'s SDK does not have yet (TRAINING_JOB_NAME and PROCESSING_JOB_NAME arrived in v2.104.0)',
  nodeTypes: ['attribute'],
  exampleEnvironment: {
    sdk: { major: 2, version: '2.90.0', source: 'declared', from: 'requirements.txt', range: exactVersion('2.90.0', 'sagemaker==2.90.0') },
  },
  check(node, context) {
    const { model } = context;
    const value = model.valueOf(node);
    if (value.kind !== 'execution-variable' || value.node !== node) return;
    const since = firstV2Release(value.member);
    const sdk = since ? sdkOnlyBefore(model.environment, since) : undefined;
    if (!since || !sdk || sdk.major !== 2) return; // unknown, newer, or v3 (every member since v3.0.0)
    const attribute = childByField(node, 'attribute') ?? node;
    const other = FROM_ANOTHER_STEP[value.member];
    context.report({
      node: attribute,
      message: `ExecutionVariables.${value.member} is not in ${sdkPinText(sdk)}: upgrade to sagemaker>=${since}. It exists from v${since}; before, defining the pipeline raises AttributeError: type object 'ExecutionVariables' has no attribute '${value.member}'.${other ? ` From another step, ${other} names that job in every release.` : ''}`,
    });
  },
  doc: {
    what: 'Fires on `ExecutionVariables.TRAINING_JOB_NAME` and `ExecutionVariables.PROCESSING_JOB_NAME` when every SDK release the project may run (its installed version, its requirement\'s or its notebook\'s pin or range) is older than v2.104.0, the first release that has them. Silent when the version is unknown, when the pin admits v2.104.0 or later, and in v3 projects (v3.0.0 has all eight members).',
    why: 'Older releases define only START_DATETIME, CURRENT_DATETIME, PIPELINE_NAME, PIPELINE_ARN, PIPELINE_EXECUTION_ID and PIPELINE_EXECUTION_ARN, so the line raises `AttributeError: type object \'ExecutionVariables\' has no attribute \'TRAINING_JOB_NAME\'` when the pipeline is defined: code copied from newer examples fails on the pinned SDK.',
    example: [
      'from sagemaker.workflow.execution_variables import ExecutionVariables',
      'from sagemaker.workflow.functions import Join',
      '',
      'model_path = Join(on="/", values=["s3://my-bucket/models", ExecutionVariables.TRAINING_JOB_NAME])',
    ].join('\n'),
    useInstead: [
      '# Upgrade (requirements.txt: sagemaker>=2.104.0), or, in a step that runs after the training step:',
      'from sagemaker.workflow.functions import Join',
      '',
      'model_path = Join(on="/", values=["s3://my-bucket/models", training_step.properties.TrainingJobName])',
    ].join('\n'),
    fixSafety: 'No fix: upgrading the SDK is a project decision, and a step property names the job only from another step.',
    sdkVersions: 'sagemaker v2 before v2.104.0. Checked in the SDK\'s tags: `TRAINING_JOB_NAME = ExecutionVariable("TrainingJobName")` and `PROCESSING_JOB_NAME` are in v2.104.0 src/sagemaker/workflow/execution_variables.py L77-78 and absent from v2.103.0 (commit 02fdf1b0f, #3230; `git tag --contains 02fdf1b0f`: v2.104.0 first); v3 has them from v3.0.0 (sagemaker-core/.../core/workflow/execution_variables.py).',
    references: ['v2.104.0 src/sagemaker/workflow/execution_variables.py L77-78', 'v2.103.0 src/sagemaker/workflow/execution_variables.py (six members)', 'aws/sagemaker-python-sdk#3230'],
  },
};
