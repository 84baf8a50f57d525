/**
 * The stdio writer and the publications written from their findings: the bytes on the wire must be
 * exactly what vscode-jsonrpc's own writer sent (Content-Length in bytes, then JSON.stringify of the
 * message), whatever the messages hold.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { Message, StreamMessageReader } from 'vscode-languageserver/node';
import { AnalyzedFinding } from '../../server/src/analysis/analyze';
import { FramingMessageWriter, frameMessage } from '../../server/src/lsp/messageWriter';
import { FindingsPublication, MessageTexts, toDiagnostic } from '../../server/src/lsp/publication';
import { sendConsoleTo, transportOf } from '../../server/src/lsp/transport';
import { LineIndex } from '../../server/src/text/lineIndex';

/** What vscode-jsonrpc's StreamMessageWriter writes for a message: header, then body, as one buffer here. */
function framedByLibrary(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf-8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.byteLength}\r\n\r\n`, 'ascii'), body]);
}

function finding(start: number, end: number, message: string, code = 'SM101', severity: AnalyzedFinding['severity'] = 'warning'): AnalyzedFinding {
  return { code, message, severity, start, end } as unknown as AnalyzedFinding;
}

const notification = (params: unknown) => ({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params }) as Message;

const TEXT = 'from sagemaker import x\r\nprint("é")\n\tsecond 😀 line\rlast';
const MESSAGES = [
  'plain text, no escapes',
  'quotes "inside" and a back\\slash',
  'line\nbreak, tab\t, bell \u0007, NUL \u0000 and DEL \u007f',
  'non-ASCII: Bücket ✓ and an emoji 😀',
  'a lone surrogate \ud800 and a lone low one \udc00',
  'latin-1 only: é ü ß',
  '',
];

test('a publication written from its findings is byte for byte the JSON of its diagnostics', () => {
  const lines = new LineIndex(TEXT);
  const findings = [
    ...MESSAGES.map((message, i) => finding(i * 7, i * 7 + 5, message, `SM${101 + i}`, (['error', 'warning', 'information', 'hint'] as const)[i % 4])),
    finding(0, TEXT.length, 'the whole text'),
    finding(-5, 3, 'before the start: clamped as positionAt clamps'),
    finding(TEXT.length - 2, TEXT.length + 40, 'past the end: clamped'),
    finding(TEXT.indexOf('😀') + 2, TEXT.indexOf('last'), 'after an astral character: UTF-16 columns'),
    finding(1234567, 1234568, 'far past the end'),
  ];
  for (const version of [1, 7, 10, 123456789, 0]) {
    const publication = new FindingsPublication('file:///tmp/ü ✓/a "b".py', version, findings, lines);
    const expected = { uri: 'file:///tmp/ü ✓/a "b".py', version, diagnostics: findings.map((f) => toDiagnostic(f, lines, version)) };
    assert.deepEqual(JSON.parse(JSON.stringify(publication)), JSON.parse(JSON.stringify(expected)), 'toJSON gives the diagnostics');
    const framed = frameMessage(notification(publication));
    assert.ok(framed.equals(framedByLibrary(notification(expected))), `version ${version}:\n${framed.toString()}\n${framedByLibrary(notification(expected)).toString()}`);
  }
});

test('a publication with no findings, and one whose version or offsets JSON.stringify must handle, frame the same', () => {
  const lines = new LineIndex(TEXT);
  const cases: [number, AnalyzedFinding[]][] = [
    [3, []],
    [1.5, [finding(0, 3, 'a fractional version')]],
    [-2, [finding(0, 3, 'a negative version')]],
    [4, [finding(Number.NaN, 3, 'an offset that is not a number')]],
    [5, [finding(1.5, 3, 'a fractional offset')]],
  ];
  for (const [version, findings] of cases) {
    const publication = new FindingsPublication('file:///a.py', version, findings, lines);
    const expected = { uri: 'file:///a.py', version, diagnostics: findings.map((f) => toDiagnostic(f, lines, version)) };
    assert.ok(frameMessage(notification(publication)).equals(framedByLibrary(notification(expected))), `version ${version}`);
  }
});

test('message texts are reused across publications, renewed when stale ones pile up, and kept for the last few documents', () => {
  const lines = new LineIndex(TEXT);
  const texts = new Map<string, string>();
  const frame = (messages: string[], version: number) => {
    const findings = messages.map((message, i) => finding(i, i + 1, message));
    const publication = new FindingsPublication('file:///a.py', version, findings, lines, texts);
    const framed = frameMessage(notification(publication));
    const expected = { uri: 'file:///a.py', version, diagnostics: findings.map((f) => toDiagnostic(f, lines, version)) };
    assert.ok(framed.equals(framedByLibrary(notification(expected))));
  };
  frame(['one "a"', 'two'], 1);
  assert.deepEqual([...texts], [['one "a"', '"one \\"a\\""'], ['two', '"two"']]);
  // A stale text is written as it is kept: the kept text must be the message's (a message changed, the key too).
  frame(['one "a"', 'three é'], 2);
  assert.equal(texts.get('three é'), '"three é"');
  // Texts no longer published are dropped once more than twice the findings (plus some) have gathered.
  for (let i = 0; i < 80; i++) frame([`message ${i}`], 3 + i);
  assert.ok(texts.size <= 2 * 1 + 64 + 1, `${texts.size} texts kept for one finding`);
  assert.ok(texts.has('message 79'));

  const documents = new MessageTexts(2);
  documents.of('a').set('x', '"x"');
  documents.of('b').set('y', '"y"');
  documents.of('a'); // a is now the most recent
  documents.of('c').set('z', '"z"'); // b, the least recent, goes
  assert.equal(documents.size, 2);
  assert.equal(documents.of('b').size, 0, 'b was dropped');
  documents.forget('c');
  documents.clear();
  assert.equal(documents.size, 0);
});

test('every other message is framed as vscode-jsonrpc frames it (Content-Length in bytes)', () => {
  const messages = [
    { jsonrpc: '2.0', id: 1, result: { contents: { kind: 'markdown', value: 'Bücket ✓ 😀 "quoted"\n' } } },
    { jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: 'é'.repeat(1000) } },
    { jsonrpc: '2.0', id: 'x', error: { code: -32002, message: 'not initialized' } },
    { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///a.py', diagnostics: [] } },
  ] as unknown as Message[];
  for (const message of messages) assert.ok(frameMessage(message).equals(framedByLibrary(message)), JSON.stringify(message));
  const framed = frameMessage(messages[1]).toString('utf8');
  const body = framed.slice(framed.indexOf('\r\n\r\n') + 4);
  assert.equal(Number(/^Content-Length: (\d+)\r\n\r\n/.exec(framed)![1]), Buffer.byteLength(body), 'the length counts bytes, not characters');
  assert.notEqual(Buffer.byteLength(body), body.length);
});

test('the writer writes each message as one chunk, in order, readable by vscode-jsonrpc', async () => {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const writer = new FramingMessageWriter(stream);
  const lines = new LineIndex(TEXT);
  const sent: Message[] = [];
  for (let i = 0; i < 20; i++) {
    const params = i % 2 ? new FindingsPublication(`file:///${i}.py`, i, MESSAGES.map((m, j) => finding(j, j + 2, m)), lines) : { uri: `file:///${i}.py`, diagnostics: [], note: '✓'.repeat(i) };
    sent.push(notification(params));
  }
  await Promise.all(sent.map((message) => writer.write(message)));
  assert.equal(chunks.length, sent.length, 'one write per message');
  const reader = new StreamMessageReader(new PassThrough().end(Buffer.concat(chunks)));
  const received: unknown[] = [];
  await new Promise<void>((resolve) => {
    reader.listen((message) => {
      received.push(message);
      if (received.length === sent.length) resolve();
    });
  });
  assert.deepEqual(received, sent.map((message) => JSON.parse(JSON.stringify(message))));
});

