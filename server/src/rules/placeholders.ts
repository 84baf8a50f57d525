/**
 * Unreplaced template placeholders: `"<YOUR-ROLE-ARN>"`, `"<For Seller to update: ...>"`,
 * `"s3://<your-bucket>/train"`. SM523 reports them once, where they are written; the rules that judge
 * the shape of a value (instance types, S3 URIs, role ARNs) leave them to it instead of calling them
 * malformed at every use.
 */

/** Words that tell a `<...>` placeholder from markup (`<b>`, `<br/>`) or a comparison in text. */
const PLACEHOLDER_WORDS = /(^|[^a-z])(your|my|update|replace|insert|enter|fill|here|todo|tbd|change|specify|placeholder|name|bucket|role|arn|account|region|id|key|prefix|path|uri|url|type|instance|seller|project|value)([^a-z]|$)/i;

/** A language model's special token (`<|eot_id|>`, `<fim-prefix>`, `</s>`): text a prompt needs as is. */
function isModelToken(content: string): boolean {
  return /\|/.test(content) || /^\/|^fim[-_]/i.test(content);
}

/** The `<...>` part of a value that is a placeholder, or undefined. */
export function placeholderIn(value: string): string | undefined {
  const trimmed = value.trim();
  const whole = /^<([^<>]{2,})>$/.exec(trimmed);
  if (whole && /[a-z]/i.test(whole[1]) && !isModelToken(whole[1]) && PLACEHOLDER_WORDS.test(whole[1])) return trimmed;
  // Inside a URI or ARN: s3://<your-bucket>/data, arn:aws:iam::<account-id>:role/<role-name>.
  if (/^(s3:\/\/|s3a:\/\/|https?:\/\/|arn:)/i.test(trimmed)) {
    const part = /<([^<>]{2,})>/.exec(trimmed);
    if (part && PLACEHOLDER_WORDS.test(part[1])) return part[0];
  }
  return undefined;
}
