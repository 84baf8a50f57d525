// A small LSP client over dist/server.js --stdio for the benchmark.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import rpc from 'vscode-jsonrpc/node';

export class Client {
  static async start(serverJs, settings, nodeArgs = []) {
    const t0 = performance.now();
    const child = spawn(process.execPath, [...nodeArgs, serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
    const client = new Client(child, connection);
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
      initializationOptions: settings ? { settings } : undefined,
    });
    client.startMs = performance.now() - t0;
    await connection.sendNotification('initialized', {});
    return client;
  }

  constructor(child, connection) {
    this.child = child;
    this.connection = connection;
    this.waiters = new Map();
    this.latest = new Map();
    this.messages = [];
    connection.onNotification('textDocument/publishDiagnostics', (p) => {
      this.latest.set(p.uri, p);
      const w = this.waiters.get(p.uri);
      if (w && (w.version === undefined || p.version === w.version)) {
        this.waiters.delete(p.uri);
        w.resolve(p);
      }
    });
    connection.onNotification('window/showMessage', (p) => this.messages.push(p));
    connection.onNotification('window/logMessage', () => {});
    connection.onRequest('workspace/configuration', (p) => p.items.map(() => null));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/showMessageRequest', () => null);
  }

  /** Resolves with the publishDiagnostics of `uri` at `version` (any version when undefined). */
  diagnostics(uri, version) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version}`)), 60_000);
      this.waiters.set(uri, { version, resolve: (p) => (clearTimeout(timer), resolve(p)) });
    });
  }

  async open(uri, text, version = 1) {
    const done = this.diagnostics(uri, version);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version, text } });
    return done;
  }

  async change(uri, version, contentChanges, wait = true) {
    const done = wait ? this.diagnostics(uri, version) : undefined;
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
    return done;
  }

  /** Opens a notebook of Python code cells ({ uri, text }); resolves when every cell has its diagnostics. */
  async openNotebook(uri, cells) {
    const done = Promise.all(cells.map((c) => this.diagnostics(c.uri, 1)));
    await this.connection.sendNotification('notebookDocument/didOpen', {
      notebookDocument: { uri, notebookType: 'jupyter-notebook', version: 1, cells: cells.map((c) => ({ kind: 2, document: c.uri })) },
      cellTextDocuments: cells.map((c) => ({ uri: c.uri, languageId: 'python', version: 1, text: c.text })),
    });
    return done;
  }

  /** Edits one cell (range changes); resolves with that cell's diagnostics for its new version. */
  async changeCell(notebookUri, notebookVersion, cellUri, cellVersion, changes) {
    const done = this.diagnostics(cellUri, cellVersion);
    await this.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: notebookUri, version: notebookVersion },
      change: { cells: { textContent: [{ document: { uri: cellUri, version: cellVersion }, changes }] } },
    });
    return done;
  }

  hover(uri, position) {
    return this.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
  }

  rssMB() {
    const status = fs.readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
  }

  async stop() {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {}
    this.connection.dispose();
    this.child.kill();
  }
}
