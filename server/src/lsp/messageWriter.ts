import { AbstractMessageWriter, Message, MessageWriter, NotificationMessage } from 'vscode-languageserver/node';

/**
 * Notification params that write their own JSON text into a buffer, so that a large message (a
 * publication of a few hundred diagnostics: about 100 KB on every keystroke in a 2,000-line module) is
 * written from its parts, without making it as one string first and copying that string into a buffer.
 * `toJSON` gives the same value as plain data, for every other path (another transport's writer, tracing):
 * whichever way it goes, the client receives the same JSON.
 */
export abstract class SelfEncodingParams {
  /**
   * Bytes of the JSON text `writeJson` will write (UTF-8), or undefined when it cannot write this value
   * (the writer then serialises `toJSON()` as usual).
   */
  abstract jsonByteLength(): number | undefined;
  /** Writes exactly `jsonByteLength()` bytes at `offset`: JSON.stringify(this.toJSON()), encoded as UTF-8. */
  abstract writeJson(buffer: Buffer, offset: number): void;
  abstract toJSON(): unknown;
}

const HEADER_START = 'Content-Length: ';
const HEADER_END = '\r\n\r\n';

/**
 * A message framed as the base protocol wants it (vscode-jsonrpc's own writer frames the same way:
 * `Content-Length: N\r\n\r\n` then the JSON text, N its length in bytes), in one buffer.
 */
export function frameMessage(message: Message): Buffer {
  const params = (message as NotificationMessage).params;
  if (params instanceof SelfEncodingParams && Message.isNotification(message)) {
    const bodyLength = params.jsonByteLength();
    if (bodyLength !== undefined) {
      // The keys in vscode-jsonrpc's order for a notification: jsonrpc, method, params.
      const head = `{"jsonrpc":${JSON.stringify(message.jsonrpc)},"method":${JSON.stringify(message.method)},"params":`;
      const headLength = Buffer.byteLength(head, 'utf8');
      const length = headLength + bodyLength + 1;
      const header = `${HEADER_START}${length}${HEADER_END}`;
      const frame = Buffer.allocUnsafe(header.length + length);
      let at = frame.write(header, 0, 'latin1');
      at += frame.write(head, at, 'utf8');
      params.writeJson(frame, at);
      frame[frame.length - 1] = 0x7d; // }
      return frame;
    }
  }
  const json = JSON.stringify(message);
  const length = Buffer.byteLength(json, 'utf8');
  const header = `${HEADER_START}${length}${HEADER_END}`;
  const frame = Buffer.allocUnsafe(header.length + length);
  frame.write(json, frame.write(header, 0, 'latin1'), 'utf8');
  return frame;
}

const PUBLISH_DIAGNOSTICS = 'textDocument/publishDiagnostics';

/**
 * Bytes the client may leave unread on stdout before publications are held back. A client that stops
 * reading (busy, or suspended in a debugger) would otherwise make the server keep every frame written
 * meanwhile: each keystroke in a 2,000-line module publishes about 100 KB. Below this the writer never
 * holds anything, so a client that keeps up sees no delay.
 */
export const MAX_UNREAD_BYTES = 1024 * 1024;

/** The document a publishDiagnostics notification is for, or undefined for any other message. */
function publishedUri(message: Message): string | undefined {
  if (!Message.isNotification(message) || message.method !== PUBLISH_DIAGNOSTICS) return undefined;
  const uri = (message.params as { uri?: unknown } | undefined)?.uri;
  return typeof uri === 'string' ? uri : undefined;
}

interface Held {
  frame: Buffer;
  message: Message;
  /** The document of a publication: a newer publication for it replaces this one while both wait. */
  uri: string | undefined;
  resolve(): void;
  reject(error: Error): void;
}

