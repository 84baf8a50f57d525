/**
 * Cancellation: edits that arrive while a document is being analysed make the stale result be dropped
 * (never published over the newer one), and requests cancelled before they run are answered RequestCancelled.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { DocumentState } from '../../server/src/lsp/documents';
import { WasmPythonParser } from '../../server/src/parse/wasmParser';
import { DEFAULT_SETTINGS } from '../../server/src/config/settings';
import { pipelineModule } from '../../bench/corpus.mjs';
import { ProtocolClient, key } from '../protocol/client';

/** The server as the reliability tests run it: a 2 GB heap, and 30 s default waits. */
const start = (settings?: unknown) => ProtocolClient.start({ settings, nodeArgs: ['--max-old-space-size=2048'], timeout: 30_000 });

test('cancellation: a burst of edits during a long analysis publishes versions in order, ending with the newest', async () => {
  const client = await start();
  try {
    const uri = pathToFileURL('/tmp/sagelint-cancel/big.py').href;
    let text = pipelineModule(11, 10_000);
    await client.didOpen(uri, text);
    // While version 1 is analysed (hundreds of ms), versions 2..21 arrive: each adds a finding at the top.
    const edits = 20;
    for (let v = 2; v <= edits + 1; v++) {
      const insert = `print(bucket_${v % 5})\n`;
      await client.didChange(uri, v, [{ range: { start: { line: 20, character: 0 }, end: { line: 20, character: 0 } }, text: insert }]);
      text = text.split('\n').slice(0, 20).join('\n') + '\n' + insert + text.split('\n').slice(20).join('\n');
    }
    const final = await client.diagnostics(uri, edits + 1, 0, 60_000);
    const versions = client.published(uri).map((p) => p.version!);
    console.log(`  published versions: ${versions.join(', ')} (of 1..${edits + 1})`);
    // Never an older version after a newer one. The same version may be published twice: a finished
    // environment detection re-analyses every open document, possibly before the next change is read.
    for (let i = 1; i < versions.length; i++) assert.ok(versions[i] >= versions[i - 1], `version ${versions[i]} published after ${versions[i - 1]}`);
    // (How many are coalesced is asserted in the 300-edit burst test below.)
    // Nothing stale arrives afterwards.
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(client.published(uri).at(-1)!.version, edits + 1);
    const freshUri = pathToFileURL('/tmp/sagelint-cancel/fresh.py').href;
    await client.didOpen(freshUri, text);
    assert.deepEqual(final.map(key), (await client.diagnostics(freshUri, 1, 0, 60_000)).map(key));
  } finally {
    await client.dispose();
  }
});

test('a burst of 300 queued edits is analysed about once, for the newest version, not 300 times', async () => {
  const client = await start();
  try {
    const uri = pathToFileURL('/tmp/sagelint-cancel/burst.py').href;
    await client.didOpen(uri, pipelineModule(14, 2_000));
    await client.diagnostics(uri, 1, 0, 60_000);
    const before = client.published(uri).length;
    // 300 one-character insertions on a new line, written in one go so that they are all queued when the
    // server reads them (sent one by one, a loaded machine let the server analyse between them: 14 analyses).
    const edits = 300;
    const burst = [{ version: 2, changes: [{ range: { start: { line: 20, character: 0 }, end: { line: 20, character: 0 } }, text: '\n' }] }];
    for (let v = 3; v <= edits + 1; v++) {
      burst.push({ version: v, changes: [{ range: { start: { line: 20, character: v - 3 }, end: { line: 20, character: v - 3 } }, text: 'x' }] });
    }
    await client.didChangeBurst(uri, burst);
    const final = await client.diagnostics(uri, edits + 1, before, 60_000);
    await client.settle(300);
    const publishes = client.published(uri).slice(before);
    console.log(`  ${edits} queued edits: ${publishes.length} analyses published (versions ${publishes.map((p) => p.version).join(', ')})`);
    // Every analysis is published, so publications count analyses: each costs ~50 ms on 2,000 lines, and
    // analysing after every queued message (as before) published 300.
    assert.ok(publishes.length <= 10, `${publishes.length} analyses for one burst`);
    assert.equal(publishes.at(-1)!.version, edits + 1);
    const freshUri = pathToFileURL('/tmp/sagelint-cancel/burst-fresh.py').href;
    await client.didOpen(freshUri, client.text(uri));
    assert.deepEqual(final.map(key), (await client.diagnostics(freshUri, 1, 0, 60_000)).map(key));
  } finally {
    await client.dispose();
  }
});

test('cancellation: hover and code action requests cancelled before they run answer RequestCancelled', async () => {
  const client = await start();
  try {
    const uri = pathToFileURL('/tmp/sagelint-cancel/small.py').href;
    await client.didOpen(uri, pipelineModule(12, 200));
    await client.diagnostics(uri, 1);
    // Keep the server busy (a 10,000-line analysis) so that the requests and their cancellation arrive together.
    await client.didOpen(pathToFileURL('/tmp/sagelint-cancel/busy.py').href, pipelineModule(13, 10_000));
    await new Promise((r) => setTimeout(r, 100));
    const source = new CancellationTokenSource();
    const hover = client.hover(uri, { line: 10, character: 5 }, source.token);
    const action = client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, context: { diagnostics: [] } }, source.token);
    source.cancel();
    for (const request of [hover, action]) {
      await assert.rejects(request, (error: { code?: number }) => error.code === -32800);
    }
    // An uncancelled request still works afterwards.
    assert.ok(Array.isArray(await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, context: { diagnostics: [] } })));
  } finally {
    await client.dispose();
  }
});

test('cancellation: DocumentState never hands out the analysis of an older version', async () => {
  const parser = await WasmPythonParser.create();
  const state = new DocumentState('file:///c.py', 1, 'from sagemaker.workflow.parameters import ParameterString\np = ParameterString(name="P")\n');
  const first = state.analysis(parser, DEFAULT_SETTINGS);
  assert.equal(first.kind === 'analyzed' && first.analysis.findings.length, 0);
  state.applyChange({ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'print(p)\n' });
  state.version = 2;
  const second = state.analysis(parser, DEFAULT_SETTINGS);
  assert.notEqual(second, first);
  assert.deepEqual(second.kind === 'analyzed' && second.analysis.findings.map((f) => f.code), ['SM101']);
  assert.equal(state.analysis(parser, DEFAULT_SETTINGS), second, 'cached for the same version');
  state.dispose();
});
