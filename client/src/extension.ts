import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, State, TransportKind } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;
let statusItem: vscode.StatusBarItem | undefined;
let output: vscode.LogOutputChannel | undefined;

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
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
    ],
    synchronize: { configurationSection: 'sagelint' },
    outputChannel: output,
    traceOutputChannel: output,
  };
  client = new LanguageClient('sagelint', 'SageLint', serverOptions, clientOptions);
  client.onDidChangeState(({ newState }) => updateStatus(newState));
  updateStatus(State.Starting);
  try {
    await client.start();
  } catch (error) {
    output?.appendLine(`SageLint server failed to start: ${String(error)}`);
    updateStatus(State.Stopped);
  }
}

function updateStatus(state: State): void {
  if (!statusItem) return;
  switch (state) {
    case State.Running:
      statusItem.text = '$(check) SageLint';
      statusItem.tooltip = 'SageLint is checking SageMaker code. Click to show its output.';
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
