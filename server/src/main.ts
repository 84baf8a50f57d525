import { startServer } from './lsp/server';
import { createServerConnection } from './lsp/transport';

/** Starts the language server on the transport named on the command line (--stdio, --node-ipc). */
export function runServer(): void {
  const connection = createServerConnection();
  startServer(connection);
}