test('a client that stops reading: messages wait in order, and only the newest publication of a document is kept', async () => {
  // A stream whose reader is away until resume(): the first chunk stays in flight, the rest buffer.
  const written: Buffer[] = [];
  let away = true;
  let inFlight: (() => void) | undefined;
  const stream = new Writable({
    highWaterMark: 16,
    write(chunk: Buffer, _encoding, callback) {
      written.push(chunk);
      if (away) inFlight = () => callback();
      else callback();
    },
  });
  const writer = new FramingMessageWriter(stream, 1);
  const publish = (uri: string, version: number) => notification({ uri, version, diagnostics: [{ message: 'x'.repeat(version * 10) }] });
  const log = (message: string) => ({ jsonrpc: '2.0', method: 'window/logMessage', params: { type: 4, message } }) as Message;
  const sent = [publish('file:///a.py', 1), log('one'), publish('file:///b.py', 1), publish('file:///a.py', 2), log('two'), publish('file:///a.py', 3), publish('file:///b.py', 2)];
  const done = sent.map((message) => writer.write(message));
  assert.equal(written.length, 1, 'only the first message went out: the client has not read it');
  away = false;
  inFlight!();
  await Promise.all(done);
  const received = written.map((chunk) => JSON.parse(chunk.toString('utf8').slice(chunk.indexOf('\r\n\r\n') + 4)));
  // a.py v2 and b.py v1 were replaced by their documents' newer publications, which come after
  // everything sent before them; nothing else was dropped or moved.
  assert.deepEqual(received, [sent[0], sent[1], sent[4], sent[5], sent[6]]);
});

