// The production build's V8 code cache of the server's bundle (dist/server-bundle.cache; see
// server/src/serverEntry.ts). A training run starts the built server as an editor does, opens every rule
// fixture and a generated 2,000-line pipeline module, and shuts it down; on exit the server writes the
// cache, which then holds the bundle's top level and every function those analyses compiled (the rules
// included), so that a start and a first analysis skip compiling them. Made by the Node that runs the
// build; any other Node or Electron rejects it and compiles as before.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import rpc from 'vscode-jsonrpc/node';
import { pipelineModule } from '../bench/corpus.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** The child: runs dist/server.js's bundle as `node dist/server.js --stdio` does, and writes the cache at exit. */
const CHILD = `
const [, entry, cacheFile] = process.argv;
const { writeCache } = require(entry).runBundle();
process.on('exit', () => writeCache(cacheFile));
`;

/** Writes `<dist>/server-bundle.cache`; resolves with its size in bytes. */
export async function writeCodeCache(dist) {
  const cacheFile = path.join(dist, 'server-bundle.cache');
  fs.rmSync(cacheFile, { force: true });
  const child = spawn(process.execPath, ['-e', CHILD, path.join(dist, 'server.js'), cacheFile, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const published = new Map();
  connection.onNotification('textDocument/publishDiagnostics', ({ uri }) => published.get(uri)?.());
  connection.onNotification('window/logMessage', () => {});
  connection.onRequest('workspace/configuration', (p) => p.items.map(() => null));
  connection.listen();
  try {
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    await connection.sendNotification('initialized', {});
    const fixtures = path.join(root, 'test/fixtures/rules');
    const documents = fs.readdirSync(fixtures, { recursive: true }).filter((f) => f.endsWith('.py')).sort()
      .map((f) => ({ uri: pathToFileURL(path.join(fixtures, f)).href, text: fs.readFileSync(path.join(fixtures, f), 'utf8') }));
    documents.push({ uri: pathToFileURL(path.join(dist, 'training.py')).href, text: pipelineModule(1, 2000) });
    for (const { uri, text } of documents) {
      let done = new Promise((resolve) => published.set(uri, resolve));
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
      await done;
      if (uri.endsWith('training.py')) {
        // Two keystrokes: the first analysis of an opened document records nothing (lsp/documents.ts), so
        // the first edit records and the second reuses; both paths then come from the cache too.
        for (const [version, change, end] of [[2, '# edit\n', { line: 0, character: 0 }], [3, '', { line: 1, character: 0 }]]) {
          done = new Promise((resolve) => published.set(uri, resolve));
          await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end }, text: change }] });
          await done;
        }
      }
      await connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    await exited;
  } finally {
    connection.dispose();
    child.kill();
  }
  if (!fs.existsSync(cacheFile)) throw new Error('the training run of the server wrote no code cache');
  return fs.statSync(cacheFile).size;
}
