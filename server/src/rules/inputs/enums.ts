import { SyntaxNode, childByField } from '../../parse/syntaxNode';
import { apiModel } from '../../api/model';
import { SemanticModel } from '../../semantic/model';
import { ioRole } from './common';

/** SDK parameter -> botocore shape member whose enum it must be in. */
type EnumMap = Record<string, readonly [shape: string, member: string]>;

const PROCESSING_INPUT: EnumMap = {
  s3_data_type: ['ProcessingS3Input', 'S3DataType'],
  s3_input_mode: ['ProcessingS3Input', 'S3InputMode'],
  s3_data_distribution_type: ['ProcessingS3Input', 'S3DataDistributionType'],
  s3_compression_type: ['ProcessingS3Input', 'S3CompressionType'],
};
const PROCESSING_OUTPUT: EnumMap = { s3_upload_mode: ['ProcessingS3Output', 'S3UploadMode'] };
const TRAINING_INPUT: EnumMap = {
  distribution: ['S3DataSource', 'S3DataDistributionType'],
  compression: ['Channel', 'CompressionType'],
  record_wrapping: ['Channel', 'RecordWrapperType'],
  s3_data_type: ['S3DataSource', 'S3DataType'],
  input_mode: ['Channel', 'InputMode'],
};
const TRANSFORM_INPUT: EnumMap = {
  data_type: ['TransformS3DataSource', 'S3DataType'],
  compression_type: ['TransformInput', 'CompressionType'],
  split_type: ['TransformInput', 'SplitType'],
};
export const ATHENA: EnumMap = { output_format: ['AthenaDatasetDefinition', 'OutputFormat'], output_compression: ['AthenaDatasetDefinition', 'OutputCompression'] };
const DATASET: EnumMap = { data_distribution_type: ['DatasetDefinition', 'DataDistributionType'], input_mode: ['DatasetDefinition', 'InputMode'] };
const S3_INPUT: EnumMap = { ...PROCESSING_INPUT };

export const ATHENA_PATHS = new Set([
  'sagemaker.dataset_definition.inputs.AthenaDatasetDefinition', 'sagemaker.dataset_definition.AthenaDatasetDefinition',
  'sagemaker.core.shapes.AthenaDatasetDefinition', 'sagemaker.core.shapes.shapes.AthenaDatasetDefinition',
]);
export const DATASET_PATHS = new Set([
  'sagemaker.dataset_definition.inputs.DatasetDefinition', 'sagemaker.dataset_definition.DatasetDefinition',
  'sagemaker.core.shapes.DatasetDefinition', 'sagemaker.core.shapes.shapes.DatasetDefinition',
]);
const S3_INPUT_PATHS = new Set([
  'sagemaker.dataset_definition.inputs.S3Input', 'sagemaker.dataset_definition.S3Input',
  'sagemaker.core.shapes.ProcessingS3Input', 'sagemaker.core.shapes.shapes.ProcessingS3Input',
]);

/** The enum-valued parameters of an SDK I/O constructor call. */
export function enumParameters(model: SemanticModel, call: SyntaxNode): EnumMap | undefined {
  const role = ioRole(model, call);
  if (role === 'processing-input') return PROCESSING_INPUT;
  if (role === 'processing-output') return PROCESSING_OUTPUT;
  if (role === 'training-input') return TRAINING_INPUT;
  if (role === 'transform-input') return TRANSFORM_INPUT;
  const callee = childByField(call, 'function');
  const value = callee ? model.valueOf(callee) : undefined;
  if (value?.kind !== 'path') return undefined;
  if (ATHENA_PATHS.has(value.path)) return ATHENA;
  if (DATASET_PATHS.has(value.path)) return DATASET;
  if (S3_INPUT_PATHS.has(value.path)) return S3_INPUT;
  return undefined;
}

export function enumValues(shape: string, member: string): readonly string[] | undefined {
  const type = apiModel('sagemaker')?.shape(shape)?.members.get(member)?.type;
  return type?.kind === 'enum' ? type.values : undefined;
}
