import { Diagnostic, DiagnosticSeverity, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { AnalyzedFinding } from '../analysis/analyze';
import { ruleDocUrl } from '../rules/registry';
import { Severity } from '../rules/types';
import { LineIndex } from '../text/lineIndex';
import { SelfEncodingParams } from './messageWriter';

export const SOURCE = 'sagelint';

/** A finding's severity as the protocol numbers it (Python documents and notebook cells alike). */
export const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * What a published diagnostic of a Python document carries: the version it was made for. Its fixes and
 * its "# noqa" edit are not published: code actions never read them from the client (a forged diagnostic
 * could carry any edit; see CurrentDiagnostics), and sent with every publication they were a quarter of
 * it (a 2,000-line module's findings: 30 of 135 KB, serialised, written and parsed again on every
 * keystroke). Code actions make them from the server's own analysis of the current version instead.
 */
export interface PublishedData {
  version: number;
}

/**
 * A publication's diagnostics share what is the same in each (never changed once made: they are only
 * serialised, and code actions read them): a rule's link, and the `{version}` of the version published.
 * A keystroke in a 2,000-line module publishes about 190 diagnostics.
 */
const codeDescriptions = new Map<string, { href: string }>();
let lastData: PublishedData = { version: -1 };

export function toDiagnostic(finding: AnalyzedFinding, lines: LineIndex, version: number): Diagnostic {
  if (lastData.version !== version) lastData = { version };
  let codeDescription = codeDescriptions.get(finding.code);
  if (!codeDescription) codeDescriptions.set(finding.code, (codeDescription = { href: ruleDocUrl(finding.code) }));
  return {
    range: lines.range(finding.start, finding.end),
    severity: SEVERITY[finding.severity],
    code: finding.code,
    codeDescription,
    source: SOURCE,
    message: finding.message,
    data: lastData,
  };
}

const ascii = (text: string) => Buffer.from(text, 'latin1');
const RANGE_START = ascii('{"range":{"start":{"line":');
const CHARACTER = ascii(',"character":');
const END_LINE = ascii('},"end":{"line":');
const DATA_VERSION = ascii(',"data":{"version":');
const DIAGNOSTICS = ascii(',"diagnostics":[');

/**
 * What follows a diagnostic's range, up to its message, for a rule and severity: the same in every
 * diagnostic of that rule. Built from JSON.stringify of the same fields, so the text is the same.
 * Bounded: one per rule and severity.
 */
const ruleParts = new Map<string, Partial<Record<Severity, Buffer>>>();

function rulePart(code: string, severity: Severity): Buffer {
  let parts = ruleParts.get(code);
  if (!parts) ruleParts.set(code, (parts = {}));
  let part = parts[severity];
  if (!part) {
    const json = JSON.stringify({ severity: SEVERITY[severity], code, codeDescription: { href: ruleDocUrl(code) }, source: SOURCE, message: '' });
    // `{"severity":1,…,"message":""}` → `}},"severity":1,…,"message":` (closing the range's end and the range first).
    part = parts[severity] = Buffer.from(`}}${json.replace(/^\{/, ',').replace(/""\}$/, '')}`, 'utf8');
  }
  return part;
}

/**
 * The JSON text of each message published for the few most recently published documents: a keystroke
 * publishes the same messages again (most findings are untouched by it), and JSON.stringify of each
 * message was most of the work left (nearly every message quotes code). A document's texts are dropped
 * when it closes, when newer documents take its place (the last `keep` published are kept), and by
 * `clear` (the server clears them at rest); a document's entries are renewed from its current messages
 * when more than twice as many have gathered.
 */
export class MessageTexts {
  private readonly byDocument = new Map<string, Map<string, string>>();

  constructor(private readonly keep = 3) {}

  /** The cache of a document's message texts, made the most recent. */
  of(uri: string): Map<string, string> {
    let texts = this.byDocument.get(uri);
    if (texts) this.byDocument.delete(uri);
    else texts = new Map();
    this.byDocument.set(uri, texts);
    if (this.byDocument.size > this.keep) this.byDocument.delete(this.byDocument.keys().next().value!);
    return texts;
  }

  forget(uri: string): void {
    this.byDocument.delete(uri);
  }

  clear(): void {
    this.byDocument.clear();
  }

  /** How many texts are kept (tests). */
  get size(): number {
    let size = 0;
    for (const texts of this.byDocument.values()) size += texts.size;
    return size;
  }
}

function digits(n: number): number {
  let count = 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    count++;
  }
  return count;
}

/** Writes a non-negative integer's decimal digits; returns the offset after them. */
function writeDigits(buffer: Buffer, offset: number, n: number): number {
  const end = offset + digits(n);
  let at = end;
  do {
    buffer[--at] = 48 + (n % 10);
    n = Math.floor(n / 10);
  } while (n > 0);
  return end;
}

/**
 * The diagnostics of a Python document's version, as published: what `toJSON` gives (the same as
 * `toDiagnostic` of each finding), written straight from the findings by the stdio writer. About 190
 * diagnostics of a 2,000-line module are 100 KB of JSON: made as objects and serialised to one string on
 * every keystroke, they were a third of what the server allocated per keystroke.
 */
