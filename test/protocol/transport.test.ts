/**
 * The stdio transport before and around the protocol: requests before `initialize` get the protocol's
 * "server not initialized" error (-32002), notifications before it are dropped, and a message announcing
 * more than the size cap closes the connection instead of being buffered.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChildProcess, fork, spawn } from 'node:child_process';
import path from 'node:path';
import { MAX_MESSAGE_BYTES, watchMessageSizes } from '../../server/src/lsp/transport';

declare const SAGELINT_ROOT: string;
const SERVER = path.join(SAGELINT_ROOT, 'dist/server.js');
const CLI = path.join(SAGELINT_ROOT, 'dist/cli.js');

function frame(message: object): string {
  const body = JSON.stringify(message);
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/** The server on stdio, with the messages it writes parsed as they come. */
function startRaw(): { child: ChildProcess; messages: Record<string, unknown>[]; stderr: () => string; next(predicate: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const messages: Record<string, unknown>[] = [];
  let buffer = Buffer.alloc(0);
  let stderr = '';
  const waiters: { predicate: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }[] = [];
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  // Writes after the server closed the connection fail with EPIPE: expected in the size-cap test.
  child.stdin!.on('error', () => {});
  child.stdout!.on('data', (d: Buffer) => {
    buffer = Buffer.concat([buffer, d]);
    for (;;) {
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())![1]);
      if (buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString()) as Record<string, unknown>;
      buffer = buffer.subarray(headerEnd + 4 + length);
      messages.push(message);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(message)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(message);
        }
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    messages,
    stderr: () => stderr,
    exited,
    next(predicate) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ predicate, resolve }));
    },
  };
}

test('requests before initialize get -32002; notifications before it are dropped; initialize then works', async () => {
  const server = startRaw();
  try {
    const uri = 'file:///sagelint-transport/early.py';
    server.child.stdin!.write(frame({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'python', version: 1, text: 'import sagemaker\n' } } }));
    server.child.stdin!.write(frame({ jsonrpc: '2.0', id: 1, method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 0, character: 0 } } }));
    server.child.stdin!.write(frame({ jsonrpc: '2.0', id: 2, method: 'shutdown' }));
    const early = await server.next((m) => m.id === 1);
    assert.equal((early.error as { code: number }).code, -32002);
    assert.equal((await server.next((m) => m.id === 2)).error !== undefined, true, 'shutdown before initialize is refused too');
    server.child.stdin!.write(frame({ jsonrpc: '2.0', id: 3, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
    const initialized = await server.next((m) => m.id === 3);
    assert.ok((initialized.result as { capabilities: unknown }).capabilities);
    server.child.stdin!.write(frame({ jsonrpc: '2.0', method: 'initialized', params: {} }));
    // The didOpen sent before initialize was dropped: a hover on it now has no document to answer from.
    server.child.stdin!.write(frame({ jsonrpc: '2.0', id: 4, method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 0, character: 0 } } }));
    const hover = await server.next((m) => m.id === 4);
    assert.equal(hover.error, undefined);
    assert.equal(hover.result, null);
    server.child.stdin!.write(frame({ jsonrpc: '2.0', id: 5, method: 'shutdown' }));
    await server.next((m) => m.id === 5);
    server.child.stdin!.write(frame({ jsonrpc: '2.0', method: 'exit' }));
    assert.equal(await server.exited, 0);
  } finally {
    server.child.kill();
  }
});

