import { Rule, RuleContext } from '../types';
import { SyntaxNode } from '../../parse/syntaxNode';
import { IO_REFERENCES, containerPathArg, ioRole, lastSegment, literalArg, firstReport, managedDatasetInput, quoteOf } from './common';

const REPORTED_LOCAL_PATHS = {};

const PREFIX = '/opt/ml/processing/';

export const processingPathOutsideOptMl: Rule = {
  code: 'SM510',
  name: 'processing-path-outside-opt-ml',
  defaultSeverity: 'error',
  summary: 'A ProcessingInput destination or ProcessingOutput source that is not under /opt/ml/processing/',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    checkDatasetLocalPath(node, context);
    const role = ioRole(model, node);
    if (role !== 'processing-input' && role !== 'processing-output') return;
    const argument = containerPathArg(model, node, role);
    if (!argument) return;
    const literal = literalArg(model, node, role === 'processing-input' ? 'destination' : 'source', role === 'processing-input' ? 1 : 0);
    if (!literal || (literal.value.startsWith(PREFIX) && literal.value.length > PREFIX.length)) return;
    if (/\{\{|\$\{|\{\}/.test(literal.value)) return; // templates (Airflow, format strings) are filled in later
    const what = role === 'processing-input' ? 'ProcessingInput destination' : 'ProcessingOutput source';
    const nameKeyword = role === 'processing-input' ? 'input_name' : 'output_name';
    const name = literalArg(model, node, nameKeyword, 2)?.value;
    const looksS3 = /^s3:\/\//i.test(literal.value);
    const segment = name && /^[\w.-]+$/.test(name) ? name : looksS3 ? undefined : lastSegment(literal.value);
    const swapped = looksS3
      ? ` It looks like an S3 URI: for a ${role === 'processing-input' ? 'ProcessingInput, `source` is S3 and `destination` the container path' : 'ProcessingOutput, `source` is the container path and `destination` S3'}.`
      : '';
    const target = segment ? `${PREFIX}${segment}` : undefined;
    const quote = quoteOf(model, literal.node);
    context.report({
      node: literal.node,
      message: `Processing paths must be under ${PREFIX}: use ${target && target.length <= 45 ? `"${target}"` : `a path under ${PREFIX}`}. The ${what} "${literal.value}" is a container path outside ${PREFIX}, and the job is rejected when it is created.${swapped}${target && target.length > 45 ? ` Use "${target}".` : ''}`,
      fix: target
        ? { title: `Use "${target}"`, applicability: 'unsafe', edits: [{ start: literal.node.start, end: literal.node.end, newText: `${quote}${target}${quote}` }] }
        : undefined,
    });
  },
  doc: {
    what: 'Checks the container side of v2 `ProcessingInput(destination=...)` and `ProcessingOutput(source=...)`, and the `local_path` of a `DatasetDefinition` (Athena or Redshift query input, v2 and v3) used by a `ProcessingInput` that SageMaker manages (`app_managed` absent or False), when it is a string literal: it must be a path under `/opt/ml/processing/`. An S3 URI there usually means `source` and `destination` were swapped (for outputs, `source` is the container path and `destination` is S3).',
    why: 'The SDK does not check the path (`destination="/tmp/data"` passes `definition()`). The service does: the Processing developer guide says "For both ProcessingInput and ProcessingOutput, the path in the processing container must begin with /opt/ml/processing/", botocore documents `ProcessingS3Input.LocalPath` as "an absolute path to the input data and must begin with `/opt/ml/processing/`", and `CreateProcessingJob` fails with a `ValidationException` when the job (or the pipeline step) starts.',
    example: [
      'from sagemaker.processing import ProcessingInput, ProcessingOutput',
      '',
      'inputs = [ProcessingInput(source="s3://my-bucket/raw", destination="/tmp/raw", input_name="raw")]',
      'outputs = [ProcessingOutput(source="/data/train", output_name="train")]',
    ].join('\n'),
    useInstead: [
      'from sagemaker.processing import ProcessingInput, ProcessingOutput',
      '',
      'inputs = [ProcessingInput(source="s3://my-bucket/raw", destination="/opt/ml/processing/raw", input_name="raw")]',
      'outputs = [ProcessingOutput(source="/opt/ml/processing/train", output_name="train")]',
    ].join('\n'),
    fixSafety: 'Unsafe fix to `/opt/ml/processing/<name>` (the input/output name, else the last segment of the path): the processing script must read or write the new path too.',
    sdkVersions: 'sagemaker v2 (`sagemaker.processing.ProcessingInput`/`ProcessingOutput`, `DatasetDefinition`). In v3 only `DatasetDefinition(local_path=...)` is checked; the other v3 API shapes (`ProcessingS3Input(local_path=...)`) are not.',
    references: [...IO_REFERENCES, 'SageMaker Developer Guide, "How Amazon SageMaker Processing Configures Input and Output For Your Processing Container" (byoc-input-and-output): "For both ProcessingInput and ProcessingOutput, the path in the processing container must begin with /opt/ml/processing/"', 'aws/sagemaker-python-sdk issue #1950 (input and output paths)'],
  },
};

/** A DatasetDefinition's local_path is a container path like any ProcessingInput's (same message and fix). */
function checkDatasetLocalPath(node: SyntaxNode, context: RuleContext): void {
  const { model } = context;
  const found = managedDatasetInput(model, node);
  if (!found) return;
  const literal = literalArg(model, found.definition, 'local_path', found.v3 ? undefined : 2);
  if (!literal || (literal.value.startsWith(PREFIX) && literal.value.length > PREFIX.length)) return;
  if (/\{\{|\$\{|\{\}/.test(literal.value)) return;
  if (!firstReport(model, REPORTED_LOCAL_PATHS, literal.node)) return;
  const name = literalArg(model, node, 'input_name', found.v3 ? undefined : 2)?.value;
  const segment = name && /^[\w.-]+$/.test(name) ? name : /^s3:\/\//i.test(literal.value) ? undefined : lastSegment(literal.value);
  const target = segment ? `${PREFIX}${segment}` : undefined;
  const quote = quoteOf(model, literal.node);
  context.report({
    node: literal.node,
    message: `Processing paths must be under ${PREFIX}: use ${target && target.length <= 45 ? `"${target}"` : `a path under ${PREFIX}`}. The DatasetDefinition local_path "${literal.value}" is where SageMaker puts the query results in the container, and the job is rejected when it is created.${target && target.length > 45 ? ` Use "${target}".` : ''}`,
    fix: target ? { title: `Use "${target}"`, applicability: 'unsafe', edits: [{ start: literal.node.start, end: literal.node.end, newText: `${quote}${target}${quote}` }] } : undefined,
  });
}
