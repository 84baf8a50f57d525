import { unparenthesize } from '../../parse/syntaxNode';
import { plainStringValue } from '../../semantic/model';
import { quoteOf } from '../inputs/common';
import { Rule } from '../types';

/**
 * DNS suffix per partition (botocore data/partitions.json outputs.dnsSuffix); the SQS endpoint is
 * https://sqs.{Region}.{dnsSuffix} (botocore data/sqs/2012-11-05/endpoint-rule-set-1.json).
 */
const DNS_SUFFIX: Readonly<Record<string, string>> = {
  aws: 'amazonaws.com',
  'aws-cn': 'amazonaws.com.cn',
  'aws-us-gov': 'amazonaws.com',
  'aws-eusc': 'amazonaws.eu',
  'aws-iso': 'c2s.ic.gov',
  'aws-iso-b': 'sc2s.sgov.gov',
  'aws-iso-e': 'cloud.adc-e.uk',
  'aws-iso-f': 'csp.hci.ic.gov',
};

/** `arn:<partition>:sqs:<region>:<12-digit account>:<queue name>` (SQS queue names: letters, digits, - and _, optionally .fifo). */
const SQS_ARN = /^arn:([a-z-]+):sqs:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,80}(?:\.fifo)?)$/;

/** The queue URL an SQS queue ARN names, or undefined when the ARN is not a complete one of a known partition. */
export function sqsQueueUrlOf(arn: string): string | undefined {
  const match = SQS_ARN.exec(arn);
  if (!match) return undefined;
  const [, partition, region, account, name] = match;
  const suffix = DNS_SUFFIX[partition];
  return suffix ? `https://sqs.${region}.${suffix}/${account}/${name}` : undefined;
}

export const sqsArnAsQueueUrl: Rule = {
  code: 'SM221',
  name: 'sqs-arn-as-queue-url',
  defaultSeverity: 'error',
  summary: 'CallbackStep(sqs_queue_url="arn:aws:sqs:...") gives the queue ARN where the queue URL is needed',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    const value = model.valueOf(node);
    if (value.kind !== 'instance' || value.call !== node || value.symbol.id !== 'CallbackStep') return;
    // CallbackStep(name, sqs_queue_url, inputs, outputs, ...): the same in v2.257.6 and v3.
    const argument = model.argument(node, 'sqs_queue_url', 1);
    if (!argument) return;
    const text = plainStringValue(model.tree, argument);
    if (text === undefined || !/^arn:[^:]*:sqs:/.test(text)) return;
    const url = sqsQueueUrlOf(text);
    const literal = unparenthesize(argument);
    const quote = quoteOf(model, literal);
    context.report({
      node: literal,
      message: url
        ? `sqs_queue_url needs the queue URL, not its ARN: use "${url}". The SDK passes the value unchanged as SqsQueueUrl, the URL SageMaker sends the callback message to.`
        : `sqs_queue_url needs the queue URL (https://sqs.<region>.amazonaws.com/<account>/<queue name>), not its ARN. The SDK passes the value unchanged as SqsQueueUrl, the URL SageMaker sends the callback message to; \`sqs.get_queue_url(QueueName=...)["QueueUrl"]\` gives it.`,
      fix: url ? { title: `Use the queue URL ${url}`, applicability: 'safe', edits: [{ start: literal.start, end: literal.end, newText: `${quote}${url}${quote}` }] } : undefined,
    });
  },
  doc: {
    what: 'Fires on a `CallbackStep` whose `sqs_queue_url` is a literal SQS queue ARN (`arn:aws:sqs:<region>:<account>:<name>`) instead of the queue URL (`https://sqs.<region>.amazonaws.com/<account>/<name>`).',
    why: 'The SDK does not check the value: `CallbackStep.arguments` sends it as `SqsQueueUrl`, which the SageMaker API documents as "the URL of the Amazon SQS queue used by the callback step". SQS addresses a queue by its URL (`SendMessage` takes a `QueueUrl`), so the ARN is a wrong copy that nothing reports before the pipeline runs.',
    example: [
      'from sagemaker.workflow.callback_step import CallbackOutput, CallbackStep',
      '',
      'step = CallbackStep(name="Wait", sqs_queue_url="arn:aws:sqs:us-east-1:111122223333:callbacks", inputs={"job": name}, outputs=[CallbackOutput(output_name="result")])',
    ].join('\n'),
    useInstead: [
      'from sagemaker.workflow.callback_step import CallbackOutput, CallbackStep',
      '',
      'step = CallbackStep(name="Wait", sqs_queue_url="https://sqs.us-east-1.amazonaws.com/111122223333/callbacks", inputs={"job": name}, outputs=[CallbackOutput(output_name="result")])',
    ].join('\n'),
    fixSafety: 'Safe fix when the ARN is complete (partition, region, 12-digit account, queue name): the ARN names exactly one queue, and its URL is `https://sqs.<region>.<partition DNS suffix>/<account>/<name>` (amazonaws.com, amazonaws.com.cn for aws-cn, and the suffixes of the other partitions botocore lists). No fix for an ARN of an unknown partition or with a part missing.',
    sdkVersions: 'sagemaker v2 (all) and v3 (`sagemaker.mlops.workflow`).',
    references: [
      'v2.257.6 src/sagemaker/workflow/callback_step.py L96 (docstring: "An SQS queue URL"), L142 (request_dict["SqsQueueUrl"])',
      'v3 a24812666d sagemaker-mlops/src/sagemaker/mlops/workflow/callback_step.py L94, L140',
      'SageMaker API Reference, CallbackStepMetadata.SqsQueueUrl: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CallbackStepMetadata.html',
      'botocore data/sqs/2012-11-05/service-2.json SendMessage (QueueUrl)',
      'botocore data/partitions.json (dnsSuffix per partition), data/sqs/2012-11-05/endpoint-rule-set-1.json (https://sqs.{Region}.{dnsSuffix})',
    ],
  },
};
