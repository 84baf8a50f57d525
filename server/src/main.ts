import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/server';

/** Entry point of dist/server.js: `node dist/server.js --stdio` (or --node-ipc, as VS Code starts it). */
export function runServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  startServer(connection);
}

if (require.main === module) runServer();