/**
 * The server's writer on stdio. Unlike vscode-jsonrpc's stream writer, it writes each message at once,
 * as one buffer: that writer encodes on a later turn of the event loop (behind a semaphore, for encoders
 * that may be asynchronous), writes the header and the body as two writes (two system calls, and the
 * client woken twice), and serialises the whole message to a string before copying it into a buffer.
 * Messages are written in the order they are sent, as before.
 *
 * When the client leaves more than MAX_UNREAD_BYTES unread, messages wait in order until the stream
 * drains, and a document's waiting publication is dropped for a newer one of the same document (the
 * newer one takes its place at the end, behind everything sent before it): the client only ever shows a
 * document's latest diagnostics, and the memory held stays bounded by the open documents, not the
 * keystrokes. Nothing else is dropped or reordered.
 */
export class FramingMessageWriter extends AbstractMessageWriter implements MessageWriter {
  private errorCount = 0;
  /** Messages waiting for the stream to drain, in send order; entries before `head` are gone. */
  private held: (Held | undefined)[] = [];
  private head = 0;
  /** Where each document's waiting publication is in `held`. */
  private readonly heldPublications = new Map<string, number>();

  /** Set once a write failed because nobody reads the stream any more. */
  private gone = false;

  /**
   * `onClientGone` is called (once) when a write fails because the reading end is closed (EPIPE): the
   * client has gone, and nothing written from then on can arrive. It is called before the failed write's
   * promise is rejected, so that the server can leave quietly instead of the library's own error report
   * (a log message to the client, itself failing on the closed connection) ending it with a stack trace.
   */
  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly maxUnreadBytes = MAX_UNREAD_BYTES,
    private readonly onClientGone?: (error: Error) => void,
  ) {
    super();
    stream.on('error', (error: Error) => {
      if (this.clientGone(error)) return;
      this.fireError(error);
    });
    stream.on('close', () => this.fireClose());
    stream.on('drain', () => this.release());
  }

  write(message: Message): Promise<void> {
    let frame: Buffer;
    try {
      frame = frameMessage(message);
    } catch (error) {
      this.fireError(error, message);
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      const entry: Held = { frame, message, uri: publishedUri(message), resolve, reject };
      if (this.head === this.held.length && !this.clientBehind()) return this.send(entry);
      if (entry.uri !== undefined) {
        const older = this.heldPublications.get(entry.uri);
        if (older !== undefined) {
          // Superseded before it was written: its purpose is served by the newer publication.
          this.held[older]!.resolve();
          this.held[older] = undefined;
        }
        this.heldPublications.set(entry.uri, this.held.length);
      }
      this.held.push(entry);
    });
  }

  end(): void {
    this.stream.end();
  }

  /** Whether `error` says the client stopped reading; tells `onClientGone` the first time. */
  private clientGone(error: Error): boolean {
    const code = (error as NodeJS.ErrnoException).code;
    if (!this.onClientGone || (code !== 'EPIPE' && code !== 'ERR_STREAM_DESTROYED' && code !== 'ECONNRESET')) return false;
    if (!this.gone) {
      this.gone = true;
      this.onClientGone(error);
    }
    return true;
  }

  private clientBehind(): boolean {
    return ((this.stream as { writableLength?: number }).writableLength ?? 0) > this.maxUnreadBytes;
  }

  /** Writes waiting messages while the client keeps up. */
  private release(): void {
    while (this.head < this.held.length && !this.clientBehind()) {
      const entry = this.held[this.head];
      this.held[this.head++] = undefined;
      if (!entry) continue;
      if (entry.uri !== undefined) this.heldPublications.delete(entry.uri);
      this.send(entry);
    }
    if (this.head === this.held.length) {
      this.held = [];
      this.head = 0;
    }
  }

  private send(entry: Held): void {
    this.stream.write(entry.frame, (error?: Error | null) => {
      if (!error) return entry.resolve();
      // The client has gone: the promise stays unsettled, as the server is leaving (see onClientGone).
      if (this.clientGone(error)) return;
      this.errorCount++;
      this.fireError(error, entry.message, this.errorCount);
      entry.reject(error);
    });
  }
}
