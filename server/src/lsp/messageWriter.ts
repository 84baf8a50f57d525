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

/**
 * The server's writer on stdio. Unlike vscode-jsonrpc's stream writer, it writes each message at once,
 * as one buffer: that writer encodes on a later turn of the event loop (behind a semaphore, for encoders
 * that may be asynchronous), writes the header and the body as two writes (two system calls, and the
 * client woken twice), and serialises the whole message to a string before copying it into a buffer.
 * Messages are written in the order they are sent, as before.
 */
export class FramingMessageWriter extends AbstractMessageWriter implements MessageWriter {
  private errorCount = 0;

  constructor(private readonly stream: NodeJS.WritableStream) {
    super();
    stream.on('error', (error: Error) => this.fireError(error));
    stream.on('close', () => this.fireClose());
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
      this.stream.write(frame, (error?: Error | null) => {
        if (!error) return resolve();
        this.errorCount++;
        this.fireError(error, message, this.errorCount);
        reject(error);
      });
    });
  }

  end(): void {
    this.stream.end();
  }
}
