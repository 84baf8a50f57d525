import { closestName } from '../../api/closest';
import { Rule } from '../types';
import { literalArg, quoteOf } from './common';
import { enumParameters, enumValues } from './enums';

export const invalidIoEnumValue: Rule = {
  code: 'SM521',
  name: 'invalid-io-enum-value',
  defaultSeverity: 'error',
  summary: 'A literal s3_data_type, input_mode, distribution, compression, ... that is not one of the API enum values',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    const parameters = enumParameters(model, node);
    if (!parameters) return;
    for (const [keyword, [shape, member]] of Object.entries(parameters)) {
      const literal = literalArg(model, node, keyword);
      if (!literal) continue;
      const values = enumValues(shape, member);
      if (!values || values.includes(literal.value)) continue;
      const caseOnly = values.find((v) => v.toLowerCase() === literal.value.toLowerCase());
      const closest = caseOnly ?? closestName(literal.value, values);
      const quote = quoteOf(model, literal.node);
      context.report({
        node: literal.node,
        message: `"${literal.value.length > 30 ? `${literal.value.slice(0, 27)}...` : literal.value}" is not a valid \`${keyword}\`: ${closest ? `use "${closest}"` : `use one of ${values.length > 3 ? `the ${values.length} values below` : values.map((v) => `"${v}"`).join(', ')}`}. The API's ${shape}.${member} accepts ${values.map((v) => `"${v}"`).join(', ')} (values are case-sensitive). The SDK passes it through and the service rejects the job with a ValidationException when it starts.`,
        fix: closest ? { title: `Use "${closest}"`, applicability: caseOnly ? 'safe' : 'unsafe', edits: [{ start: literal.node.start, end: literal.node.end, newText: `${quote}${closest}${quote}` }] } : undefined,
      });
    }
  },
  doc: {
    what: 'Checks literal enum-valued arguments of the SDK\'s input/output classes against the enums of the SageMaker API model: `ProcessingInput(s3_data_type=, s3_input_mode=, s3_data_distribution_type=, s3_compression_type=)`, `ProcessingOutput(s3_upload_mode=)`, `TrainingInput(s3_data_type=, input_mode=, distribution=, compression=, record_wrapping=)`, `TransformInput(data_type=, compression_type=, split_type=)`, `DatasetDefinition(data_distribution_type=, input_mode=)`, `AthenaDatasetDefinition(output_format=, output_compression=)`, and v3\'s `ProcessingS3Input`.',
    why: 'The SDK copies these strings into the request unchecked. The service rejects a value outside the enum — including a case difference such as `"file"` for `"File"` — with `ValidationException: ... failed to satisfy constraint: Member must satisfy enum value set` when the job or pipeline step starts.',
    example: [
      "from sagemaker.inputs import TrainingInput",
      "",
      "train = TrainingInput(s3_data=\"s3://my-bucket/train\", input_mode=\"file\", distribution=\"Sharded\")",
    ].join('\n'),
    useInstead: [
      "from sagemaker.inputs import TrainingInput",
      "",
      "train = TrainingInput(s3_data=\"s3://my-bucket/train\", input_mode=\"File\", distribution=\"ShardedByS3Key\")",
    ].join('\n'),
    fixSafety: 'Safe fix when the value differs from an enum value only in case; unsafe fix to the closest enum value otherwise; no fix when nothing is close.',
    sdkVersions: 'sagemaker v2 and v3 (all versions).',
    references: ['server/src/api/data/sagemaker.json (the API model: ProcessingS3Input, S3DataSource, Channel, TransformInput, AthenaDatasetDefinition, DatasetDefinition)', 'v2.257.6 src/sagemaker/processing.py, inputs.py, dataset_definition/inputs.py'],
  },
};
