import { SyntaxNode } from '../../parse/syntaxNode';
import { SemanticModel, plainStringValue } from '../../semantic/model';
import { childByField, unparenthesize } from '../../parse/syntaxNode';
import { Value } from '../../semantic/values';
import { SdkRole } from '../../semantic/sdk/catalog';
import { ioRole } from './common';
import { stepFunctionsSageMakerState } from '../../semantic/stepFunctions';
import { BuiltString, HOLE, builtString } from '../../semantic/builtStrings';

/** Keywords the SDK documents as S3 locations on job/model constructors and their methods. */
const S3_KEYWORDS = new Set(['output_path', 'code_location', 'checkpoint_s3_uri', 'model_data', 's3_data', 'output_s3_uri', 's3_uri', 's3_output_path', 'model_data_url']);

export interface S3Site {
  readonly keyword: string;
  readonly node: SyntaxNode;
  readonly value: string;
  /** An argument of a Step Functions state: it reaches the service as written (no SDK parsing on the way). */
  readonly stepFunctions?: boolean;
}

/** Literal string arguments of an SDK call at parameters documented as S3 locations. */
export function s3Sites(model: SemanticModel, call: SyntaxNode): readonly S3Site[] {
  // SM517 and SM518 ask about every call: found once per call.
  return model.memo(S3_SITES, call, () => findS3Sites(model, call));
}

const S3_SITES = {};

function findS3Sites(model: SemanticModel, call: SyntaxNode): S3Site[] {
  const value = model.valueOf(call);
  const sites: S3Site[] = [];
  const add = (keyword: string, node: SyntaxNode | undefined) => {
    if (!node) return;
    const text = plainStringValue(model.tree, node);
    if (text !== undefined) sites.push({ keyword, node: unparenthesize(node), value: text });
  };
  const role = ioRole(model, call);
  if (role === 'processing-input') add('source', model.argument(call, 'source', 0));
  else if (role === 'processing-output') add('destination', model.argument(call, 'destination', 1));
  else if (role === 'training-input') add('s3_data', model.argument(call, 's3_data', 0));
  else if (role === 'transform-input') add('data', model.argument(call, 'data', 0));
  // Step Functions Data Science SDK states put these into the request unchanged: TrainingStep's `data`
  // (a string becomes the channel's S3Uri, training_config loads it with validate_uri=False) and
  // `output_data_config_path` (OutputDataConfig.S3OutputPath), TransformStep's `data` (S3DataSource.S3Uri)
  // (stepfunctions v2.3.0 steps/sagemaker.py; SageMaker SDK v2.257.6 job.py _format_string_uri_input).
  const callee = childByField(call, 'function');
  const calleeValue = callee ? model.valueOf(callee) : undefined;
  const state = calleeValue?.kind === 'path' ? stepFunctionsSageMakerState(calleeValue.path) : undefined;
  const addState = (keyword: string, node: SyntaxNode | undefined) => {
    const text = node ? plainStringValue(model.tree, node) : undefined;
    if (node && text !== undefined) sites.push({ keyword, node: unparenthesize(node), value: text, stepFunctions: true });
  };
  if (state === 'TrainingStep') {
    addState('data', model.argument(call, 'data', 3));
    addState('output_data_config_path', model.argument(call, 'output_data_config_path'));
  } else if (state === 'TransformStep') addState('data', model.argument(call, 'data', 4));
  const isSdkCall = (value.kind === 'instance' && value.call === call) || (value.kind === 'method-call' && value.call === call);
  if (!isSdkCall) return sites;
  if (value.kind === 'method-call' && (value.name === 'transform') ) add('data', model.argument(call, 'data', 0));
  if (value.kind === 'method-call' && value.name === 'fit') {
    const inputs = model.argument(call, 'inputs', 0);
    if (inputs) add('inputs', inputs);
  }
  const args = call.children.find((c) => c.type === 'argument_list');
  for (const child of args?.children ?? []) {
    if (child.type !== 'keyword_argument') continue;
    const name = child.children[0];
    const keyword = name ? model.text(name) : '';
    if (!S3_KEYWORDS.has(keyword) || sites.some((s) => s.keyword === keyword)) continue;
    add(keyword, model.argument(call, keyword));
  }
  return sites;
}

