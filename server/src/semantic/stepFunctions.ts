/**
 * The SageMaker states of the AWS Step Functions Data Science SDK (stepfunctions v2.3.0,
 * src/stepfunctions/steps/sagemaker.py, re-exported by src/stepfunctions/steps/__init__.py). They are not
 * SageMaker SDK symbols (so no pipeline rule treats them as steps), but some of their arguments go
 * unchanged into the SageMaker request the state sends, where the same checks as on the SDK apply.
 */
const SAGEMAKER_STATES = new Set(['TrainingStep', 'TransformStep', 'ModelStep', 'EndpointConfigStep', 'EndpointStep', 'TuningStep', 'ProcessingStep']);

export type StepFunctionsSageMakerState = 'TrainingStep' | 'TransformStep' | 'ModelStep' | 'EndpointConfigStep' | 'EndpointStep' | 'TuningStep' | 'ProcessingStep';

/** The Step Functions SageMaker state class an import path names (`stepfunctions.steps.TrainingStep`), if any. */
export function stepFunctionsSageMakerState(path: string): StepFunctionsSageMakerState | undefined {
  const match = /^stepfunctions\.steps(?:\.sagemaker)?\.(\w+)$/.exec(path);
  return match && SAGEMAKER_STATES.has(match[1]) ? (match[1] as StepFunctionsSageMakerState) : undefined;
}
