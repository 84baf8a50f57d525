/**
 * The lengths of the common prefix and common suffix of two texts, compared character by character: what
 * an edit left unchanged at either end. `known` gives lengths already known to be equal (whole notebook
 * cells), so the comparison starts past them; the two never overlap. With `keepLineBreaks`, a \r\n pair is
 * never split between the unchanged and the changed part: a line index would count the break on one side only.
 */
export function commonAffixes(
  before: string,
  after: string,
  known: { prefix?: number; suffix?: number } = {},
  keepLineBreaks = false,
): { prefix: number; suffix: number } {
  const shorter = Math.min(before.length, after.length);
  let prefix = known.prefix ?? 0;
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = Math.min(known.suffix ?? 0, Math.max(0, shorter - prefix));
  while (suffix < shorter - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  if (keepLineBreaks) {
    if (prefix > 0 && before.charCodeAt(prefix - 1) === 13) prefix--;
    if (suffix > 0 && before.charCodeAt(before.length - suffix) === 10) suffix--;
  }
  return { prefix, suffix };
}
