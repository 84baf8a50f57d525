// Writes a data file whose large members are parsed entry by entry on first use (server/src/io/lazyJson.ts
// reads it; see there for why). Used by the build (esbuild.config.mjs) for the SDK signature tables.

/**
 * The lazy form of `data` (a JSON object): `lazy` names its members (objects or arrays) whose entries are
 * each kept as JSON text and parsed when first asked for; the other members are parsed at once.
 * Layout: one line of header JSON, then the body, the entries' texts one after another, each ended by a
 * line break (JSON text has none of its own: a line break inside a string is written as an escape):
 *   {"lazyJson":2,"eager":{...},"lazy":{"<member>":{"<key>":start,...} or [start,...]}}\n<entry>\n<entry>\n...
 * Offsets are indices into the body, which is the text after the first line break; an entry ends at the
 * next line break. A start alone rather than a [start, end] pair: the index of the v3 table has 11,000
 * entries, and reading 11,000 small arrays took about twice as long as reading the numbers (and made
 * 11,000 objects for the collector) on the first analysis after a start.
 * The text is ASCII: every other character is written as a JSON escape (\u00e9), which JSON.parse reads back
 * as the same character. A few hundred non-ASCII characters in docstrings and enum values made Node decode
 * the whole file into a two-byte string: twice the memory for as long as the server runs (the text is kept
 * for the entries not parsed yet), and a slower read on the first analysis after a start.
 */
export function lazyJsonText(data, lazy) {
  const eager = {};
  const index = {};
  const body = [];
  let offset = 0;
  const entry = (value) => {
    const text = asciiJson(value);
    body.push(text, '\n');
    const start = offset;
    offset += text.length + 1;
    return start;
  };
  for (const [member, value] of Object.entries(data)) {
    if (!lazy.includes(member)) {
      eager[member] = value;
      continue;
    }
    if (Array.isArray(value)) index[member] = value.map(entry);
    else index[member] = Object.fromEntries(Object.entries(value).map(([key, item]) => [key, entry(item)]));
  }
  return `${asciiJson({ lazyJson: 2, eager, lazy: index })}\n${body.join('')}`;
}

/** JSON.stringify with every non-ASCII character escaped (outside strings JSON has none, so only string contents change). */
function asciiJson(value) {
  return JSON.stringify(value).replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
