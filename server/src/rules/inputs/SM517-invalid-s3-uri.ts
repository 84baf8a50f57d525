import { placeholderIn } from '../placeholders';
import { Rule } from '../types';
import { judgeS3, s3Sites } from './s3';

export const S3_REFERENCES = [
  'botocore sagemaker service-2.json S3Uri: pattern (https|s3)://([^/]+)/?(.*), max 1024',
  'Amazon S3 User Guide, "General purpose bucket naming rules"',
  'v2.257.6 src/sagemaker/processing.py L396-509 (non-s3 sources are uploaded as local paths)',
];

export const invalidS3Uri: Rule = {
  code: 'SM517',
  name: 'invalid-s3-uri',
  defaultSeverity: 'error',
  summary: 'A literal S3 URI that is malformed or names a bucket that cannot exist',
  nodeTypes: ['call'],
  check(node, context) {
    for (const site of s3Sites(context.model, node)) {
      if (placeholderIn(site.value)) continue; // SM523 reports it where it is written
      const verdict = judgeS3(site.value);
      if (verdict.kind !== 'malformed') continue;
      context.report({ node: site.node, message: `${capitalize(verdict.message)}. \`${site.keyword}=\` expects an S3 URI of the form s3://<bucket>/<key>, with a bucket name of 3-63 lower-case letters, digits, dots and hyphens that begins and ends with a letter or digit.` });
    }
  },
  doc: {
    what: 'Checks string literals at parameters the SDK documents as S3 locations (`ProcessingInput(source=)`, `ProcessingOutput(destination=)`, `TrainingInput(s3_data=)`, `TransformInput(data=)`, `output_path=`, `code_location=`, `checkpoint_s3_uri=`, `model_data=`, `fit(inputs=)`, `transform(data=)`, ...; and the AWS Step Functions Data Science SDK\'s `TrainingStep(data=, output_data_config_path=)` and `TransformStep(data=)`, which go into the request unchanged) that start like an S3 URI: the scheme must be exactly `s3://`, a bucket must follow, and the bucket must follow the S3 naming rules (3-63 characters; lower-case letters, digits, dots and hyphens; begins and ends with a letter or digit; no `..`; not an IP address). Upper case and underscores alone are not reported: legacy us-east-1 buckets (before March 2018) may have them, and documentation placeholders such as `s3://my_bucket/` use them.',
    why: 'The SDK does not validate URIs. A value that is not `s3://...` is treated as a local path by `ProcessingInput` (and an upload is attempted); the service rejects other malformed URIs and invalid buckets with `ValidationException` or `NoSuchBucket` when the job starts, often late in a pipeline execution.',
    example: [
      "from sagemaker.estimator import Estimator",
      "",
      "estimator = Estimator(image_uri=image, role=role, instance_count=1, instance_type=\"ml.m5.xlarge\", output_path=\"s3://-my-bucket/output\")",
    ].join('\n'),
    useInstead: [
      "from sagemaker.estimator import Estimator",
      "",
      "estimator = Estimator(image_uri=image, role=role, instance_count=1, instance_type=\"ml.m5.xlarge\", output_path=\"s3://my-bucket/output\")",
    ].join('\n'),
    fixSafety: 'No fix: the right bucket name is unknown.',
    sdkVersions: 'sagemaker v2 and v3 (all versions).',
    references: S3_REFERENCES,
  },
};

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
