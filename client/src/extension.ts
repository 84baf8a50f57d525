import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, State, TransportKind } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;
let statusItem: vscode.StatusBarItem | undefined;
let output: vscode.LogOutputChannel | undefined;
/** The server's last `sagelint/status`: the detected SDK version and environment. */
/** The Python extension's active interpreter when the server was last started. */
let interpreterPath: string | undefined;
let environmentStatus: { summary: string; details: readonly string[]; untrusted?: boolean } | undefined;
/** The server's `sagelint/fileStatus` for the active editor: the SDK version that document runs (a notebook's own pin included). */
let fileStatus: { uri: string; summary: string; details: readonly string[] } | undefined;

/**
 * A thin client: it starts the server, forwards settings, and shows the server's state in the status
 * bar. All analysis happens in the server, which other editors use unchanged.
 */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('SageLint', { log: true });
  statusItem = vscode.window.createStatusBarItem('sagelint.status', vscode.StatusBarAlignment.Right, 100);
  statusItem.name = 'SageLint';
  statusItem.command = 'sagelint.showOutput';
  context.subscriptions.push(output, statusItem);

  context.subscriptions.push(
    vscode.commands.registerCommand('sagelint.showOutput', () => output?.show(true)),
    vscode.commands.registerCommand('sagelint.showEnvironment', () => showEnvironment()),
    // Trust granted: restart so the server may read the environment and requirement files.
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      interpreterPath = await pythonInterpreter();
      await client?.restart();
    }),
    vscode.commands.registerCommand('sagelint.restartServer', async () => {
      output?.appendLine('Restarting the SageLint server.');
      if (client) await client.restart();
      else await startClient(context);
    }),
  );
  await startClient(context);
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  interpreterPath = await pythonInterpreter();
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
      // Notebook cells (the server also declares notebookDocumentSync for jupyter-notebook).
      { scheme: 'vscode-notebook-cell', language: 'python' },
      // pip requirements files and pyproject.toml dependencies: SM703 (boto3 and its stubs pinned to different versions).
      { scheme: 'file', pattern: '**/requirements*.txt' },
      { scheme: 'file', pattern: '**/pyproject.toml' },
    ],
    // A function: read again at every (re)start, so a restart after trust is granted sees it.
    initializationOptions: () => ({ trusted: vscode.workspace.isTrusted, interpreter: interpreterPath }),
    synchronize: { configurationSection: 'sagelint' },
    outputChannel: output,
    traceOutputChannel: output,
  };
  client = new LanguageClient('sagelint', 'SageLint', serverOptions, clientOptions);
  client.onDidChangeState(({ newState }) => updateStatus(newState));
  const started = client;
  client.onNotification('sagelint/status', (status: typeof environmentStatus) => {
    environmentStatus = status;
    if (started.state === State.Running) updateStatus(State.Running);
    // The environment, or a notebook's pin, changed: ask again what the active document runs.
    void refreshFileStatus(started);
  });
  followActiveEditor(context, started);
  watchInterpreter(context, () => client);
  updateStatus(State.Starting);
  try {
    await client.start();
  } catch (error) {
    output?.appendLine(`SageLint server failed to start: ${String(error)}`);
    updateStatus(State.Stopped);
  }
}

/** The document the status bar speaks for: the active text editor's, or the active notebook when a cell (or the notebook) has focus. */
function activeDocumentUri(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document.uri.scheme !== 'vscode-notebook-cell') return editor.document.uri.toString();
  return (vscode.window.activeNotebookEditor?.notebook.uri ?? editor?.document.uri)?.toString();
}

/** Asks the server which SDK version the active document runs, and shows it. */
async function refreshFileStatus(started: LanguageClient): Promise<void> {
  const uri = activeDocumentUri();
  if (!uri || started.state !== State.Running) {
    fileStatus = undefined;
    updateStatus(started.state);
    return;
  }
  try {
    const answer = await started.sendRequest<{ summary: string; details: readonly string[] }>('sagelint/fileStatus', { uri });
    // Another editor may have become active while the server answered.
    if (activeDocumentUri() !== uri) return;
    fileStatus = { uri, summary: answer.summary, details: answer.details };
  } catch {
    fileStatus = undefined;
  }
  if (client === started) updateStatus(started.state);
}

