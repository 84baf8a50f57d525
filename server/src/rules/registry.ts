import { Rule } from './types';
import { pipelineVariableToText } from './pipeline-variables/SM101-pipeline-variable-to-text';
import { pipelineVariableConcatenation } from './pipeline-variables/SM102-pipeline-variable-concatenation';
import { pipelineVariableInPythonLogic } from './pipeline-variables/SM103-pipeline-variable-in-python-logic';
import { joinListAsSeparator } from './pipeline-variables/SM104-join-list-as-separator';
import { pipelineVariableSerialized } from './pipeline-variables/SM105-pipeline-variable-serialized';
import { executionVariableNewerThanSdk } from './pipeline-variables/SM106-execution-variable-newer-than-sdk';
import { stepArgsWithoutPipelineSession } from './pipeline-structure/SM201-step-args-without-pipeline-session';
import { discardedStepArgs } from './pipeline-structure/SM202-discarded-step-args';
import { deprecatedStepForm } from './pipeline-structure/SM203-deprecated-step-form';
import { stepArgsFromWrongJob } from './pipeline-structure/SM204-step-args-from-wrong-job';
import { parameterNotInPipeline } from './pipeline-structure/SM205-parameter-not-in-pipeline';
import { invalidOrDuplicateStepName } from './pipeline-structure/SM206-invalid-or-duplicate-step-name';
import { unknownOrCyclicDependency } from './pipeline-structure/SM207-unknown-or-cyclic-dependency';
import { pythonComparisonInCondition } from './pipeline-structure/SM208-python-comparison-in-condition';
import { jsonGetPropertyFile } from './pipeline-structure/SM209-json-get-property-file';
import { stepNotInPipeline } from './pipeline-structure/SM210-step-not-in-pipeline';
import { parameterDefaultValueFrozen } from './pipeline-structure/SM211-parameter-default-value-frozen';
import { pipelineVariableNeedsConcreteValue } from './pipeline-structure/SM212-pipeline-variable-needs-concrete-value';
import { stepArgsWithLegacyArguments } from './pipeline-structure/SM213-step-args-with-legacy-arguments';
import { boto3SessionAsSagemakerSession } from './pipeline-structure/SM214-boto3-session-as-sagemaker-session';
import { parameterDefaultType } from './pipeline-structure/SM215-parameter-default-type';
import { nonParameterInPipelineParameters } from './pipeline-structure/SM216-non-parameter-in-pipeline-parameters';
import { undeclaredStepOutput } from './pipeline-structure/SM220-undeclared-step-output';
import { sqsArnAsQueueUrl } from './pipeline-structure/SM221-sqs-arn-as-queue-url';
import { incompleteLambdaDefinition } from './pipeline-structure/SM222-incomplete-lambda-definition';
import { lambdaTimeoutOverLimit } from './pipeline-structure/SM223-lambda-timeout-over-limit';
import { lambdaHandlerWaitsForJob } from './pipeline-structure/SM224-lambda-handler-waits-for-job';
import { invalidStepProperty } from './api-model/SM301-invalid-step-property';
import { unknownStepProperty } from './api-model/SM302-unknown-step-property';
import { undeclaredProcessingOutput } from './api-model/SM303-undeclared-processing-output';
import { unknownBoto3Method } from './boto3/SM401-unknown-boto3-method';
import { unknownBoto3Parameter } from './boto3/SM402-unknown-boto3-parameter';
import { missingBoto3Parameter } from './boto3/SM403-missing-boto3-parameter';
import { invalidBoto3Value } from './boto3/SM404-invalid-boto3-value';
import { malformedInstanceType } from './instance-types/SM501-malformed-instance-type';
import { unknownInstanceType } from './instance-types/SM502-unknown-instance-type';
import { INPUT_RULES } from './inputs';
import { untypedSdkUnderMypy } from './environment/SM701-untyped-sdk-under-mypy';
import { sagemakerClientWithoutStubs } from './environment/SM702-sagemaker-client-without-stubs';
import { stubsVersionDrift } from './environment/SM703-stubs-version-drift';
import { MIGRATION_RULES } from './migrations';
import { SIGNATURE_RULES } from './signatures';

/** Every rule, in code order. Adding a rule: write its file, add it here, run `npm run gen:docs`. */
export const RULES: readonly Rule[] = [pipelineVariableToText, pipelineVariableConcatenation, pipelineVariableInPythonLogic, joinListAsSeparator, pipelineVariableSerialized, executionVariableNewerThanSdk, stepArgsWithoutPipelineSession, discardedStepArgs, deprecatedStepForm, stepArgsFromWrongJob, parameterNotInPipeline, invalidOrDuplicateStepName, unknownOrCyclicDependency, pythonComparisonInCondition, jsonGetPropertyFile, stepNotInPipeline, parameterDefaultValueFrozen, pipelineVariableNeedsConcreteValue, stepArgsWithLegacyArguments, boto3SessionAsSagemakerSession, parameterDefaultType, nonParameterInPipelineParameters, undeclaredStepOutput, sqsArnAsQueueUrl, incompleteLambdaDefinition, lambdaTimeoutOverLimit, lambdaHandlerWaitsForJob, invalidStepProperty, unknownStepProperty, undeclaredProcessingOutput, unknownBoto3Method, unknownBoto3Parameter, missingBoto3Parameter, invalidBoto3Value, malformedInstanceType, unknownInstanceType, ...INPUT_RULES, ...MIGRATION_RULES, untypedSdkUnderMypy, sagemakerClientWithoutStubs, stubsVersionDrift, ...SIGNATURE_RULES];

const byCode = new Map(RULES.map((rule) => [rule.code, rule]));

export function ruleByCode(code: string): Rule | undefined {
  return byCode.get(code.toUpperCase());
}

export function ruleDocUrl(code: string): string {
  return `https://github.com/sagelint/sagelint/blob/main/docs/rules/${code}.md`;
}
