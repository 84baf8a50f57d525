/**
 * Incremental document sync: after every didChange the diagnostics must equal those of a fresh
 * didOpen of the same final text (the server edits its text and its tree-sitter tree incrementally).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { ProtocolClient, codes, comparable, docUri, positionAt, rangeOf } from './client';
import { SAMPLE, SMALL } from './samples';

let client: ProtocolClient;
before(async () => {
  client = await ProtocolClient.start();
});
after(async () => {
  await client?.dispose();
});

const at = (line: number, character: number) => ({ line, character });
const range = (sl: number, sc: number, el: number, ec: number) => ({ start: at(sl, sc), end: at(el, ec) });

/** Sends one didChange and checks the result against a fresh open of the client's copy of the text. */
async function step(uri: string, changes: TextDocumentContentChangeEvent[], label: string): Promise<Diagnostic[]> {
  const incremental = await client.changeAndWait(uri, changes);
  const fresh = await client.freshWithFixes(client.text(uri));
  assert.deepEqual(comparable(incremental), comparable(fresh.diagnostics), `${label}: incremental and fresh diagnostics differ for\n${client.text(uri)}`);
  assert.deepEqual(await client.quickFixes(uri, incremental), fresh.fixes, `${label}: incremental and fresh quick fixes differ for\n${client.text(uri)}`);
  return incremental;
}

test('insert, delete, multi-line replace and full-text changes', async () => {
  const uri = docUri('edits');
  assert.deepEqual(codes(await client.open(uri, SMALL)), ['2:6 SM101', '3:16 SM102']);
  // Insert a new finding line.
  let d = await step(uri, [{ range: range(3, 0, 3, 0), text: 'name = f"run-{bucket}"\n' }], 'insert a line');
  assert.deepEqual(codes(d), ['2:6 SM101', '3:14 SM101', '4:16 SM102']);
  // Insert characters inside a line (moves the finding right).
  d = await step(uri, [{ range: range(2, 6, 2, 6), text: '"b:", ' }], 'insert in a line');
  assert.deepEqual(codes(d), ['2:12 SM101', '3:14 SM101', '4:16 SM102']);
  // Delete a whole line.
  d = await step(uri, [{ range: range(2, 0, 3, 0), text: '' }], 'delete a line');
  assert.deepEqual(codes(d), ['2:14 SM101', '3:16 SM102']);
  // Delete across lines, joining them.
  d = await step(uri, [{ range: range(2, 22, 3, 0), text: '; ' }], 'join two lines');
  assert.deepEqual(codes(d), ['2:14 SM101', '2:40 SM102']);
  // Multi-line replacement that introduces an if-block.
  d = await step(uri, [{ range: range(2, 0, 2, 24), text: 'if bucket:\n    x = 1\nelse:\n    y = str(bucket)\n' }], 'multi-line insert');
  assert.ok(d.some((x) => x.code === 'SM103'), 'if bucket: is SM103');
  // A half-typed line (syntax error) and its completion.
  await step(uri, [{ range: range(0, 0, 0, 0), text: 'print(bucket\n' }], 'broken syntax');
  await step(uri, [{ range: range(0, 12, 0, 12), text: ')' }], 'closed paren');
  // Full-text replacement (no range).
  d = await step(uri, [{ text: SAMPLE }], 'full text');
  assert.deepEqual(codes(d), ['4:6 SM101', '5:16 SM101', '6:4 SM101']);
  // Delete everything.
  d = await step(uri, [{ range: range(0, 0, 99, 0), text: '' }], 'delete all');
  assert.deepEqual(d, []);
  await client.close(uri);
});

