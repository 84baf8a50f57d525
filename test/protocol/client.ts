/**
 * A small LSP test client: spawns the built server (`node dist/server.js --stdio`), speaks JSON-RPC over
 * its stdio with vscode-jsonrpc, records every notification the server sends, answers the requests a
 * client must answer (workspace/configuration, client/registerCapability, ...), and applies text edits
 * the way an editor does (UTF-16 columns, \n, \r\n or \r line breaks).
 */
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationToken, MessageConnection, StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';
import type {
  CodeAction, Diagnostic, Hover, InitializeResult, Position, Range, TextDocumentContentChangeEvent, TextEdit, WorkspaceEdit,
} from 'vscode-languageserver-protocol';

declare const SAGELINT_ROOT: string;

export const SERVER = path.join(SAGELINT_ROOT, 'dist/server.js');

export interface Publish {
  version?: number;
  diagnostics: Diagnostic[];
}

export interface StartOptions {
  /** Advertise `workspace.configuration` (the server then asks for settings with workspace/configuration). */
  configuration?: boolean;
  /** Advertise `workspace.workspaceEdit.documentChanges` (versioned edits). */
  documentChanges?: boolean;
  /** Sent as `initializationOptions.settings` when defined. */
  settings?: unknown;
  /** Workspace folders (file URIs): the server detects each folder's Python environment and requirements. */
  workspaceFolders?: string[];
  /** Sent as `rootUri` (a file URI; null when undefined): the workspace root when there are no workspace folders. */
  rootUri?: string;
  /** Advertise `workspace.didChangeWatchedFiles.dynamicRegistration` (left out when undefined): the server then registers file watchers. */
  watch?: boolean;
  /** The server to start (default: dist/server.js). */
  server?: string;
  /** Extra node flags for the spawned server, e.g. `--max-old-space-size=2048`. */
  nodeArgs?: string[];
  /** Extra environment variables of the server process. */
  env?: NodeJS.ProcessEnv;
  /** The default timeout (ms) of `until` and `diagnostics`. */
  timeout?: number;
  /** Given every chunk of the server's stdout as it comes (the bytes the messages were read from). */
  onStdout?: (chunk: Buffer) => void;
}

export interface Registration {
  id?: string;
  method: string;
  registerOptions?: unknown;
}

let nextDocument = 0;

/** A fresh document URI, unique within the test process. */
export function docUri(name = 'doc'): string {
  return `file:///sagelint-protocol/${process.pid}/${nextDocument++}-${name}.py`;
}

export class ProtocolClient {
  readonly logs: { type: number; message: string }[] = [];
  readonly shown: { type: number; message: string }[] = [];
  /** The `items` of every workspace/configuration request the server made. */
  readonly configurationRequests: unknown[][] = [];
  /** What this client answers for the `sagelint` section. */
  configuration: unknown = undefined;
  /** Every registration of every client/registerCapability request the server made. */
  readonly registrations: Registration[] = [];
  readonly stderr: string[] = [];
  initializeResult!: InitializeResult;
  private readonly publishes = new Map<string, Publish[]>();
  private readonly texts = new Map<string, { version: number; text: string }>();
  private readonly waiters = new Set<() => void>();
  private exitCode: number | null | undefined;
  private readonly exitPromise: Promise<number | null>;

