import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/server';

/** Starts the language server on the transport named on the command line (--stdio, --node-ipc). */
export function runServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  startServer(connection);
}
