/**
 * A minimal LSP client over the built server (dist/server.js --stdio) for the configuration tests.
 * (test/protocol/client.ts, when it lands, is the general one.)
 */
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageConnection, StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';

declare const SAGELINT_ROOT: string;

export interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  code: string;
  severity: number;
  message: string;
}

export class LspClient {
  readonly messages: { type: number; message: string }[] = [];
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  private readonly diagnostics = new Map<string, { version?: number; diagnostics: Diagnostic[] }[]>();
  private readonly waiters: (() => void)[] = [];
  private versions = new Map<string, number>();

  private constructor(private readonly child: ChildProcess, readonly connection: MessageConnection) {
    connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
      const list = this.diagnostics.get(params.uri) ?? [];
      list.push({ version: params.version, diagnostics: params.diagnostics });
      this.diagnostics.set(params.uri, list);
      this.notify();
    });
    connection.onNotification('window/showMessage', (params: { type: number; message: string }) => {
      this.messages.push(params);
      this.notify();
    });
    connection.onNotification('window/logMessage', () => {});
    connection.onRequest('client/registerCapability', (params: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      this.registrations.push(...params.registrations);
      this.notify();
      return null;
    });
    connection.onRequest('window/showMessageRequest', (params: { type: number; message: string }) => {
      this.messages.push({ type: params.type, message: params.message });
      this.notify();
      return null;
    });
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
  }

  static async start(options: { watch: boolean; settings?: unknown; rootPath?: string }): Promise<LspClient> {
    const child = spawn(process.execPath, [path.join(SAGELINT_ROOT, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspClient(child, connection);
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: options.rootPath ? pathToFileURL(options.rootPath).href : null,
      capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: options.watch } }, textDocument: { publishDiagnostics: { versionSupport: true } } },
      initializationOptions: options.settings !== undefined ? { settings: options.settings } : undefined,
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  private notify(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  /** Waits until `predicate` holds (checked after every message), or fails after `ms`. */
  async until<T>(what: string, predicate: () => T | undefined | false, ms = 15000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = predicate();
      if (value) return value;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  publishedCount(uri: string): number {
    return this.diagnostics.get(uri)?.length ?? 0;
  }

  /** The next diagnostics published for `uri` after `after` publications. */
  async diagnosticsAfter(uri: string, after: number): Promise<Diagnostic[]> {
    return this.until(`diagnostics for ${uri}`, () => {
      const list = this.diagnostics.get(uri);
      return list && list.length > after ? list[list.length - 1].diagnostics : undefined;
    });
  }

  async open(file: string, text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const uri = pathToFileURL(file).href;
    const before = this.publishedCount(uri);
    this.versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    return { uri, diagnostics: await this.diagnosticsAfter(uri, before) };
  }

  async save(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
  }

  async watchedFileChanged(file: string, type: 1 | 2 | 3 = 2): Promise<void> {
    await this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(file).href, type }] });
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

export const summarize = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`).sort();