export type S3Verdict =
  | { kind: 'ok' }
  | { kind: 'malformed'; message: string }
  | { kind: 'https'; bucket: string; key: string };

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Problems with a bucket name (general purpose buckets), or undefined when it follows the naming rules. */
export function bucketProblem(bucket: string): string | undefined {
  if (bucket.length < 3 || bucket.length > 63) return `is ${bucket.length} characters long (bucket names have 3 to 63)`;
  if (/[^a-z0-9.-]/.test(bucket)) return /[A-Z]/.test(bucket) ? 'contains upper-case letters (bucket names are lower case)' : 'contains characters other than lower-case letters, digits, dots and hyphens';
  if (!/^[a-z0-9]/.test(bucket) || !/[a-z0-9]$/.test(bucket)) return 'must begin and end with a letter or digit';
  if (bucket.includes('..')) return 'contains two adjacent dots';
  if (IPV4.test(bucket)) return 'is formatted as an IP address';
  return undefined;
}

/** Recognises https S3 URLs: virtual-hosted (bucket.s3[.region].amazonaws.com/key) and path style (s3[.region].amazonaws.com/bucket/key). */
export function parseHttpsS3(url: string): { bucket: string; key: string } | undefined {
  const m = /^https?:\/\/([^/?#]+)\/?([^?#]*)$/i.exec(url);
  if (!m) return undefined;
  const host = m[1].toLowerCase();
  const path = m[2];
  const virtual = /^(.+)\.s3(?:[.-](?:dualstack\.)?[a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?$/.exec(host);
  if (virtual && !virtual[1].startsWith('s3')) return { bucket: virtual[1], key: decodeKey(path) };
  if (/^s3(?:[.-](?:dualstack\.)?[a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?$/.test(host)) {
    const slash = path.indexOf('/');
    const bucket = slash < 0 ? path : path.slice(0, slash);
    if (!bucket) return undefined;
    return { bucket, key: decodeKey(slash < 0 ? '' : path.slice(slash + 1)) };
  }
  return undefined;
}

function decodeKey(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return key;
  }
}

export function judgeS3(value: string): S3Verdict {
  if (/^https?:\/\//i.test(value)) {
    const parsed = parseHttpsS3(value);
    return parsed ? { kind: 'https', ...parsed } : { kind: 'ok' };
  }
  const scheme = /^s3[an]?:/i.exec(value);
  if (!scheme) return { kind: 'ok' };
  if (!/^s3:\/\//.test(value)) {
    return { kind: 'malformed', message: `"${value}" is not an S3 URI: it must start with "s3://" (lower case, two slashes)` };
  }
  const rest = value.slice(5);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  if (!bucket) return { kind: 'malformed', message: `"${value}" has no bucket: an S3 URI is s3://<bucket>/<key>` };
  if (bucket.includes('{') || bucket.includes('%')) return { kind: 'ok' }; // templates filled in later
  const problem = bucketProblem(bucket);
  // Upper case and underscores were allowed for us-east-1 buckets created before March 2018 (and are
  // common in documentation placeholders such as s3://my_bucket/): not certain enough to report.
  if (problem && !(/^[A-Za-z0-9._-]{3,63}$/.test(bucket) && bucketProblem(bucket.toLowerCase().replace(/_/g, '-')) === undefined)) {
    return { kind: 'malformed', message: `the bucket "${bucket}" in "${value}" ${problem}` };
  }
  return { kind: 'ok' };
}

/**
 * Where the SDK itself rejects or misreads anything but an s3:// URI (v2.257.6): ProcessingInput.source
 * is uploaded as a local path (processing.py L413-414), a ProcessingOutput.destination is replaced by
 * the SDK's own s3:// path (L476-477), Transformer.transform(data=) raises ValueError("Invalid S3 URI")
 * (transformer.py L253-254), and fit(inputs=) strings raise ValueError (job.py L212-220). Elsewhere
 * (output_path, s3_data, model_data) the URL reaches the service, whose S3Uri/Url patterns accept
 * https:// and AWS's own examples pass https URLs there, so only literals are reported there.
 */
export const BUILT_URL_EFFECTS: Record<string, string> = {
  source: 'ProcessingInput treats anything but s3:// as a local path and tries to upload it when the job is built',
  destination: 'ProcessingOutput replaces a destination that is not s3:// with its own s3://<default bucket>/... path, so the output goes elsewhere',
  data: 'Transformer.transform() raises ValueError("Invalid S3 URI: ...")',
  inputs: 'fit() raises ValueError (\'URI input ... must be a valid S3 or FILE URI: must start with "s3://" or "file://"\')',
};

/**
 * Literal-only sites where the SDK parses the location itself (v2.257.6): `code_location` goes through
 * parse_s3_url, which raises ValueError("Expecting 's3' scheme, got: https ...") (model.py L411,
 * estimator.py L1069-1105), and so does an estimator's `output_path` when the estimator uploads a script
 * (`entry_point`, `source_dir` or `dependencies`, estimator.py L996-1029 -> L1088/L1108).
 */
const PARSE_S3_URL_EFFECT = 'the SDK parses it with parse_s3_url(), which raises ValueError("Expecting \'s3\' scheme, got: https ...")';

/** What the SDK does with an https URL at a literal site, or undefined where the URL reaches the service unchanged. */
export function literalUrlEffect(model: SemanticModel, call: SyntaxNode, keyword: string): string | undefined {
  if (BUILT_URL_EFFECTS[keyword]) return BUILT_URL_EFFECTS[keyword];
  if (keyword === 'code_location') return PARSE_S3_URL_EFFECT;
  if (keyword === 'output_path') {
    const value = model.valueOf(call);
    const uploadsScript = ['entry_point', 'source_dir', 'dependencies'].some((name) => model.argument(call, name) !== undefined);
    if (value.kind === 'instance' && value.call === call && value.symbol.roles.includes('estimator') && uploadsScript) {
      return `to upload the training script ${PARSE_S3_URL_EFFECT}`;
    }
  }
  // output_path (no script), s3_data, model_data, checkpoint_s3_uri, ...: the service's S3Uri/Url
  // patterns, (https|s3)://([^/]+)/?(.*), accept https, and AWS's own examples pass https URLs there.
  return undefined;
}

export interface BuiltUrlSite {
  readonly keyword: string;
  /** The argument as written at the call. */
  readonly argument: SyntaxNode;
  readonly built: BuiltString;
  readonly bucket: string;
}

/** Arguments at BUILT_URL_EFFECTS sites that are not plain literals but build an https S3 URL. */
export function builtHttpsSites(model: SemanticModel, call: SyntaxNode): BuiltUrlSite[] {
  const candidates: { keyword: string; node: SyntaxNode }[] = [];
  const role = ioRole(model, call);
  const source = role === 'processing-input' ? model.argument(call, 'source', 0) : undefined;
  const destination = role === 'processing-output' ? model.argument(call, 'destination', 1) : undefined;
  if (source) candidates.push({ keyword: 'source', node: source });
  if (destination) candidates.push({ keyword: 'destination', node: destination });
  const value = model.valueOf(call);
  if (value.kind === 'method-call' && value.call === call) {
    if (value.name === 'transform' && hasRole(value.self, 'transformer')) {
      const data = model.argument(call, 'data', 0);
      if (data) candidates.push({ keyword: 'data', node: data });
    }
    if (value.name === 'fit' && hasRole(value.self, 'estimator')) {
      const inputs = model.argument(call, 'inputs', 0);
      const bare = inputs && unparenthesize(inputs);
      if (bare?.type === 'dictionary') {
        for (const pair of bare.children) {
          const channel = pair.type === 'pair' ? childByField(pair, 'value') : undefined;
          if (channel) candidates.push({ keyword: 'inputs', node: channel });
        }
      } else if (bare) candidates.push({ keyword: 'inputs', node: bare });
    }
  }
  const sites: BuiltUrlSite[] = [];
  for (const { keyword, node } of candidates) {
    if (plainStringValue(model.tree, node) !== undefined) continue; // SM518's literal check covers it
    const built = builtString(model, node);
    if (!built) continue;
    // Unknown parts become a neutral label: only the written text can make the URL an S3 one.
    const parsed = parseHttpsS3(built.text.split(HOLE).join('x'));
    if (parsed) sites.push({ keyword, argument: unparenthesize(node), built, bucket: parsed.bucket });
  }
  return sites;
}

function hasRole(value: Value, role: SdkRole): boolean {
  return value.kind === 'instance' && value.symbol.roles.includes(role);
}