test('a Content-Length over the cap closes the connection instead of buffering the stream', async () => {
  const server = startRaw();
  try {
    server.child.stdin!.write(frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
    await server.next((m) => m.id === 1);
    server.child.stdin!.write(`Content-Length: 1000000000000\r\n\r\n{"jsonrpc":"2.0",`);
    // Junk that a reader waiting for 1e12 bytes would keep; the server must stop reading instead.
    const chunk = 'x'.repeat(1024 * 1024);
    for (let i = 0; i < 8 && server.child.exitCode === null; i++) server.child.stdin!.write(chunk);
    const code = await server.exited;
    assert.equal(code, 1, 'the connection ends with an error');
    assert.match(server.stderr(), new RegExp(`announced 1000000000000 bytes \\(Content-Length\\), over the limit of ${MAX_MESSAGE_BYTES}`));
  } finally {
    server.child.kill();
  }
});

test('the size watcher follows the framing across chunks and flags only an oversized message', () => {
  const flagged: string[] = [];
  const feed = watchMessageSizes((why) => flagged.push(why), 100);
  const small = frame({ jsonrpc: '2.0', method: 'x', params: { text: 'a'.repeat(40) } });
  // Split everywhere, two messages in one chunk, and a body that looks like headers.
  const tricky = frame({ jsonrpc: '2.0', method: 'y', params: { text: 'Content-Length: 999999\r\n\r\n' } });
  const stream = small + tricky + small;
  for (let size = 1; size <= stream.length; size += 7) {
    for (let at = 0; at < stream.length; at += size) feed(Buffer.from(stream.slice(at, at + size)));
  }
  assert.deepEqual(flagged, []);
  feed(`Content-Length: 101\r\n\r\n`);
  assert.deepEqual(flagged, ['a message announced 101 bytes (Content-Length), over the limit of 100']);
  const endless: string[] = [];
  const feedEndless = watchMessageSizes((why) => endless.push(why), 100);
  for (let i = 0; i < 100; i++) feedEndless('X'.repeat(1024));
  assert.equal(endless.length, 1);
  assert.match(endless[0], /headers ran past/);
});

test('`sagelint lsp --node-ipc` serves over IPC although the CLI adds --stdio', { timeout: 30_000 }, async () => {
  const child = fork(CLI, ['lsp', '--node-ipc'], { stdio: ['pipe', 'pipe', 'pipe', 'ipc'] });
  try {
    const answered = new Promise<Record<string, unknown>>((resolve) => child.on('message', (m) => resolve(m as Record<string, unknown>)));
    child.send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
    const answer = await answered;
    assert.equal(answer.id, 1);
    assert.ok((answer.result as { capabilities?: unknown }).capabilities, JSON.stringify(answer));
  } finally {
    child.kill('SIGKILL');
  }
});

test('a client that closes its end of stdout makes the server leave quietly (exit 1, one line on stderr)', { timeout: 30_000 }, async () => {
  const server = startRaw();
  // 'close' comes once stderr is read to its end (and after 'exit').
  const closed = new Promise((resolve) => server.child.on('close', resolve));
  try {
    server.child.stdin!.write(frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
    await server.next((m) => m.id === 1);
    server.child.stdout!.destroy();
    server.child.stdin!.write(frame({ jsonrpc: '2.0', method: 'initialized', params: {} }));
    // A document with findings and a few hovers: the server has diagnostics and answers to write.
    const text = 'from sagemaker.workflow.execution_variables import ExecutionVariables\nprint(ExecutionVariables.PIPELINE_EXECUTION_ID)\n'.repeat(50);
    server.child.stdin!.write(frame({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///tmp/gone.py', languageId: 'python', version: 1, text } } }));
    for (let id = 10; id < 15; id++) server.child.stdin!.write(frame({ jsonrpc: '2.0', id, method: 'textDocument/hover', params: { textDocument: { uri: 'file:///tmp/gone.py' }, position: { line: 1, character: 8 } } }));
    assert.equal(await server.exited, 1);
    await closed;
    // Before: the library's report of the failed write threw "Connection is closed." and Node printed it with a stack trace.
    assert.doesNotMatch(server.stderr(), /Connection is closed|Error:|\n\s+at /);
    assert.match(server.stderr(), /^sagelint: the client closed the connection \((EPIPE|ERR_STREAM_DESTROYED|ECONNRESET)\); exiting\.\n$/);
  } finally {
    server.child.kill('SIGKILL');
  }
});
