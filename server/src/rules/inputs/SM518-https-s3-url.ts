import { Rule } from '../types';
import { quoteOf } from './common';
import { S3_REFERENCES } from './SM517-invalid-s3-uri';
import { judgeS3, s3Sites } from './s3';

export const httpsS3Url: Rule = {
  code: 'SM518',
  name: 'https-s3-url',
  defaultSeverity: 'error',
  summary: 'An https://...s3...amazonaws.com URL where the SDK expects an s3:// URI',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    for (const site of s3Sites(model, node)) {
      const verdict = judgeS3(site.value);
      if (verdict.kind !== 'https') continue;
      const uri = `s3://${verdict.bucket}/${verdict.key}`;
      const quote = quoteOf(model, site.node);
      const safe = !/[\\\n\r'"]/.test(uri);
      context.report({
        node: site.node,
        message: `\`${site.keyword}=\` expects an s3:// URI, not an HTTPS object URL: the SDK treats "${site.value}" as a local path or passes it on unparsed, and the job fails. Use "${uri}".`,
        fix: safe ? { title: `Use "${uri}"`, applicability: 'safe', edits: [{ start: site.node.start, end: site.node.end, newText: `${quote}${uri}${quote}` }] } : undefined,
      });
    }
  },
  doc: {
    what: 'Fires on an `https://<bucket>.s3.<region>.amazonaws.com/<key>` (or path-style `https://s3.<region>.amazonaws.com/<bucket>/<key>`) URL — what the S3 console\'s "Copy URL" gives — at a parameter the SDK documents as an S3 location.',
    why: 'The SDK parses locations with `urlparse(...).scheme == "s3"`. `ProcessingInput` then treats the URL as a local path and tries to upload it (`FileNotFoundError` or a wrong upload at definition time); estimators and models pass it to the service, which expects the `s3://` form for these fields and fails the job.',
    example: [
      "from sagemaker.processing import ProcessingInput",
      "",
      "raw = ProcessingInput(source=\"https://my-bucket.s3.us-east-1.amazonaws.com/raw/data.csv\", destination=\"/opt/ml/processing/raw\")",
    ].join('\n'),
    useInstead: [
      "from sagemaker.processing import ProcessingInput",
      "",
      "raw = ProcessingInput(source=\"s3://my-bucket/raw/data.csv\", destination=\"/opt/ml/processing/raw\")",
    ].join('\n'),
    fixSafety: 'Safe fix to `s3://<bucket>/<key>` (percent-escapes in the key are decoded): it names the same object.',
    sdkVersions: 'sagemaker v2 and v3 (all versions).',
    references: S3_REFERENCES,
  },
};