/** The status bar follows the active editor, and a notebook's edits (its `%pip install` line may change). */
function followActiveEditor(context: vscode.ExtensionContext, started: LanguageClient): void {
  let timer: NodeJS.Timeout | undefined;
  const later = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void refreshFileStatus(started), 300);
  };
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(() => void refreshFileStatus(started)),
    vscode.window.onDidChangeActiveNotebookEditor(() => void refreshFileStatus(started)),
    vscode.workspace.onDidChangeNotebookDocument((event) => {
      if (event.notebook.uri.toString() === vscode.window.activeNotebookEditor?.notebook.uri.toString()) later();
    }),
    { dispose: () => timer && clearTimeout(timer) },
  );
}

function updateStatus(state: State): void {
  if (!statusItem) return;
  const shown = fileStatus ?? environmentStatus;
  switch (state) {
    case State.Running:
      statusItem.text = shown ? `$(check) SageLint: ${shown.summary}` : '$(check) SageLint';
      statusItem.tooltip = shown
        ? `SageLint is checking SageMaker code.\n${shown.details.join('\n')}\nClick for the environment details.`
        : 'SageLint is checking SageMaker code. Click to show its output.';
      statusItem.command = environmentStatus ? 'sagelint.showEnvironment' : 'sagelint.showOutput';
      statusItem.backgroundColor = undefined;
      break;
    case State.Starting:
      statusItem.text = '$(sync~spin) SageLint';
      statusItem.tooltip = 'SageLint is starting.';
      statusItem.backgroundColor = undefined;
      break;
    default:
      statusItem.text = '$(error) SageLint';
      statusItem.tooltip = 'The SageLint server is not running. Click to show its output, or run "SageLint: Restart Server".';
      statusItem.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
  }
  statusItem.show();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** The Python extension's API, as far as sagelint uses it (its `environments` export). */
interface PythonEnvironmentsApi {
  getActiveEnvironmentPath(resource?: vscode.Uri): { path: string } | undefined;
  onDidChangeActiveEnvironmentPath(listener: () => void): vscode.Disposable;
}

async function pythonEnvironments(): Promise<PythonEnvironmentsApi | undefined> {
  try {
    const extension = vscode.extensions.getExtension('ms-python.python');
    if (!extension) return undefined;
    // Waiting for the Python extension must not hold up SageLint's start for long.
    const activated = extension.isActive ? extension.exports : await Promise.race([extension.activate(), new Promise((resolve) => setTimeout(() => resolve(undefined), 3000))]);
    const exports = activated as { environments?: PythonEnvironmentsApi } | undefined;
    return exports?.environments;
  } catch (error) {
    output?.appendLine(`SageLint: could not ask the Python extension for its interpreter: ${String(error)}`);
    return undefined;
  }
}

/** The Python extension's active interpreter for the first workspace folder (a path to python), if any. */
async function pythonInterpreter(): Promise<string | undefined> {
  if (!vscode.workspace.isTrusted) return undefined;
  try {
    const api = await pythonEnvironments();
    return api?.getActiveEnvironmentPath(vscode.workspace.workspaceFolders?.[0]?.uri)?.path;
  } catch {
    return undefined;
  }
}

/** Tells the server when the Python extension's active interpreter changes. */
function watchInterpreter(context: vscode.ExtensionContext, current: () => LanguageClient | undefined): void {
  void pythonEnvironments().then((api) => {
    if (!api) return;
    try {
      context.subscriptions.push(
        api.onDidChangeActiveEnvironmentPath(async () => {
          const interpreter = await pythonInterpreter();
          await current()?.sendNotification('sagelint/setInterpreter', { interpreter: interpreter ?? null });
        }),
      );
    } catch {
      // an older Python extension without the event: the interpreter is read at start only
    }
  });
}

async function showEnvironment(): Promise<void> {
  if (!environmentStatus) {
    void vscode.window.showInformationMessage('SageLint has not detected the Python environment yet.');
    return;
  }
  const shown = fileStatus ?? environmentStatus;
  const items = [{ label: shown.summary, kind: vscode.QuickPickItemKind.Separator }, ...shown.details.map((label) => ({ label }))];
  await vscode.window.showQuickPick(items, { title: 'SageLint: Python environment', placeHolder: 'Set sagelint.pythonPath to choose another environment' });
}
