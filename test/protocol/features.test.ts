/**
 * The built server over stdio: initialize, diagnostics on open, hovers, code actions (applied
 * client-side and sent back), odd documents and requests, shutdown/exit.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic, MarkupContent } from 'vscode-languageserver-protocol';
import { ProtocolClient, applyEdits, codes, docUri, rangeOf } from './client';
import { PLAIN, SAMPLE } from './samples';

let client: ProtocolClient;
before(async () => {
  client = await ProtocolClient.start();
});
after(async () => {
  await client?.dispose();
});

const markdown = (hover: { contents: unknown } | null) => {
  assert.ok(hover, 'expected a hover');
  const contents = hover.contents as MarkupContent;
  assert.equal(contents.kind, 'markdown');
  return contents.value;
};

// Diagnostics of one publication share their `{version}` and each rule's link (lsp/server.ts toDiagnostic):
// documents at other versions, published in turn, must each still carry their own version.
test('documents published in turn carry each their own version in every diagnostic', async () => {
  const first = docUri('versions-a');
  const second = docUri('versions-b');
  const versions = (diagnostics: Diagnostic[]) => [...new Set(diagnostics.map((d) => (d.data as { version: number }).version))];
  assert.deepEqual(versions(await client.open(first, SAMPLE, 3)), [3]);
  assert.deepEqual(versions(await client.open(second, SAMPLE, 9)), [9]);
  assert.deepEqual(versions(await client.changeAndWait(first, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# a\n' }])), [4]);
  assert.deepEqual(versions(await client.changeAndWait(second, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# b\n' }])), [10]);
  const links = (await client.changeAndWait(first, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# c\n' }])).map((d) => d.codeDescription?.href);
  assert.ok(links.length > 0 && links.every((href) => href?.endsWith('/SM101.md')), 'each diagnostic links its rule');
  await client.close(first);
  await client.close(second);
});

test('initialize: incremental sync, hover, quick fixes and source.fixAll.sagelint', () => {
  const { capabilities, serverInfo } = client.initializeResult;
  assert.equal(serverInfo?.name, 'sagelint');
  const sync = capabilities.textDocumentSync;
  assert.ok(sync && typeof sync === 'object', 'textDocumentSync options');
  assert.equal(sync.openClose, true);
  assert.equal(sync.change, 2, 'TextDocumentSyncKind.Incremental');
  assert.equal(capabilities.hoverProvider, true);
  const codeActions = capabilities.codeActionProvider;
  assert.ok(codeActions && typeof codeActions === 'object');
  assert.ok(codeActions.codeActionKinds?.includes('quickfix'));
  assert.ok(codeActions.codeActionKinds?.includes('source.fixAll.sagelint'));
});

test('didOpen publishes the findings with codes, ranges, source and the document version', async () => {
  const uri = docUri('open');
  const diagnostics = await client.open(uri, SAMPLE, 7);
  assert.equal(client.latest(uri)?.version, 7);
  assert.deepEqual(codes(diagnostics), ['4:6 SM101', '5:16 SM101', '6:4 SM101']);
  assert.deepEqual(diagnostics[0].range, rangeOf(SAMPLE, 'ExecutionVariables.PIPELINE_EXECUTION_ID', 0));
  assert.deepEqual(diagnostics[1].range, rangeOf(SAMPLE, 'ExecutionVariables.PIPELINE_EXECUTION_ID', 1));
  assert.deepEqual(diagnostics[2].range, rangeOf(SAMPLE, 'str(bucket)'));
  for (const d of diagnostics) {
    assert.equal(d.source, 'sagelint');
    assert.equal(d.severity, 1);
    assert.match(d.codeDescription?.href ?? '', /SM101\.md$/);
    // The version only: fixes and noqa edits are made by code actions, not sent with every publication.
    assert.deepEqual(d.data, { version: 7 });
  }
  assert.match(String(diagnostics[0].message), /print\(\) calls str\(\)/);
  await client.close(uri);
  const cleared = await client.until('empty diagnostics after close', () => client.latest(uri)?.diagnostics.length === 0 && client.latest(uri));
  assert.deepEqual(cleared.diagnostics, []);
});

test('a document that never mentions sagemaker gets empty diagnostics', async () => {
  const uri = docUri('plain');
  assert.deepEqual(await client.open(uri, PLAIN), []);
  assert.equal(await client.hover(uri, { line: 3, character: 10 }), null);
  assert.deepEqual(await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 4, character: 0 } }, [], ['source.fixAll']), []);
  await client.close(uri);
});

test('hover: ExecutionVariables (use and import), a member, a ParameterString name, plain Python', async () => {
  const uri = docUri('hover');
  await client.open(uri, SAMPLE);
  for (const occurrence of [0, 1]) {
    const range = rangeOf(SAMPLE, 'ExecutionVariables', occurrence);
    const hover = await client.hover(uri, { line: range.start.line, character: range.start.character + 3 });
    const text = markdown(hover);
    assert.match(text, /\(class\) ExecutionVariables/, `occurrence ${occurrence}`);
    for (const member of ['START_DATETIME', 'PIPELINE_EXECUTION_ID', 'PROCESSING_JOB_NAME']) assert.ok(text.includes(member), member);
    assert.deepEqual(hover!.range, range);
  }

  const member = rangeOf(SAMPLE, 'PIPELINE_EXECUTION_ID', 1);
  const hover = await client.hover(uri, member.start);
  const text = markdown(hover);
  assert.deepEqual(hover!.range, member, 'the range is the member only');
  assert.match(text, /Resolves, when the pipeline runs, to: \*\*The Id of an execution/);
  assert.ok(text.includes('Execution.PipelineExecutionId'));
  for (const needle of ['.expr', '.to_string()', 'Join']) assert.ok(text.includes(needle), `mentions ${needle}`);

  const name = rangeOf(SAMPLE, 'bucket', 1); // str(bucket)
  const variable = markdown(await client.hover(uri, { line: name.start.line, character: name.start.character + 2 }));
  assert.match(variable, /\(pipeline variable\) bucket: ParameterString/);
  assert.match(variable, /named "Bucket"/);
  const target = markdown(await client.hover(uri, rangeOf(SAMPLE, 'bucket', 0).start));
  assert.match(target, /bucket: ParameterString/, 'the assignment target');

  const cls = markdown(await client.hover(uri, rangeOf(SAMPLE, 'ParameterString', 1).start));
  assert.match(cls, /\(class\) ParameterString\(name: str/);

  for (const needle of ['total', '1 + 2', 'print']) {
    assert.equal(await client.hover(uri, rangeOf(SAMPLE, needle).start), null, `no hover on ${needle}`);
  }
  assert.equal(await client.hover(uri, { line: 2, character: 0 }), null, 'empty line');
  assert.equal(await client.hover(uri, { line: 400, character: 90 }), null, 'past the end');
  await client.close(uri);
});

function actionsFor(actions: CodeAction[], title: RegExp): CodeAction {
  const action = actions.find((a) => title.test(a.title));
  assert.ok(action, `no action matching ${title} in ${JSON.stringify(actions.map((a) => a.title))}`);
  return action;
}

test('quick fix for an f-string: Join, preferred, with the import; applied, the finding goes away', async () => {
  const uri = docUri('fstring');
  const diagnostics = await client.open(uri, SAMPLE);
  const finding = diagnostics.find((d) => d.range.start.line === 5)!;
  const actions = await client.codeActions(uri, finding.range, [finding]);
  assert.deepEqual(actions.map((a) => a.kind), ['quickfix', 'quickfix']);
  const fix = actionsFor(actions, /Join/);
  assert.equal(fix.isPreferred, true);
  assert.deepEqual(fix.diagnostics, [finding]);
  const edits = ProtocolClient.editsFor(fix.edit, uri);
  assert.ok(edits.some((e) => e.newText.includes('from sagemaker.workflow.functions import Join')), 'adds the import');
  assert.ok(edits.some((e) => e.newText === 'Join(on="", values=["s3://x/", ExecutionVariables.PIPELINE_EXECUTION_ID, "/out"])'));
  const after = await client.applyWorkspaceEdit(uri, fix.edit);
  const text = client.text(uri);
  assert.match(text, /^from sagemaker\.workflow\.functions import Join$/m);
  assert.match(text, /^uri = Join\(on="", values=\["s3:\/\/x\/", ExecutionVariables\.PIPELINE_EXECUTION_ID, "\/out"\]\)$/m);
  assert.deepEqual(codes(after), ['5:6 SM101', '7:4 SM101'], 'the f-string finding is gone, the others moved down a line');
  await client.close(uri);
});

test('quick fix for print: .expr, marked unsafe and not preferred; noqa action; both clear the finding', async () => {
  const uri = docUri('print');
  const diagnostics = await client.open(uri, SAMPLE);
  const finding = diagnostics.find((d) => d.range.start.line === 4)!;
  const actions = await client.codeActions(uri, finding.range, [finding]);
  const fix = actionsFor(actions, /\.expr/);
  assert.match(fix.title, /unsafe/);
  assert.notEqual(fix.isPreferred, true);
  assert.deepEqual(ProtocolClient.editsFor(fix.edit, uri).map((e) => e.newText), ['ExecutionVariables.PIPELINE_EXECUTION_ID.expr']);
  const noqa = actionsFor(actions, /^Disable SM101 for this line$/);
  assert.equal(noqa.kind, 'quickfix');

  const fixed = await client.applyWorkspaceEdit(uri, fix.edit);
  assert.match(client.text(uri), /^print\(ExecutionVariables\.PIPELINE_EXECUTION_ID\.expr\)$/m);
  assert.deepEqual(codes(fixed), ['5:16 SM101', '6:4 SM101']);

  // noqa on the str() line.
  const str = fixed.find((d) => d.range.start.line === 6)!;
  const strActions = await client.codeActions(uri, str.range, [str]);
  const disable = actionsFor(strActions, /^Disable SM101 for this line$/);
  const afterNoqa = await client.applyWorkspaceEdit(uri, disable.edit);
  assert.match(client.text(uri), /^a = str\(bucket\) {2}# noqa: SM101$/m);
  assert.deepEqual(codes(afterNoqa), ['5:16 SM101']);
  await client.close(uri);
});

test('code actions asked with an older version\'s diagnostics answer for the current version; foreign diagnostics are ignored', async () => {
  // An editor asks right after an edit, before the new diagnostics reached it (Ctrl+. just after typing).
  const uri = docUri('stale-actions');
  const diagnostics = await client.open(uri, SAMPLE);
  const print = diagnostics.find((d) => d.range.start.line === 4)!;
  // A line inserted above the finding: the stale diagnostic's fix data points one line too high.
  await client.didChange(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' }]);
  const moved = { start: { line: 5, character: print.range.start.character }, end: { line: 5, character: print.range.end.character } };
  const actions = await client.codeActions(uri, moved, [print]);
  const titles = actions.map((a) => a.title);
  assert.deepEqual(titles, ['Print the definition: ExecutionVariables.PIPELINE_EXECUTION_ID.expr (unsafe fix)', 'Disable SM101 for this line'], 'each offered once');
  const expr = ProtocolClient.editsFor(actionsFor(actions, /\.expr/).edit, uri);
  assert.deepEqual(expr.map((e) => e.range.start.line), [5], 'the edit fits version 2 (line 6), not version 1 (line 5)');
  assert.deepEqual((actions[0].diagnostics?.[0].data as { version: number }).version, 2);
  // The finding is gone in the current version: nothing is offered for its stale diagnostic.
  await client.didChange(uri, 3, [{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 100 } }, text: 'print("plain")' }]);
  assert.deepEqual(await client.codeActions(uri, moved, [print]), [], 'no finding of that code there any more');
  const foreign: Diagnostic = { range: diagnostics[1].range, message: 'x', source: 'pyright', code: 'reportFoo' };
  assert.deepEqual(await client.codeActions(uri, diagnostics[1].range, [foreign]), []);
  await client.close(uri);
});

test('source.fixAll.sagelint applies every safe fix (not the unsafe print fix) and is idempotent', async () => {
  const uri = docUri('fixall');
  await client.open(uri, SAMPLE);
  const whole = { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } };
  for (const only of [['source.fixAll'], ['source.fixAll.sagelint'], ['source']]) {
    const actions = await client.codeActions(uri, whole, [], only);
    assert.equal(actions.length, 1, `only=${only}`);
    assert.equal(actions[0].kind, 'source.fixAll.sagelint');
  }
  assert.deepEqual(await client.codeActions(uri, whole, [], ['quickfix']), [], 'no diagnostics, only quick fixes: nothing');
  const [fixAll] = await client.codeActions(uri, whole, [], ['source.fixAll']);
  const expected = applyEdits(client.text(uri), ProtocolClient.editsFor(fixAll.edit, uri));
  const after = await client.applyWorkspaceEdit(uri, fixAll.edit);
  assert.equal(client.text(uri), expected);
  assert.match(expected, /^a = bucket\.to_string\(\)$/m);
  assert.match(expected, /^uri = Join\(/m);
  assert.deepEqual(codes(after), ['5:6 SM101'], 'only the unsafe print() finding is left');
  assert.deepEqual(await client.codeActions(uri, whole, [], ['source.fixAll']), [], 'nothing left to fix');
  await client.close(uri);
});

test('versioned edits when the client supports documentChanges', async () => {
  const versioned = await ProtocolClient.start({ documentChanges: true });
  try {
    const uri = docUri('versioned');
    const diagnostics = await versioned.open(uri, SAMPLE, 3);
    const [action] = await versioned.codeActions(uri, diagnostics[2].range, [diagnostics[2]]);
    const change = action.edit?.documentChanges?.[0];
    assert.ok(change && 'textDocument' in change);
    assert.deepEqual(change.textDocument, { uri, version: 3 });
    assert.deepEqual(codes(await versioned.applyWorkspaceEdit(uri, action.edit)), ['4:6 SM101', '5:16 SM101']);
  } finally {
    await versioned.dispose();
  }
});

test('requests about unknown or closed documents are answered', async () => {
  const unknown = 'file:///sagelint-protocol/never-opened.py';
  const position = { line: 0, character: 0 };
  assert.equal(await client.hover(unknown, position), null);
  assert.deepEqual(await client.codeActions(unknown, { start: position, end: position }, [], ['source.fixAll']), []);
  const uri = docUri('closed');
  await client.open(uri, SAMPLE);
  await client.close(uri);
  assert.equal(await client.hover(uri, rangeOf(SAMPLE, 'PIPELINE_EXECUTION_ID', 1).start), null);
  // A change to a closed document is ignored without a crash; the server still answers.
  await client.notifyServer('textDocument/didChange', { textDocument: { uri, version: 9 }, contentChanges: [{ text: SAMPLE }] });
  assert.equal(await client.hover(uri, position), null);
  await assert.rejects(client.request('sagelint/noSuchMethod', {}), /Unhandled method|not found/i);
});

test('a document over 5 MB: one clear message, empty diagnostics, no crash', async () => {
  const uri = docUri('huge');
  const line = 'value = "sagemaker pipelines are configured in python code here"  # padding padding\n';
  const text = `from sagemaker.workflow.parameters import ParameterString\nbucket = ParameterString(name="B")\nprint(bucket)\n${line.repeat(Math.ceil((5.2 * 1024 * 1024) / line.length))}`;
  const logsBefore = client.logs.length;
  const shownBefore = client.shown.length;
  assert.deepEqual(await client.open(uri, text), []);
  const shown = await client.until('a message about the large file', () => client.shown.length > shownBefore && client.shown.slice(shownBefore));
  assert.equal(shown.length, 1);
  assert.match(shown[0].message, /skipped/i);
  assert.match(shown[0].message, /5 MB/);
  assert.equal(client.logs.slice(logsBefore).filter((l) => /skipped/.test(l.message)).length, 1);
  // Editing it again does not repeat the message.
  assert.deepEqual(await client.changeAndWait(uri, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: '# more\n' }]), []);
  assert.equal(await client.hover(uri, { line: 2, character: 7 }), null);
  assert.equal(client.shown.length, shownBefore + 1);
  // Cut back under the limit: analysed again.
  const small = await client.changeAndWait(uri, [{ range: { start: { line: 3, character: 0 }, end: { line: 200000, character: 0 } }, text: '' }]);
  assert.deepEqual(codes(small), ['2:6 SM101']);
  await client.close(uri);
  // A huge file that never mentions the SDK is not ours to complain about.
  const plain = docUri('huge-plain');
  assert.deepEqual(await client.open(plain, `x = 1\n${'y = 2  # padding padding padding padding padding\n'.repeat(120000)}`), []);
  await client.settle(50);
  assert.equal(client.shown.length, shownBefore + 1, 'no message for a huge file without sagemaker');
  await client.close(plain);
});

test('shutdown then exit ends the process with code 0', async () => {
  const own = await ProtocolClient.start();
  await own.open(docUri('bye'), SAMPLE);
  assert.equal(await own.shutdown(), 0);
});

test('a hover and code actions sent right after start (parser still loading) are answered fully', async () => {
  const own = await ProtocolClient.start();
  try {
    const uri = docUri('early');
    await own.notifyServer('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: SAMPLE } });
    const [hover, actions] = await Promise.all([
      own.hover(uri, rangeOf(SAMPLE, 'PIPELINE_EXECUTION_ID', 1).start),
      own.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } }, [], ['source.fixAll']),
    ]);
    assert.ok(hover, 'hover waits for the parser instead of answering null');
    assert.equal(actions.length, 1);
  } finally {
    await own.dispose();
  }
});

test('exit without shutdown ends with code 1; closing stdin ends the server', async () => {
  const a = await ProtocolClient.start();
  await a.notifyServer('exit');
  assert.equal(await a.exitCodePromise(), 1);
  a.connection.dispose();
  const b = await ProtocolClient.start();
  b.closeInput();
  assert.notEqual(await b.exitCodePromise(), undefined);
  b.connection.dispose();
});