  private constructor(private readonly child: ChildProcess, readonly connection: MessageConnection, private readonly timeout: number) {
    this.exitPromise = new Promise((resolve) => child.on('exit', (code) => {
      this.exitCode = code;
      this.notify();
      resolve(code);
    }));
    child.stderr!.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
    connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
      const list = this.publishes.get(params.uri) ?? [];
      list.push({ version: params.version, diagnostics: params.diagnostics });
      this.publishedUris.push(params.uri);
      this.publishes.set(params.uri, list);
      this.notify();
    });
    connection.onNotification('window/logMessage', (params: { type: number; message: string }) => {
      this.logs.push(params);
      this.notify();
    });
    connection.onNotification('window/showMessage', (params: { type: number; message: string }) => {
      this.shown.push(params);
      this.notify();
    });
    connection.onRequest('window/showMessageRequest', (params: { type: number; message: string }) => {
      this.shown.push({ type: params.type, message: params.message });
      this.notify();
      return null;
    });
    connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => {
      this.configurationRequests.push(params.items);
      this.notify();
      return params.items.map((item) => (item.section === 'sagelint' ? this.configuration ?? null : null));
    });
    connection.onRequest('client/registerCapability', (params: { registrations: Registration[] }) => {
      this.registrations.push(...params.registrations);
      this.notify();
      return null;
    });
    connection.onRequest('client/unregisterCapability', () => null);
  }

  /** The server process's id (on Linux also its main thread's). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  static async start(options: StartOptions = {}): Promise<ProtocolClient> {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.server ?? SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], ...(options.env ? { env: { ...process.env, ...options.env } } : {}) });
    if (options.onStdout) child.stdout!.on('data', options.onStdout);
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new ProtocolClient(child, connection, options.timeout ?? 8000);
    connection.listen();
    client.initializeResult = await client.request<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: options.rootUri ?? null,
      ...(options.workspaceFolders ? { workspaceFolders: options.workspaceFolders.map((uri, i) => ({ uri, name: `folder${i}` })) } : {}),
      capabilities: {
        workspace: {
          configuration: !!options.configuration,
          didChangeConfiguration: { dynamicRegistration: false },
          workspaceEdit: { documentChanges: !!options.documentChanges },
          ...(options.watch !== undefined ? { didChangeWatchedFiles: { dynamicRegistration: options.watch } } : {}),
        },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: true },
          publishDiagnostics: { versionSupport: true, relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          codeAction: { isPreferredSupport: true, dataSupport: true, codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } } },
        },
      },
      initializationOptions: options.settings !== undefined ? { settings: options.settings } : undefined,
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Whether the server process has exited. */
  get exited(): boolean {
    return this.exitCode !== undefined;
  }

  /**
   * Resolves with the first truthy value of `predicate` (checked after every message), or fails after `ms`
   * (default: the `timeout` start option, else 8 s) or as soon as the server has exited.
   */
  async until<T>(what: string, predicate: () => T | undefined | null | false, ms = this.timeout): Promise<T> {
    const first = predicate();
    if (first) return first;
    const exitedError = () => new Error(`server exited while waiting for ${what}${this.stderr.length ? `\nserver stderr:\n${this.stderr.join('')}` : ''}`);
    if (this.exited) throw exitedError();
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        let value: T | undefined | null | false;
        try {
          value = predicate();
        } catch (error) {
          finish();
          reject(error);
          return;
        }
        if (value) {
          finish();
          resolve(value);
        } else if (this.exited) {
          finish();
          reject(exitedError());
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out after ${ms} ms waiting for ${what}${this.stderr.length ? `\nserver stderr:\n${this.stderr.join('')}` : ''}`));
      }, ms);
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
    });
  }

  /** Lets the server work through what it was sent: a round trip, then a short pause for scheduled work. */
  async settle(ms = 150): Promise<void> {
    await this.request('textDocument/hover', { textDocument: { uri: 'file:///sagelint-protocol/settle.py' }, position: { line: 0, character: 0 } });
    await new Promise((resolve) => setTimeout(resolve, ms));
  }

  request<T = unknown>(method: string, params?: unknown, token?: CancellationToken): Promise<T> {
    return (token ? this.connection.sendRequest(method, params, token) : this.connection.sendRequest(method, params)) as Promise<T>;
  }

  notifyServer(method: string, params?: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  /** The URI of every diagnostics notification, in the order they arrived. */
  readonly publishedUris: string[] = [];

  /** Every diagnostics notification published for `uri`, oldest first. */
  published(uri: string): Publish[] {
    return this.publishes.get(uri) ?? [];
  }

  latest(uri: string): Publish | undefined {
    const list = this.published(uri);
    return list[list.length - 1];
  }

  /** The first publication for `uri` carrying `version` (or any version, after `after` publications); `ms` as in `until`. */
  async diagnostics(uri: string, version?: number, after = 0, ms?: number): Promise<Diagnostic[]> {
    const publish = await this.until(`diagnostics for ${uri}${version === undefined ? '' : ` version ${version}`}`, () =>
      this.published(uri).slice(after).find((p) => version === undefined || p.version === version), ms);
    return publish.diagnostics;
  }

  text(uri: string): string {
    return this.texts.get(uri)!.text;
  }

  version(uri: string): number {
    return this.texts.get(uri)!.version;
  }

  /** didOpen, without waiting for diagnostics. */
  async didOpen(uri: string, text: string, version = 1, languageId = 'python'): Promise<void> {
    this.texts.set(uri, { version, text });
    await this.notifyServer('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  /** didOpen, then the diagnostics published for that version. */
  async open(uri: string, text: string, version = 1, languageId = 'python'): Promise<Diagnostic[]> {
    const after = this.published(uri).length;
    await this.didOpen(uri, text, version, languageId);
    return this.diagnostics(uri, version, after);
  }

  /**
   * didChange with an explicit version, without waiting for diagnostics; the client's copy of the text
   * (when the document was opened through this client) is updated the way an editor would.
   */
  async didChange(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    const doc = this.texts.get(uri);
    if (doc) {
      for (const change of changes) doc.text = 'range' in change ? applyEdits(doc.text, [{ range: change.range, newText: change.text }]) : change.text;
      doc.version = version;
    }
    await this.notifyServer('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  /**
   * didChange notifications written to the server's stdin in one write, so that they are queued on the
   * server's side however slowly this process is scheduled (sent one by one, a loaded machine lets the server
   * read and analyse between them). The client's copy of the text is updated as by didChange.
   */
  didChangeBurst(uri: string, edits: { version: number; changes: TextDocumentContentChangeEvent[] }[]): Promise<void> {
    const frames: Buffer[] = [];
    for (const { version, changes } of edits) {
      const doc = this.texts.get(uri);
      if (doc) {
        for (const change of changes) doc.text = 'range' in change ? applyEdits(doc.text, [{ range: change.range, newText: change.text }]) : change.text;
        doc.version = version;
      }
      const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri, version }, contentChanges: changes } }), 'utf8');
      frames.push(Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body);
    }
    return new Promise((resolve, reject) => this.child.stdin!.write(Buffer.concat(frames), (error) => (error ? reject(error) : resolve())));
  }

  /** didChange with the next version; the client's copy of the text is updated the way an editor would. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = this.texts.get(uri)!.version + 1;
    await this.didChange(uri, version, changes);
    return version;
  }

  /** didChange, then the diagnostics published for the new version. */
  async changeAndWait(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<Diagnostic[]> {
    const version = await this.change(uri, changes);
    return this.diagnostics(uri, version);
  }

  async close(uri: string): Promise<void> {
    this.texts.delete(uri);
    await this.notifyServer('textDocument/didClose', { textDocument: { uri } });
  }

  /** didSave (without text). */
  async save(uri: string): Promise<void> {
    await this.notifyServer('textDocument/didSave', { textDocument: { uri } });
  }

  /** workspace/didChangeWatchedFiles for one file path (type 1 created, 2 changed, 3 deleted). */
  async watchedFileChanged(file: string, type: 1 | 2 | 3 = 2): Promise<void> {
    await this.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(file).href, type }] });
  }

  /** The diagnostics of `text` opened as a new document (then closed): the reference for incremental results. */
  async fresh(text: string): Promise<Diagnostic[]> {
    return (await this.freshWithFixes(text)).diagnostics;
  }

  /** The same, with the quick fixes offered for those diagnostics (comparableFixes). */
  async freshWithFixes(text: string): Promise<{ diagnostics: Diagnostic[]; fixes: unknown[] }> {
    const uri = docUri('fresh');
    const diagnostics = await this.open(uri, text);
    const fixes = await this.quickFixes(uri, diagnostics);
    await this.close(uri);
    return { diagnostics, fixes };
  }

  /**
   * The quick fixes offered for `diagnostics` anywhere in the document, comparable between documents:
   * title, preference and the edits to this document (a Python module's publication does not carry its
   * fixes or noqa edits; code actions make them).
   */
  async quickFixes(uri: string, diagnostics: Diagnostic[]): Promise<unknown[]> {
    const everywhere = { start: { line: 0, character: 0 }, end: { line: 1_000_000, character: 0 } };
    const actions = await this.codeActions(uri, everywhere, diagnostics);
    return actions.map((a) => ({ title: a.title, kind: a.kind, isPreferred: a.isPreferred, for: a.diagnostics?.map(key), edits: ProtocolClient.editsFor(a.edit, uri) }));
  }

  hover(uri: string, position: Position, token?: CancellationToken): Promise<Hover | null> {
    return this.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position }, token);
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    return this.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } });
  }

  /** The edits of a workspace edit for `uri`, whichever of `changes` / `documentChanges` it uses. */
  static editsFor(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
    if (!edit) return [];
    if (edit.documentChanges) {
      return edit.documentChanges.flatMap((change) => ('textDocument' in change && change.textDocument.uri === uri ? (change.edits as TextEdit[]) : []));
    }
    return edit.changes?.[uri] ?? [];
  }

  /** Applies a workspace edit client-side and sends the result as one didChange of range edits (last first). */
  async applyWorkspaceEdit(uri: string, edit: WorkspaceEdit | undefined): Promise<Diagnostic[]> {
    const edits = ProtocolClient.editsFor(edit, uri);
    const text = this.text(uri);
    // Range changes in one notification apply in order, each to the result of the previous: send them
    // from the end of the document backwards so earlier ranges stay valid.
    const ordered = sortEdits(text, edits).reverse();
    return this.changeAndWait(uri, ordered.map((e) => ({ range: e.range, text: e.newText })));
  }

  /** The server process's exit code, once it has exited. */
  exitCodePromise(): Promise<number | null> {
    return this.exitPromise;
  }

  /** Closes the server's stdin, as a crashed editor would. */
  closeInput(): void {
    this.child.stdin!.end();
  }

  /** shutdown, then exit; resolves with the process's exit code. */
  async shutdown(): Promise<number | null> {
    if (this.exitCode !== undefined) return this.exitCode;
    await this.request('shutdown');
    await this.notifyServer('exit');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), EXIT_WAIT_MS)));
    const code = await Promise.race([this.exitPromise, timeout]);
    clearTimeout(timer);
    this.connection.dispose();
    if (code === 'timeout') {
      this.child.kill();
      throw new Error(`the server did not exit within ${EXIT_WAIT_MS / 1000} s of \`exit\``);
    }
    return code;
  }

  /** For `finally` blocks: ends the server whatever state it is in. */
  async dispose(): Promise<void> {
    if (this.exitCode !== undefined) return;
    try {
      await Promise.race([this.shutdown(), new Promise((resolve) => setTimeout(resolve, EXIT_WAIT_MS).unref())]);
    } catch {
      // fall through to kill
    }
    if (this.exitCode === undefined) this.child.kill();
    this.connection.dispose();
  }
}