test('a client that keeps up gets every message as it is sent', async () => {
  const written: Buffer[] = [];
  const stream = new Writable({ write: (chunk: Buffer, _encoding, callback) => (written.push(chunk), callback()) });
  const writer = new FramingMessageWriter(stream);
  const sent = [1, 2, 3].map((version) => notification({ uri: 'file:///a.py', version, diagnostics: [] }));
  for (const message of sent) await writer.write(message);
  assert.equal(written.length, 3, 'no publication dropped while the client reads');
});

test('the transport is the first one the command line names, as vscode-languageserver picks it', () => {
  const argv = (...args: string[]) => ['node', 'cli.js', ...args];
  assert.equal(transportOf(argv('--stdio')), '--stdio');
  // `sagelint lsp` appends --stdio to what it was given.
  assert.equal(transportOf(argv('lsp', '--node-ipc', '--stdio')), '--node-ipc');
  assert.equal(transportOf(argv('lsp', '--socket=5007', '--stdio')), '--socket');
  assert.equal(transportOf(argv('--socket', '5007')), '--socket');
  assert.equal(transportOf(argv('--pipe=/tmp/p', '--stdio')), '--pipe');
  assert.equal(transportOf(argv('--clientProcessId=1', '--stdio')), '--stdio');
  assert.equal(transportOf(['--stdio']), undefined, 'node and the script are not arguments');
});

test('a failed write rejects and is reported to the connection', async () => {
  const failing = new Writable({ write: (_chunk, _encoding, callback) => callback(new Error('EPIPE, say')) });
  failing.on('error', () => undefined);
  const writer = new FramingMessageWriter(failing);
  const errors: string[] = [];
  writer.onError(([error]) => errors.push(error.message));
  await assert.rejects(writer.write({ jsonrpc: '2.0', method: 'x', params: {} } as Message), /EPIPE, say/);
  assert.ok(errors.includes('EPIPE, say'), errors.join());
});

test('console output goes to the client as log messages, never to stdout', () => {
  const sent: [string, string][] = [];
  const remote = {
    error: (m: string) => sent.push(['error', m]),
    warn: (m: string) => sent.push(['warn', m]),
    info: (m: string) => sent.push(['info', m]),
    log: (m: string) => sent.push(['log', m]),
  };
  const target = { ...console } as Console;
  sendConsoleTo(remote, target);
  target.log('a %d', 1, { b: 2 });
  target.info('i');
  target.warn('w');
  target.error(new Error('boom').message);
  target.debug('d');
  target.assert(false, 'broken', 3);
  target.assert(true, 'fine');
  assert.deepEqual(sent, [
    ['log', 'a 1 { b: 2 }'],
    ['info', 'i'],
    ['warn', 'w'],
    ['error', 'boom'],
    ['log', 'd'],
    ['error', 'Assertion failed: broken 3'],
  ]);
});
