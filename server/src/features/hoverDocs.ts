import { EXECUTION_VARIABLES } from '../semantic/sdk';
import { ruleDocUrl } from '../rules/registry';
import type { SdkEnvironment } from '../environment/types';
import { oldTextBehaviour } from '../rules/pipeline-variables/oldReleases';
import { sdkOnlyBefore, sdkPinText } from '../environment/releaseWindow';

/**
 * Hover texts for the SDK's pipeline-variable API: what the official docs leave out. Facts come from
 * v2.257.6 src/sagemaker/workflow/{entities,execution_variables,parameters,functions}.py and the v3
 * equivalents under sagemaker-core/src/sagemaker/core/ (same behaviour).
 */

/**
 * What works and what fails, in two lines: a hover must fit without scrolling. The full lists, with the
 * errors the SDK raises and examples, are in the rule docs the link opens.
 */
const SUMMARY = [
  '**Works** (resolved when the pipeline runs): as a step or job argument, in `Join(on="", values=[...])`, in `ConditionEquals(...)` and the other conditions, `.to_string()`, `.expr` to print its definition.',
  '',
  '**Fails** (your code runs when the pipeline is *defined*): `str()`, `print()`, f-strings, `%`, `.format()` and `+` raise `TypeError`; `if v:` is always true and `v == "x"` always false.',
].join('\n');

/**
 * The summary for the SDK the module runs: before v2.81.0 text conversion raised nothing and `.to_string()`
 * did not exist (oldReleases.ts has the releases and how they were checked).
 */
function summary(environment: SdkEnvironment | undefined): string {
  const old = oldTextBehaviour(environment);
  if (!old) return SUMMARY;
  return [
    '**Works** (resolved when the pipeline runs): as a step or job argument, in `Join(on="", values=[...])`, in `ConditionEquals(...)` and the other conditions, `.expr` to print its definition.',
    '',
    `**Wrong without an error** (your code runs when the pipeline is *defined*): ${old}; \`if v:\` is always true and \`v == "x"\` always false.`,
  ].join('\n');
}

/** The rule docs behind the summary: the complete works/fails lists, the SDK's errors, examples and fixes. */
const MORE = `[What works and what fails, in full](${ruleDocUrl('SM101')}) · [+ and arithmetic](${ruleDocUrl('SM102')}) · [if, ==, len, loops](${ruleDocUrl('SM103')})`;

function codeBlock(signature: string): string {
  return ['```python', signature, '```'].join('\n');
}

/** The first v2 release of a member, when the environment's SDK is v2 and older than it. */
function memberMissing(since: string, environment: SdkEnvironment | undefined): string | undefined {
  const firstV2 = /^v(2\.\d+\.\d+) \(v2\)/.exec(since)?.[1];
  const older = firstV2 ? sdkOnlyBefore(environment, firstV2) : undefined;
  return older && older.major === 2 ? firstV2 : undefined;
}