test('several changes in one notification apply in order', async () => {
  const uri = docUri('multi');
  await client.open(uri, SMALL);
  const d = await step(uri, [
    { range: range(2, 0, 2, 0), text: 'a = str(bucket)\n' }, // line 2 is now the str() line
    { range: range(0, 0, 0, 0), text: '# header\n' }, // everything moves down
    { range: range(3, 4, 3, 15), text: 'bucket.to_string()' }, // the str() just inserted, now on line 3
    { range: range(5, 16, 5, 22), text: 'bucket' }, // same text: a no-op replacement
    { range: range(4, 5, 4, 5), text: '(' }, // print((bucket
    { range: range(4, 13, 4, 13), text: ')' }, // print((bucket))
  ], 'batch');
  assert.equal(client.text(uri).split('\n')[3], 'a = bucket.to_string()');
  assert.deepEqual(codes(d), ['4:6 SM101', '5:16 SM102']);
  await client.close(uri);
});

test('CRLF documents: positions, inserting and deleting line breaks', async () => {
  const uri = docUri('crlf');
  const text = SMALL.replace(/\n/g, '\r\n');
  assert.deepEqual(codes(await client.open(uri, text)), ['2:6 SM101', '3:16 SM102']);
  let d = await step(uri, [{ range: range(2, 0, 2, 0), text: 'x = f"{bucket}"\r\n' }], 'insert CRLF line');
  assert.deepEqual(codes(d), ['2:7 SM101', '3:6 SM101', '4:16 SM102']);
  // Remove a line break (the \r\n between lines 2 and 3).
  d = await step(uri, [{ range: range(2, 15, 3, 0), text: '; ' }], 'join CRLF lines');
  assert.deepEqual(codes(d), ['2:7 SM101', '2:23 SM101', '3:16 SM102']);
  // A column past the end of a line means its end (before \r\n).
  d = await step(uri, [{ range: range(2, 500, 2, 500), text: '  # noqa: SM101' }], 'column past line end');
  assert.deepEqual(codes(d), ['3:16 SM102']);
  assert.ok(client.text(uri).includes('print(bucket)  # noqa: SM101\r\n'));
  // Noqa fix edits on CRLF text keep the file's line breaks.
  const [finding] = d;
  const [, noqa] = await client.codeActions(uri, finding.range, [finding]);
  d = await client.applyWorkspaceEdit(uri, noqa.edit);
  assert.deepEqual(d, []);
  assert.ok(!/[^\r]\n/.test(client.text(uri)), 'still CRLF only');
  // The quick fix that inserts an import uses \r\n too.
  await step(uri, [{ range: range(4, 0, 4, 0), text: 'u = f"s3://{bucket}/x"\r\n' }], 'f-string line');
  const fstring = client.latest(uri)!.diagnostics.find((x) => x.range.start.line === 4)!;
  const [join] = await client.codeActions(uri, fstring.range, [fstring]);
  assert.match(join.title, /Join/);
  await client.applyWorkspaceEdit(uri, join.edit);
  assert.ok(client.text(uri).includes('import Join\r\n'), 'the import line ends with \\r\\n');
  assert.ok(!/[^\r]\n/.test(client.text(uri)), 'still CRLF only after the Join fix');
  await client.close(uri);
});

test('UTF-16 columns: emoji and other astral characters before a finding', async () => {
  const uri = docUri('emoji');
  const text = SMALL.replace('print(bucket)', 'label = "🚀🚀"; print(bucket)');
  let d = await client.open(uri, text);
  assert.deepEqual(d[0].range, rangeOf(text, 'bucket', 1), 'the finding after two emoji');
  assert.equal(d[0].range.start.character, 'label = "🚀🚀"; print('.length);
  assert.equal(d[0].range.start.character, 22, 'two surrogate pairs count 4 columns');
  // Insert one more emoji between the others (UTF-16 column 10 is after the first emoji).
  d = await step(uri, [{ range: range(2, 11, 2, 11), text: '🎉' }], 'emoji inserted');
  assert.equal(d[0].range.start.character, 24);
  // Delete the first emoji: two code units.
  d = await step(uri, [{ range: range(2, 9, 2, 11), text: '' }], 'emoji deleted');
  assert.equal(d[0].range.start.character, 22);
  // Emoji on a line above, and a combining sequence.
  d = await step(uri, [{ range: range(2, 0, 2, 0), text: '# 👩‍👩‍👧 family 𝔘𝔫𝔦𝔠𝔬𝔡𝔢\n' }], 'emoji comment line');
  assert.deepEqual(codes(d), ['3:22 SM101', '4:16 SM102']);
  // Hover and code actions use the same columns.
  const hover = await client.hover(uri, { line: 3, character: 24 });
  assert.ok(hover, 'hover on bucket after emoji');
  assert.deepEqual(hover.range, d[0].range);
  const [fix] = await client.codeActions(uri, d[0].range, [d[0]]);
  d = await client.applyWorkspaceEdit(uri, fix.edit);
  assert.ok(client.text(uri).includes('label = "🎉🚀"; print(bucket.expr)'));
  assert.deepEqual(codes(d), ['4:16 SM102']);
  await client.close(uri);
});

