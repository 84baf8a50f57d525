import { startServer } from './lsp/server';
import { lowerHelperThreadPriority } from './lsp/threadPriority';
import { createServerConnection } from './lsp/transport';

/** Starts the language server on the transport named on the command line (--stdio, --node-ipc). */
export function runServer(): void {
  // The main thread answers the editor; V8's helper threads (optimising compiler, parallel GC) work for it at a lower priority.
  lowerHelperThreadPriority();
  const connection = createServerConnection();
  startServer(connection);
}
