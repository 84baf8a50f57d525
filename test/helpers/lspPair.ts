/**
 * A lean LSP client for the incremental differential test: it spawns the built server, keeps only the
 * newest publication (and a running count) per URI, so that tens of thousands of edits do not pile up
 * diagnostics in the test process, and waits on predicates checked after every message.
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { MessageConnection, StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, Hover, Position } from 'vscode-languageserver-protocol';
import { SERVER } from '../protocol/client';

export interface Published {
  /** How many publications this URI has had. */
  count: number;
  version?: number;
  diagnostics: Diagnostic[];
}

export class LeanClient {
  private readonly latest = new Map<string, Published>();
  private readonly waiters = new Set<() => void>();
  private readonly stderr: string[] = [];
  private exited = false;
  /** Documents closed by the test: their clearing publications are dropped. */
  private readonly closed = new Set<string>();

  private constructor(private readonly child: ChildProcess, private readonly connection: MessageConnection, readonly name: string) {
    child.on('exit', () => {
      this.exited = true;
      this.notify();
    });
    child.stderr!.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
    connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
      if (this.closed.has(params.uri)) return;
      const count = (this.latest.get(params.uri)?.count ?? 0) + 1;
      this.latest.set(params.uri, { count, version: params.version, diagnostics: params.diagnostics });
      this.notify();
    });
    connection.onNotification('window/logMessage', () => undefined);
    connection.onNotification('window/showMessage', () => undefined);
    connection.onNotification('sagelint/status', () => undefined);
    connection.onRequest('window/showMessageRequest', () => null);
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
    connection.onRequest('client/registerCapability', () => null);
  }

  static async start(name: string): Promise<LeanClient> {
    const child = spawn(process.execPath, ['--max-old-space-size=2048', SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LeanClient(child, connection, name);
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        workspace: { workspaceEdit: { documentChanges: false } },
        textDocument: { publishDiagnostics: { versionSupport: true, dataSupport: true }, hover: { contentFormat: ['markdown'] } },
      },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** The first truthy value of `predicate`, checked after every message; fails after `ms` or when the server exits. */
  until<T>(what: string, predicate: () => T | undefined | null | false, ms = 60_000): Promise<T> {
    const first = predicate();
    if (first) return Promise.resolve(first);
    return new Promise<T>((resolve, reject) => {
      const fail = (why: string) => {
        finish();
        reject(new Error(`${this.name} server: ${why} while waiting for ${what}${this.stderr.length ? `\nserver stderr:\n${this.stderr.join('').slice(-4000)}` : ''}`));
      };
      const check = () => {
        const value = predicate();
        if (value) {
          finish();
          resolve(value);
        } else if (this.exited) fail('exited');
      };
      const timer = setTimeout(() => fail(`timed out after ${ms} ms`), ms);
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      if (this.exited) fail('exited');
    });
  }

  published(uri: string): Published | undefined {
    return this.latest.get(uri);
  }

  count(uri: string): number {
    return this.latest.get(uri)?.count ?? 0;
  }

  /** The diagnostics of `uri` once a publication for `version` arrived (after `after` publications). */
  async diagnostics(uri: string, version: number, after = 0): Promise<Diagnostic[]> {
    const found = await this.until(`diagnostics of ${uri} version ${version}`, () => {
      const p = this.latest.get(uri);
      return p && p.count > after && p.version === version ? p : undefined;
    });
    return found.diagnostics;
  }

  notifyServer(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position }) as Promise<Hover | null>;
  }

  /** The code actions the server offers for `diagnostics` anywhere in the document (its quick fixes). */
  codeActions(uri: string, diagnostics: readonly Diagnostic[]): Promise<unknown[]> {
    const everywhere = { start: { line: 0, character: 0 }, end: { line: 1_000_000, character: 0 } };
    return this.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: everywhere, context: { diagnostics } }) as Promise<unknown[]>;
  }

  /** CPU seconds (user + system) the server process has used so far. */
  cpuSeconds(): number {
    try {
      const fields = fs.readFileSync(`/proc/${this.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return NaN;
    }
  }

  /** Forgets what was published for a closed document (the server's clearing publication included). */
  forget(uri: string): void {
    this.latest.delete(uri);
    this.closed.add(uri);
  }

  async dispose(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 3000).unref())]);
      await this.connection.sendNotification('exit');
    } catch {
      // killed below
    }
    await new Promise((resolve) => setTimeout(resolve, 50).unref());
    if (!this.exited) this.child.kill();
    this.connection.dispose();
  }
}