export class FindingsPublication extends SelfEncodingParams {
  /** Per finding: its range's four numbers (line, character, line, character); filled by `jsonByteLength`. */
  private positions: Uint32Array | undefined;
  /** Per finding: its message's JSON text, and that text's length in bytes. */
  private messages: string[] = [];
  private messageBytes: Uint32Array | undefined;
  private uriJson = '';
  private versionJson = '';

  constructor(
    readonly uri: string,
    readonly version: number,
    private readonly findings: readonly AnalyzedFinding[],
    private readonly lines: LineIndex,
    /** Message texts already made (see MessageTexts): used, and added to. */
    private readonly messageTexts: Map<string, string> = new Map(),
  ) {
    super();
  }

  toJSON(): PublishDiagnosticsParams {
    return { uri: this.uri, version: this.version, diagnostics: this.findings.map((finding) => toDiagnostic(finding, this.lines, this.version)) };
  }

  jsonByteLength(): number | undefined {
    // A version that is not a plain integer is left to JSON.stringify (it is whatever the client sent).
    if (!Number.isSafeInteger(this.version)) return undefined;
    this.uriJson = JSON.stringify(this.uri);
    this.versionJson = String(this.version);
    const findings = this.findings;
    const positions = (this.positions = new Uint32Array(findings.length * 4));
    const messageBytes = (this.messageBytes = new Uint32Array(findings.length));
    const messages = (this.messages = new Array<string>(findings.length));
    const texts = this.messageTexts;
    const lines = this.lines;
    const textLength = lines.text.length;
    // {"uri":…,"version":…,"diagnostics":[…]}
    let length = 7 + Buffer.byteLength(this.uriJson, 'utf8') + 11 + this.versionJson.length + DIAGNOSTICS.length + 2;
    for (let i = 0; i < findings.length; i++) {
      const finding = findings[i];
      if (!Number.isSafeInteger(finding.start) || !Number.isSafeInteger(finding.end) || typeof finding.message !== 'string') return undefined;
      // LineIndex.positionAt's position: the offset clamped to the text, its line, its column on it.
      const start = Math.max(0, Math.min(finding.start, textLength));
      const end = Math.max(0, Math.min(finding.end, textLength));
      const startLine = lines.lineAt(start);
      const endLine = lines.lineAt(end);
      const p = i * 4;
      positions[p] = startLine;
      positions[p + 1] = start - lines.lineStartOffset(startLine);
      positions[p + 2] = endLine;
      positions[p + 3] = end - lines.lineStartOffset(endLine);
      let message = texts.get(finding.message);
      if (message === undefined) texts.set(finding.message, (message = JSON.stringify(finding.message)));
      messages[i] = message;
      const bytes = (messageBytes[i] = Buffer.byteLength(message, 'utf8'));
      length +=
        (i ? 1 : 0) +
        RANGE_START.length + digits(positions[p]) + CHARACTER.length + digits(positions[p + 1]) +
        END_LINE.length + digits(positions[p + 2]) + CHARACTER.length + digits(positions[p + 3]) +
        rulePart(finding.code, finding.severity).length + bytes +
        DATA_VERSION.length + this.versionJson.length + 2;
    }
    if (texts.size > 2 * findings.length + 64) {
      texts.clear();
      for (let i = 0; i < findings.length; i++) texts.set(findings[i].message, messages[i]);
    }
    return length;
  }

  writeJson(buffer: Buffer, offset: number): void {
    const positions = this.positions!;
    const messageBytes = this.messageBytes!;
    let at = offset;
    at += buffer.write('{"uri":', at, 'latin1');
    at += buffer.write(this.uriJson, at, 'utf8');
    at += buffer.write(',"version":', at, 'latin1');
    at += buffer.write(this.versionJson, at, 'latin1');
    buffer.set(DIAGNOSTICS, at);
    at += DIAGNOSTICS.length;
    const findings = this.findings;
    for (let i = 0; i < findings.length; i++) {
      const finding = findings[i];
      if (i) buffer[at++] = 0x2c; // ,
      const p = i * 4;
      buffer.set(RANGE_START, at);
      at = writeDigits(buffer, at + RANGE_START.length, positions[p]);
      buffer.set(CHARACTER, at);
      at = writeDigits(buffer, at + CHARACTER.length, positions[p + 1]);
      buffer.set(END_LINE, at);
      at = writeDigits(buffer, at + END_LINE.length, positions[p + 2]);
      buffer.set(CHARACTER, at);
      at = writeDigits(buffer, at + CHARACTER.length, positions[p + 3]);
      const part = rulePart(finding.code, finding.severity);
      buffer.set(part, at);
      at += part.length;
      const message = this.messages[i];
      // An ASCII text is written as is (faster than encoding it); any other as UTF-8.
      at += buffer.write(message, at, messageBytes[i] === message.length ? 'latin1' : 'utf8');
      buffer.set(DATA_VERSION, at);
      at += DATA_VERSION.length;
      at += buffer.write(this.versionJson, at, 'latin1');
      buffer[at++] = 0x7d; // }
      buffer[at++] = 0x7d;
    }
    buffer[at++] = 0x5d; // ]
    buffer[at++] = 0x7d; // }
  }
}
