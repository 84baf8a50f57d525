import { Rule } from '../types';
import { quoteOf } from './common';
import { S3_REFERENCES } from './SM517-invalid-s3-uri';
import { BUILT_URL_EFFECTS, builtHttpsSites, judgeS3, literalUrlEffect, s3Sites } from './s3';
import { shorten } from '../pipeline-variables/common';

/** Built URLs already reported in this analysis: a URL built once and used twice is reported once. */
const REPORTED_BUILDS = {};

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
      // A Step Functions state sends the URL as written, and the service's S3Uri pattern accepts https.
      if (site.stepFunctions) continue;
      const effect = literalUrlEffect(model, node, site.keyword);
      if (!effect) continue;
      const uri = `s3://${verdict.bucket}/${verdict.key}`;
      const quote = quoteOf(model, site.node);
      const safe = !/[\\\n\r'"]/.test(uri);
      context.report({
        node: site.node,
        message: `\`${site.keyword}=\` needs an s3:// URI, not an HTTPS URL: use ${uri.length > 50 ? 'the s3:// form' : `"${uri}"`}. ${effect[0].toUpperCase()}${effect.slice(1)}.${uri.length > 50 ? ` The s3:// form is "${uri}".` : ''}`,
        fix: safe ? { title: `Use "${uri}"`, applicability: 'safe', edits: [{ start: site.node.start, end: site.node.end, newText: `${quote}${uri}${quote}` }] } : undefined,
      });
    }
    for (const site of builtHttpsSites(model, node)) {
      const reported = model.memoTable<boolean>(REPORTED_BUILDS);
      if (reported.get(site.built.origin)) continue;
      reported.set(site.built.origin, true);
      context.report({
        node: site.built.origin,
        message: `\`${site.keyword}=\` gets a built https:// S3 URL: build "s3://<bucket>/<key>" instead. \`${shorten(model.text(site.built.origin))}\` builds an https:// S3 URL that reaches \`${site.keyword}=\`${site.built.origin === site.argument ? '' : ` (as \`${shorten(model.text(site.argument))}\`)`}, where the SDK needs an s3:// URI. ${BUILT_URL_EFFECTS[site.keyword]}.`,
      });
    }
  },
  doc: {
    what: 'Fires on an `https://<bucket>.s3.<region>.amazonaws.com/<key>` (or path-style `https://s3.<region>.amazonaws.com/<bucket>/<key>`) URL — what the S3 console\'s "Copy URL" gives — at a parameter where the SDK itself rejects or misreads anything but `s3://`: `ProcessingInput(source=)`, `ProcessingOutput(destination=)`, `transform(data=)`, `fit(inputs=)`, `code_location=`, and `output_path=` of an estimator that uploads a script (`entry_point=`, `source_dir=` or `dependencies=`). It also follows URLs that are built rather than written as one literal (`"https://s3-{}.amazonaws.com/{}".format(region, bucket)`, f-strings, `+` chains, and names assigned once from them) to the places where the SDK itself needs `s3://`: `ProcessingInput(source=)`, `ProcessingOutput(destination=)`, `transformer.transform(data=)` and `estimator.fit(inputs=)` (a string or a dict of strings). A built URL is reported once, where it is built, naming where it is used; only the written text can make it an S3 URL (unknown parts never do).',
    why: 'The SDK parses locations with `urlparse(...).scheme == "s3"` at some parameters and passes them to the service unchanged at others; the rule reports only where the SDK\'s own code rejects or misreads an https URL (v2.257.6): ProcessingInput uploads it as a local path (processing.py L413-414), ProcessingOutput silently replaces it with its own `s3://<default bucket>/...` path (L476-477), `Transformer.transform` raises `ValueError("Invalid S3 URI: ...")` (transformer.py L253-254), `fit()` raises `ValueError(\'URI input ... must be a valid S3 or FILE URI: must start with "s3://" or "file://"\')` (job.py L212-220), and `code_location=` (and an estimator\'s `output_path=` when it uploads a script) goes through `parse_s3_url()`, which raises `ValueError("Expecting \'s3\' scheme, got: https ...")` (model.py L411, estimator.py L1069-1108). URLs at `s3_data=`, `model_data=`, `checkpoint_s3_uri=` and an estimator\'s `output_path=` without a script are left alone, literal or built: they go to the service unchanged, its S3Uri and Url patterns (`(https|s3)://([^/]+)/?(.*)`) accept https, and AWS\'s own example notebooks pass https URLs there. Built URLs are followed to the first four sites only.',
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
    fixSafety: 'Safe fix to `s3://<bucket>/<key>` for a literal (percent-escapes in the key are decoded): it names the same object. Built URLs get no fix: the template, its arguments and sometimes the region have to be rewritten by hand.',
    sdkVersions: 'sagemaker v2 and v3 (all versions).',
    references: S3_REFERENCES,
  },
};