export function executionVariablesHover(environment?: SdkEnvironment): string {
  return [
    codeBlock('(class) ExecutionVariables'),
    '---',
    'Values SageMaker knows only while a pipeline **executes**; in your Python code each member is a placeholder with no value.',
    '',
    summary(environment),
    '',
    `Members: ${EXECUTION_VARIABLES.map((m) => `\`${m.member}\`${memberMissing(m.since, environment) ? ` (from v${memberMissing(m.since, environment)}: not in this project's SDK)` : ''}`).join(', ')}. ${MORE}`,
  ].join('\n');
}

export function executionVariableMemberHover(member: string, environment?: SdkEnvironment): string | undefined {
  const m = EXECUTION_VARIABLES.find((candidate) => candidate.member === member);
  if (!m) return undefined;
  const firstV2 = memberMissing(m.since, environment);
  const missing = firstV2 && environment?.sdk
    ? ` **Not in this project's SDK** (${sdkPinText(environment.sdk)}): \`ExecutionVariables.${m.member}\` raises AttributeError there; upgrade to v${firstV2} or later.`
    : '';
  return [
    codeBlock(`(execution variable) ExecutionVariables.${m.member}: ExecutionVariable`),
    '---',
    `Resolves, when the pipeline runs, to: **${m.meaning.replace(/\.$/, '')}**. Its definition (\`.expr\`) is \`${m.expr}\`.` + (m.since ? ` Available since ${m.since}.` : '') + missing,
    '',
    summary(environment),
    '',
    MORE,
  ].join('\n');
}

const CLASS_DOCS: Record<string, { signature: string; summary: string; example: string[] }> = {
  ParameterString: {
    signature: '(class) ParameterString(name: str, default_value: str | None = None, enum_values: list[str] | None = None)',
    summary: 'A pipeline parameter of type String. Its value is chosen when an execution starts (`pipeline.start(parameters={"Name": "..."})`), falling back to `default_value`. List it in `Pipeline(parameters=[...])`.',
    example: ['bucket = ParameterString(name="Bucket", default_value="my-bucket")', 'uri = Join(on="/", values=["s3:/", bucket, "data"])'],
  },
  ParameterInteger: {
    signature: '(class) ParameterInteger(name: str, default_value: int | None = None)',
    summary: 'A pipeline parameter of type Integer, chosen when an execution starts. `default_value` must be an int. Unhashable: it cannot be a dict key.',
    example: ['count = ParameterInteger(name="InstanceCount", default_value=1)', 'processor = SKLearnProcessor(..., instance_count=count, sagemaker_session=PipelineSession())'],
  },
  ParameterFloat: {
    signature: '(class) ParameterFloat(name: str, default_value: float | None = None)',
    summary: 'A pipeline parameter of type Float, chosen when an execution starts. `default_value` must be a float (`1` fails, `1.0` works). Unhashable.',
    example: ['threshold = ParameterFloat(name="Threshold", default_value=0.7)', 'ConditionGreaterThanOrEqualTo(left=accuracy, right=threshold)'],
  },
  ParameterBoolean: {
    signature: '(function) ParameterBoolean(name: str, default_value: bool | None = None) -> Parameter',
    summary: 'A pipeline parameter of type Boolean (in v2 a `functools.partial` of `Parameter`). `if flag:` is always true in Python: branch with `ConditionEquals(left=flag, right=True)`.',
    example: ['flag = ParameterBoolean(name="RunEval", default_value=True)', 'ConditionStep(name="Eval", conditions=[ConditionEquals(left=flag, right=True)], if_steps=[...])'],
  },
  Parameter: {
    signature: '(class) Parameter(name: str, parameter_type: ParameterTypeEnum, default_value=None)',
    summary: 'Base class of pipeline parameters. Values are chosen when an execution starts.',
    example: ['bucket = ParameterString(name="Bucket", default_value="my-bucket")'],
  },
  ExecutionVariable: {
    signature: '(class) ExecutionVariable(name: str)',
    summary: 'A value known only while the pipeline executes (`{"Get": "Execution.<name>"}`). Use the members of `ExecutionVariables` rather than building one.',
    example: ['ExecutionVariables.PIPELINE_EXECUTION_ID'],
  },
  Join: {
    signature: '(class) Join(on: str = "", values: list = [])',
    summary: 'Joins strings, numbers and pipeline variables with `on` **when the pipeline runs** (`{"Std:Join": ...}`). This is how to build an S3 path or a name from parameters and execution variables; f-strings and `+` fail. A Join is itself a pipeline variable.',
    example: ['Join(on="/", values=["s3://my-bucket", ExecutionVariables.PIPELINE_EXECUTION_ID, "model"])'],
  },
  JsonGet: {
    signature: '(class) JsonGet(step_name: str | None = None, property_file: PropertyFile | str | None = None, json_path: str = None, s3_uri: Join | None = None, step: Step = None)',
    summary: 'Reads a value from a JSON file written by a processing step (registered in its `property_files`), or from `s3_uri` (a `Join` only), when the pipeline runs. `json_path` must be a literal string. Give `property_file` or `s3_uri`, not both.',
    example: ['JsonGet(step_name=eval_step.name, property_file=report, json_path="metrics.accuracy.value")'],
  },
  PipelineVariable: {
    signature: '(class) PipelineVariable',
    summary: 'Base class of every value that exists only while a pipeline runs: parameters, execution variables, step properties, Join, JsonGet.',
    example: [],
  },
};

export function classHover(symbolId: string, environment?: SdkEnvironment): string | undefined {
  const doc = CLASS_DOCS[symbolId];
  if (!doc) return undefined;
  const parts = [codeBlock(doc.signature), '---', doc.summary, '', summary(environment)];
  if (doc.example.length) parts.push('', '```python', ...doc.example, '```');
  parts.push('', MORE);
  return parts.join('\n');
}

export function variableHover(name: string, className: string, origin: string, environment?: SdkEnvironment): string {
  return [
    codeBlock(`(pipeline variable) ${name}: ${className}`),
    '---',
    `\`${name}\` is ${origin}. It has no value while this code runs; SageMaker resolves it when the pipeline executes.`,
    '',
    summary(environment),
    '',
    MORE,
  ].join('\n');
}
