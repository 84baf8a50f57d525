import { format } from 'node:util';
import { Connection, ConnectionOptions, ErrorCodes, Message, MessageReader, ProposedFeatures, RemoteConsole, RequestMessage, ResponseError, createConnection } from 'vscode-languageserver/node';
import { FramingMessageWriter, MAX_UNREAD_BYTES } from './messageWriter';

/**
 * Largest message accepted on stdio. VS Code does not sync files over 50 MB to extensions, and SageLint
 * skips files over sagelint.maxFileSizeMB (5 MB by default) anyway; without a cap a bogus Content-Length
 * (1e12) made the reader buffer whatever followed (200 MB and counting) waiting for the body.
 */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
/** Longest header section: a stream that never ends its headers is buffered just the same. */
const MAX_HEADER_BYTES = 64 * 1024;

/**
 * Follows the stdio framing beside vscode-jsonrpc's reader (both see every chunk) and ends the process
 * when a message announces more than the cap, or its headers never end: the connection cannot go on
 * (after a bogus length nothing says where the next message starts), and buffering would grow without
 * bound. Returns the listener (tests feed it chunks).
 */
export function watchMessageSizes(onTooLarge: (why: string) => void, maxBytes = MAX_MESSAGE_BYTES): (chunk: Buffer | string) => void {
  let header = Buffer.alloc(0);
  /** Body bytes still to skip, or -1 while reading headers. */
  let body = -1;
  let stopped = false;
  return (chunk) => {
    let data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    while (!stopped && data.length) {
      if (body > 0) {
        const taken = Math.min(body, data.length);
        body -= taken;
        data = data.subarray(taken);
        continue;
      }
      header = Buffer.concat([header, data]);
      data = Buffer.alloc(0);
      const end = header.indexOf('\r\n\r\n');
      if (end < 0) {
        if (header.length > MAX_HEADER_BYTES) {
          stopped = true;
          onTooLarge(`a message's headers ran past ${MAX_HEADER_BYTES} bytes without ending`);
        }
        return;
      }
      const length = Number(/(?:^|\r\n)content-length:\s*(\d+)/i.exec(header.subarray(0, end).toString('ascii'))?.[1] ?? 0);
      if (length > maxBytes) {
        stopped = true;
        onTooLarge(`a message announced ${length} bytes (Content-Length), over the limit of ${maxBytes}`);
        return;
      }
      data = header.subarray(end + 4);
      header = Buffer.alloc(0);
      body = length;
      if (body === 0) body = -1;
    }
    if (body === 0) body = -1;
  };
}

/** The method a request sent before `initialize` is turned into: its handler answers -32002. */
const NOT_INITIALIZED = 'sagelint/notInitialized';

/**
 * The transport the command line names, as vscode-languageserver picks it: the first of --node-ipc,
 * --stdio, --socket and --pipe after the script. `sagelint lsp` adds --stdio to whatever it was given, so
 * `sagelint lsp --node-ipc` names two, and the first wins.
 */
export function transportOf(argv: readonly string[]): '--node-ipc' | '--stdio' | '--socket' | '--pipe' | undefined {
  for (const arg of argv.slice(2)) {
    if (arg === '--node-ipc' || arg === '--stdio') return arg;
    const name = arg.split('=')[0];
    if (name === '--socket' || name === '--pipe') return name;
  }
  return undefined;
}

/**
 * The connection on the transport named on the command line (as vscode-languageserver picks it), with
 * the protocol's rule before `initialize`: a request gets the "server not initialized" error (-32002),
 * a notification other than `exit` is dropped. On stdio, messages over the size cap end the process.
 */
export function createServerConnection(argv: readonly string[] = process.argv): Connection {
  let initialized = false;
  const stdio = transportOf(argv) === '--stdio';
  const options: ConnectionOptions = {
    messageStrategy: {
      handleMessage(message: Message, next: (message: Message) => void) {
        if (initialized) return next(message);
        const { method, id } = message as Partial<RequestMessage>;
        if (method === 'initialize') {
          initialized = true;
          return next(message);
        }
        if (id !== undefined && id !== null && method !== undefined) return next({ ...message, method: NOT_INITIALIZED, params: { method } } as RequestMessage);
        if (method === 'exit') return next(message);
      },
    },
  };
  // On stdio, messages go out through FramingMessageWriter (one write per message, publications written
  // from their findings). Given streams, vscode-languageserver no longer sends console output to the client
  // as it does when it finds --stdio itself, so that is done here: console.log on stdout would break the
  // framing of the messages.
  // stdin stays a stream (the library reads it, and ends the process when it ends, as with --stdio); the
  // typings want two streams or a reader and a writer, but each side is taken as either.
  const connection = stdio
    ? createConnection(ProposedFeatures.all, process.stdin as unknown as MessageReader, new FramingMessageWriter(process.stdout, MAX_UNREAD_BYTES, clientGone), options)
    : createConnection(ProposedFeatures.all, options);
  if (stdio) sendConsoleTo(connection.console);
  connection.onRequest(NOT_INITIALIZED, (params: { method?: string }) => {
    return new ResponseError(ErrorCodes.ServerNotInitialized, `the server is not initialized: "${params?.method}" came before "initialize"`);
  });
  if (stdio) {
    process.stdin.on(
      'data',
      watchMessageSizes((why) => {
        process.stderr.write(`sagelint: ${why}; closing the connection.\n`);
        process.exit(1);
      }),
    );
  }
  return connection;
}

/**
 * The client closed its end of stdout (EPIPE): nothing the server writes can arrive any more, and the
 * library's own report of the failed write (a log message to the client) would throw on the closed
 * connection and end the process with a stack trace. The server leaves with one line on stderr instead;
 * exit code 1, as for a client that goes away without `shutdown`.
 */
function clientGone(error: Error): void {
  process.stderr.write(`sagelint: the client closed the connection (${(error as NodeJS.ErrnoException).code ?? error.message}); exiting.\n`);
  process.exit(1);
}

/**
 * Console output as log messages to the client (what vscode-languageserver does itself when it finds
 * --stdio on the command line): on stdio, anything written to stdout besides the messages would corrupt
 * their framing. Errors and warnings go out as such, everything else as log lines.
 */
export function sendConsoleTo(remote: Pick<RemoteConsole, 'error' | 'warn' | 'info' | 'log'>, target: Console = console): void {
  const to = (send: (message: string) => void) => (...args: unknown[]) => send(format(...args));
  target.error = to((message) => remote.error(message));
  target.warn = to((message) => remote.warn(message));
  target.info = to((message) => remote.info(message));
  target.log = to((message) => remote.log(message));
  target.debug = target.log;
  target.trace = to((message) => remote.log(`${message}\n${new Error().stack?.split('\n').slice(2).join('\n') ?? ''}`));
  target.dir = (value: unknown) => remote.log(format('%o', value));
  target.table = target.log;
  target.assert = (assertion?: unknown, ...args: unknown[]) => {
    if (!assertion) remote.error(`Assertion failed${args.length ? `: ${format(...args)}` : ''}`);
  };
}
