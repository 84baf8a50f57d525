/**
 * Publications on stdio are written from the findings (server/src/lsp/publication.ts), not serialised
 * from diagnostic objects: what the client receives must be the JSON.stringify text of the diagnostics,
 * framed with its length in bytes, and the same as a fresh analysis of the same text after any edit:
 * positions after an edit above a finding, each diagnostic's data (its version), the quick fixes made for it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { pipelineModule } from '../../bench/corpus.mjs';
import { ProtocolClient, comparable, docUri } from './client';

const frames: { header: string; body: Buffer }[] = [];
let pending = Buffer.alloc(0);
let client: ProtocolClient;

/** Cuts the server's stdout into frames as the base protocol defines them. */
function read(chunk: Buffer): void {
  pending = Buffer.concat([pending, chunk]);
  for (;;) {
    const end = pending.indexOf('\r\n\r\n');
    if (end < 0) return;
    const header = pending.subarray(0, end).toString('ascii');
    const length = Number(/^Content-Length: (\d+)$/.exec(header)?.[1]);
    if (pending.length < end + 4 + length) return;
    frames.push({ header, body: pending.subarray(end + 4, end + 4 + length) });
    pending = pending.subarray(end + 4 + length);
  }
}

before(async () => {
  client = await ProtocolClient.start({ onStdout: read });
});
after(async () => {
  await client?.dispose();
});

// Names the messages quote: non-ASCII, astral and a lone surrogate (JSON.stringify escapes that one).
const UNICODE = ['', 'from sagemaker.workflow.parameters import ParameterString', 'odd = ParameterString(name="Bücket ✓ 😀 \ud800 \\"q\\"")', 'print(odd)', 'key = "data/é" + odd', ''].join('\n');

test('publications are the JSON text of fresh analyses, framed with their length in bytes, after edits above, below and inside findings', async () => {
  const uri = docUri('publication');
  let diagnostics = await client.open(uri, pipelineModule(5, 400) + UNICODE);
  assert.ok(diagnostics.length > 20, `${diagnostics.length} diagnostics`);
  assert.ok(diagnostics.some((d) => typeof d.message === 'string' && d.message.includes('Bücket ✓ 😀 \ud800')), 'a message quotes the non-ASCII name');
  const lastLine = () => client.text(uri).split('\n').length - 1;
  const edits = [
    { label: 'two lines above every finding', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# é\n# 😀\n' },
    { label: 'a comment at the end', range: { start: { line: lastLine() + 2, character: 0 }, end: { line: lastLine() + 2, character: 0 } }, text: '# end\n' },
    { label: 'a character inside the line of a finding', range: { start: { line: lastLine() - 1, character: 7 }, end: { line: lastLine() - 1, character: 7 } }, text: 'x' },
    { label: 'the two lines removed again', range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } }, text: '' },
  ];
  for (const edit of edits) {
    const version = await client.change(uri, [{ range: edit.range, text: edit.text }]);
    diagnostics = await client.diagnostics(uri, version);
    for (const d of diagnostics) assert.deepEqual(d.data, { version }, `${edit.label}: each diagnostic carries the version published`);
    const fresh = await client.freshWithFixes(client.text(uri));
    assert.deepEqual(comparable(diagnostics), comparable(fresh.diagnostics), `${edit.label}: the diagnostics of a fresh analysis`);
    assert.deepEqual(diagnostics.map((d) => d.codeDescription), fresh.diagnostics.map((d) => d.codeDescription));
    assert.deepEqual(await client.quickFixes(uri, diagnostics), fresh.fixes, `${edit.label}: the quick fixes of a fresh analysis`);
  }
  await client.settle();
  const publications = frames.filter((frame) => frame.body.includes('"textDocument/publishDiagnostics"'));
  assert.ok(publications.length >= 1 + 2 * edits.length, `${publications.length} publications`);
  for (const { header, body } of frames) {
    assert.equal(header, `Content-Length: ${body.length}`);
    const text = body.toString('utf8');
    assert.ok(Buffer.from(JSON.stringify(JSON.parse(text)), 'utf8').equals(body), `not the JSON.stringify text: ${text.slice(0, 300)}`);
  }
  const unicode = publications.filter((frame) => frame.body.toString('utf8').includes('Bücket ✓ 😀 \\ud800'));
  assert.ok(unicode.length >= 1 + edits.length, 'the messages with non-ASCII names were published, the lone surrogate escaped');
  await client.close(uri);
});

test('a publication read back is the diagnostics the server makes for code actions', async () => {
  const uri = docUri('roundtrip');
  const diagnostics: Diagnostic[] = await client.open(uri, UNICODE);
  const actions = await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } }, diagnostics);
  // Code actions resolve the client's diagnostics against the server's own: they must match exactly.
  assert.ok(actions.length >= 2, `${actions.length} code actions`);
  for (const action of actions.filter((a) => a.kind === 'quickfix')) assert.ok(action.diagnostics?.every((d) => diagnostics.some((p) => JSON.stringify(p) === JSON.stringify(d))), action.title);
  await client.close(uri);
});