/**
 * How long a server may take to end after `exit`. This checks that it ends at all (a server that keeps
 * running after `exit` fails), not how fast: 3 s was too short twice on a machine at load 20-30.
 */
const EXIT_WAIT_MS = 15_000;

/** Offsets of line starts; a line break is \n, \r\n or a lone \r, as in LSP. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    if (c === 13 || c === 10) starts.push(i + 1);
  }
  return starts;
}

/** LSP position (UTF-16 column) → offset, clamping the column to the line's content as LSP requires. */
export function offsetAt(text: string, position: Position, starts = lineStarts(text)): number {
  if (position.line >= starts.length) return text.length;
  const start = starts[position.line];
  let end = position.line + 1 < starts.length ? starts[position.line + 1] : text.length;
  if (end > start && text[end - 1] === '\n') end--;
  if (end > start && text[end - 1] === '\r') end--;
  return Math.min(start + position.character, end);
}

export function positionAt(text: string, offset: number): Position {
  const starts = lineStarts(text);
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
  return { line, character: offset - starts[line] };
}

function sortEdits(text: string, edits: readonly TextEdit[]): TextEdit[] {
  const starts = lineStarts(text);
  return edits
    .map((edit, index) => ({ edit, index, start: offsetAt(text, edit.range.start, starts) }))
    .sort((a, b) => a.start - b.start || a.index - b.index)
    .map((entry) => entry.edit);
}