/** A deterministic pseudo-random sequence of edits, each checked against a fresh open. */
test('a pseudo-random edit sequence stays equal to fresh analyses', async () => {
  const uri = docUri('random');
  await client.open(uri, SAMPLE);
  let seed = 12345;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const snippets = ['bucket', ' + "x"', 'print(', ')', '\n', 'f"{bucket}"', 'str(bucket)', '🚀', '\r\n', ' if bucket else 0', '# c\n', '"', 'ExecutionVariables.PIPELINE_NAME', '\r', 'x\ry'];
  for (let i = 0; i < 40; i++) {
    const text = client.text(uri);
    const start = random(text.length + 1);
    const end = Math.min(text.length, start + (random(3) === 0 ? random(12) : 0));
    let s = start;
    let e = end;
    // Never split a surrogate pair.
    if (s > 0 && /[\uDC00-\uDFFF]/.test(text[s] ?? '')) s--;
    if (e > 0 && /[\uDC00-\uDFFF]/.test(text[e] ?? '')) e++;
    // Never split a \r\n pair.
    if (text[s - 1] === '\r' && text[s] === '\n') s--;
    if (text[e - 1] === '\r' && text[e] === '\n') e++;
    const change = { range: { start: positionAt(text, s), end: positionAt(text, Math.max(s, e)) }, text: snippets[random(snippets.length)] };
    await step(uri, [change], `random edit ${i} ${JSON.stringify(change)}`);
  }
  await client.close(uri);
});

test('a burst of changes: only the newest version is published last, never a stale one after it', async () => {
  const uri = docUri('burst');
  await client.open(uri, SMALL);
  const before = client.published(uri).length;
  let version = 1;
  // Type `print(bucket)` on a new line one character at a time, without waiting.
  const typed = '\nprint(str(bucket))';
  let column = 0;
  let line = 3;
  for (const char of typed) {
    if (char === '\n') {
      version = await client.change(uri, [{ range: range(line, 22, line, 22), text: char }]);
      line++;
      column = 0;
      continue;
    }
    version = await client.change(uri, [{ range: range(line, column, line, column), text: char }]);
    column++;
  }
  const final = await client.diagnostics(uri, version, before);
  await client.settle();
  const publishes = client.published(uri).slice(before);
  const versions = publishes.map((p) => p.version!);
  assert.equal(versions[versions.length - 1], version, `the last publication carries version ${version}: ${versions}`);
  assert.deepEqual([...versions].sort((a, b) => a - b), versions, `versions only increase: ${versions}`);
  assert.ok(versions.length <= typed.length, 'at most one publication per change');
  const fresh = await client.freshWithFixes(client.text(uri));
  assert.deepEqual(comparable(final), comparable(fresh.diagnostics));
  assert.deepEqual(await client.quickFixes(uri, final), fresh.fixes);
  assert.deepEqual(codes(final), ['2:6 SM101', '3:16 SM102', '4:6 SM101']);
  // Each publication's data carries its own version.
  for (const p of publishes) for (const d of p.diagnostics) assert.equal((d.data as { version: number }).version, p.version);
  await client.close(uri);
});
