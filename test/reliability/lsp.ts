/**
 * A small LSP client over the built server (dist/server.js --stdio) for the reliability tests: it records
 * every publishDiagnostics (with its version) and every log/show message.
 */
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { CancellationTokenSource, MessageConnection, StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';

declare const SAGELINT_ROOT: string;

export interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  code: string;
  message: string;
}
export interface Published {
  version?: number;
  diagnostics: Diagnostic[];
}

export class ReliabilityClient {
  readonly published = new Map<string, Published[]>();
  readonly shown: string[] = [];
  readonly logged: string[] = [];
  exited = false;
  private waiters: (() => void)[] = [];

  private constructor(readonly child: ChildProcess, readonly connection: MessageConnection) {
    connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string } & Published) => {
      const list = this.published.get(p.uri) ?? [];
      list.push({ version: p.version, diagnostics: p.diagnostics });
      this.published.set(p.uri, list);
      this.wake();
    });
    connection.onNotification('window/showMessage', (p: { message: string }) => (this.shown.push(p.message), this.wake()));
    connection.onNotification('window/logMessage', (p: { message: string }) => (this.logged.push(p.message), this.wake()));
    connection.onRequest('window/showMessageRequest', (p: { message: string }) => (this.shown.push(p.message), this.wake(), null));
    connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
    connection.onRequest('client/registerCapability', () => null);
    child.on('exit', () => (this.exited = true));
  }

  static async start(settings?: unknown): Promise<ReliabilityClient> {
    const child = spawn(process.execPath, ['--max-old-space-size=2048', path.join(SAGELINT_ROOT, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new ReliabilityClient(child, connection);
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
      initializationOptions: settings !== undefined ? { settings } : undefined,
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  async until<T>(what: string, predicate: () => T | undefined | false, ms = 30_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = predicate();
      if (value) return value;
      if (this.exited) throw new Error(`server exited while waiting for ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 100));
        this.waiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
  }

  /** The diagnostics published for `uri` at `version`. */
  diagnosticsFor(uri: string, version: number, ms?: number): Promise<Diagnostic[]> {
    return this.until(`diagnostics of ${uri} v${version}`, () => this.published.get(uri)?.find((p) => p.version === version)?.diagnostics, ms);
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version, text } });
  }

  change(uri: string, version: number, contentChanges: unknown[]): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  hover(uri: string, line: number, character: number, token?: CancellationTokenSource): Promise<unknown> {
    const params = { textDocument: { uri }, position: { line, character } };
    return token ? this.connection.sendRequest('textDocument/hover', params, token.token) : this.connection.sendRequest('textDocument/hover', params);
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    this.connection.dispose();
    this.child.kill();
  }
}

/** Code, range and message: what must be equal between two analyses of the same text. */
export const key = (d: Diagnostic): string => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code} ${d.message}`;