/** Applies non-overlapping text edits (all relative to `text`) as an editor does. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const starts = lineStarts(text);
  const resolved = edits
    .map((edit, index) => ({ start: offsetAt(text, edit.range.start, starts), end: offsetAt(text, edit.range.end, starts), newText: edit.newText, index }))
    .sort((a, b) => a.start - b.start || a.index - b.index);
  let result = '';
  let cursor = 0;
  for (const edit of resolved) {
    if (edit.start < cursor) throw new Error(`overlapping edits at offset ${edit.start}`);
    result += text.slice(cursor, edit.start) + edit.newText;
    cursor = edit.end;
  }
  return result + text.slice(cursor);
}

/**
 * The parts of a diagnostic that must not depend on how the text got there (not the version in data; a
 * module's fixes are compared through its quick fixes).
 */
export function comparable(diagnostics: readonly Diagnostic[]) {
  return diagnostics.map((d) => ({ range: d.range, code: d.code, severity: d.severity, source: d.source, message: d.message }));
}

/** Code, range and message: what must be equal between two analyses of the same text. */
export const key = (d: Diagnostic): string => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code} ${d.message}`;

/** 1-based `line:column code` of each diagnostic, sorted. */
export const summarize = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`).sort();

export const codes = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)}`);

/** The range of the `occurrence`-th match of `needle` in `text` (UTF-16 columns). */
export function rangeOf(text: string, needle: string, occurrence = 0): Range {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`"${needle}" not found (occurrence ${occurrence})`);
  }
  return { start: positionAt(text, index), end: positionAt(text, index + needle.length) };
}
