import { Connection, ErrorCodes, Message, ProposedFeatures, RequestMessage, ResponseError, createConnection } from 'vscode-languageserver/node';

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
 * The connection on the transport named on the command line (as vscode-languageserver picks it), with
 * the protocol's rule before `initialize`: a request gets the "server not initialized" error (-32002),
 * a notification other than `exit` is dropped. On stdio, messages over the size cap end the process.
 */
export function createServerConnection(argv: readonly string[] = process.argv): Connection {
  let initialized = false;
  const connection = createConnection(ProposedFeatures.all, {
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
  });
  connection.onRequest(NOT_INITIALIZED, (params: { method?: string }) => {
    return new ResponseError(ErrorCodes.ServerNotInitialized, `the server is not initialized: "${params?.method}" came before "initialize"`);
  });
  if (argv.includes('--stdio')) {
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
