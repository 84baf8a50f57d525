import { ParseRefusal, PythonParser, ParserTree, TextSpanChange } from '../parse/parser';
import { Analysis, AnalyzeOptions, AnalyzedFinding, analyze } from '../analysis/analyze';
import { Settings } from '../config/settings';
import { SyntaxTree } from '../parse/syntaxNode';
import { LineIndex, Position } from '../text/lineIndex';

/** Text without this word cannot import the SDK: such documents are not parsed at all. */
const SDK_MARKER = 'sagemaker';

export type AnalysisOutcome =
  | { kind: 'analyzed'; analysis: Analysis }
  | { kind: 'skipped'; reason: 'no-sdk' | 'too-large' | 'not-parsed'; refusal?: ParseRefusal };

/**
 * One open document: its text, the parser tree kept for incremental reparsing, and the analysis of
 * the latest version, computed once and shared by diagnostics, hovers and code actions.
 */
export class DocumentState {
  private parserTree: ParserTree | undefined;
  private lineIndex: LineIndex | undefined;
  private outcome: AnalysisOutcome | undefined;
  private outcomeVersion = -1;
  /** Extra analysis inputs (the detected Python environment), asked for at each analysis. */
  analyzeOptions?: () => AnalyzeOptions | undefined;
  /**
   * The server sets this for an opened document: its first analysis (and any made again before its first
   * change) records nothing for incremental reuse. Recording what every rule check reads makes an analysis
   * about a third slower, and the first diagnostics of a file just opened should not wait for it; the
   * server records afterwards, once it is quiet (`recordForEdits`), before the first keystroke needs it.
   */
  deferRecording = false;
  private changed = false;
  private unrecorded = false;
  /**
   * The change made since the current analysis, when it is a single range change (null after more than
   * one, or a whole-text change): the next analysis then reparses only the statements it touches.
   */
  private changeSinceAnalysis: TextSpanChange | null | undefined;

  constructor(
    readonly uri: string,
    public version: number,
    private content: string,
  ) {}

  get text(): string {
    return this.content;
  }

  get lines(): LineIndex {
    this.lineIndex ??= new LineIndex(this.content);
    return this.lineIndex;
  }

  /**
   * Applies an LSP content change. Range changes also edit the parser tree, so the next parse reuses
   * every subtree the edit did not touch.
   */
  applyChange(change: { range?: { start: Position; end: Position }; text: string }): void {
    if (!change.range) {
      this.changed = true;
      this.changeSinceAnalysis = null;
      this.content = change.text;
      this.lineIndex = undefined;
      this.dropTree();
      return;
    }
    this.changed = true;
    const lines = this.lines;
    const startIndex = lines.offsetAt(change.range.start);
    const oldEndIndex = Math.max(startIndex, lines.offsetAt(change.range.end));
    const startPosition = lines.positionAt(startIndex);
    const oldEndPosition = lines.positionAt(oldEndIndex);
    this.content = this.content.slice(0, startIndex) + change.text + this.content.slice(oldEndIndex);
    const newEndIndex = startIndex + change.text.length;
    this.changeSinceAnalysis = this.changeSinceAnalysis === undefined ? { start: startIndex, oldEnd: oldEndIndex, newEnd: newEndIndex } : null;
    // Updated, not rebuilt: a keystroke costs the document's line count, not a scan of its text.
    this.lineIndex = lines.afterEdit(this.content, startIndex, oldEndIndex, newEndIndex);
    if (this.parserTree) {
      const newEnd = this.lineIndex.positionAt(newEndIndex);
      this.parserTree.edit({
        startIndex,
        oldEndIndex,
        newEndIndex,
        startPosition: { row: startPosition.line, column: startPosition.character },
        oldEndPosition: { row: oldEndPosition.line, column: oldEndPosition.character },
        newEndPosition: { row: newEnd.line, column: newEnd.character },
      });
    }
  }

  /** The analysis of the current version, computed now if it is missing or stale. */
  analysis(parser: PythonParser, settings: Settings): AnalysisOutcome {
    if (this.outcome && this.outcomeVersion === this.version) return this.outcome;
    this.outcome = this.compute(parser, settings);
    this.outcomeVersion = this.version;
    keepRecent(this);
    return this.outcome;
  }

  /** Whether the current analysis was made without recording (deferRecording) and is still current. */
  get awaitsRecording(): boolean {
    return this.unrecorded && this.outcome?.kind === 'analyzed' && this.outcomeVersion === this.version;
  }

  /**
   * Analyses the current tree again, recording reads, so that the next edit reuses the findings of the
   * statements it leaves alone. Returns whether the findings differ from the unrecorded analysis's (a
   * script file it reads changed on disk in between): then they must be published again.
   */
  recordForEdits(parser: PythonParser, settings: Settings): boolean {
    if (!this.awaitsRecording || this.outcome?.kind !== 'analyzed') return false;
    const before = this.outcome.analysis;
    const analysis = analyze(before.tree, settings, before.lines, { ...this.analyzeOptions?.(), parser, incremental: true });
    this.outcome = { kind: 'analyzed', analysis };
    this.unrecorded = false;
    return !sameFindings(before.findings, analysis.findings);
  }

  /** Stops waiting to record (recording this analysis failed): the next edit analyses without reuse. */
  abandonRecording(): void {
    this.unrecorded = false;
  }

  /** Frees what can be rebuilt (analysis and parser tree) when other documents were analysed more recently. */
  release(): void {
    this.outcome = undefined;
    this.outcomeVersion = -1;
    this.dropTree();
  }

  /**
   * The analysis read one of these files (a Lambda helper's script) and they changed on disk: analyse
   * again. The analysis is kept as the previous one, so only the statements whose files changed re-run.
   */
  filesChanged(files: ReadonlySet<string>): boolean {
    if (this.outcome?.kind !== 'analyzed' || !this.outcome.analysis.filesRead.some((file) => files.has(file))) return false;
    this.outcomeVersion = -1;
    return true;
  }

  /** Forget the analysis (settings changed). */
  invalidate(): void {
    this.outcome = undefined;
    this.outcomeVersion = -1;
  }

  private compute(parser: PythonParser, settings: Settings): AnalysisOutcome {
    // No-SDK first: a huge file that never mentions sagemaker is none of our business (no "skipped" message).
    if (!this.content.includes(SDK_MARKER)) {
      this.dropTree();
      return { kind: 'skipped', reason: 'no-sdk' };
    }
    if (this.content.length > settings.maxFileSizeMB * 1024 * 1024) {
      this.dropTree();
      return { kind: 'skipped', reason: 'too-large' };
    }
    const previous = this.parserTree;
    const change = this.changeSinceAnalysis;
    this.changeSinceAnalysis = undefined;
    if (previous && change && this.outcome?.kind === 'analyzed') {
      // One change since the analysis: only the top-level statements it touches are parsed, on their own,
      // where that gives what a parse of the whole text would. The parser tree is not reparsed then: it
      // has been told the change (applyChange) and is reparsed from there, all such changes at once,
      // when a change is not taken this way.
      const prior = this.outcome.analysis;
      let tree: SyntaxTree | undefined;
      try {
        tree = parser.reparseStatements(prior.tree, this.content, change);
      } catch {
        // The previous tree may be half taken over: the whole text is parsed and converted afresh below,
        // taking nothing over (a failure here must not leave the diagnostics of an older version on screen).
        this.outcome = undefined;
      }
      if (tree) {
        this.outcome = undefined;
        this.unrecorded = false;
        return { kind: 'analyzed', analysis: analyze(tree, settings, this.lines, { ...this.analyzeOptions?.(), parser, incremental: true, previous: prior }) };
      }
    }
    let next = parser.parse(this.content, previous);
    // tree-sitter's error recovery depends on the tree it reparses from: with a syntax error, an
    // incremental parse can keep statements that a fresh parse swallows into one ERROR region (typing
    // a quote that opens an unterminated string), and the findings in them would stay on screen.
    // A tree with errors is parsed and analysed afresh (nothing taken over from the analysis before), so
    // the result never depends on the edit history.
    if (next && previous && next.hasError) {
      next.free();
      // The fresh parse needs nothing of the tree before: freed first, wasm memory (which never shrinks)
      // holds one whole tree during it instead of two (74 MB each for a 50,000-line module). Freeing costs
      // little next to a full parse.
      previous.free();
      next = parser.parse(this.content);
    } else if (previous) freeSoon(previous);
    this.parserTree = next;
    if (!next) return { kind: 'skipped', reason: 'not-parsed', refusal: parser.lastRefusal };
    // The previous analysis's tree lends its unchanged statements to the new one (and is spent by it).
    const prior = previous && !next.hasError && this.outcome?.kind === 'analyzed' ? this.outcome.analysis : undefined;
    this.outcome = undefined;
    const tree = next.toSyntaxTree(this.content, prior?.tree);
    const incremental = !this.deferRecording || this.changed || !!prior;
    this.unrecorded = !incremental;
    // Statements taken over unchanged keep their findings while what their rules read is unchanged too.
    return { kind: 'analyzed', analysis: analyze(tree, settings, this.lines, { ...this.analyzeOptions?.(), parser, incremental, previous: prior }) };
  }

  dropTree(): void {
    this.parserTree?.free();
    this.parserTree = undefined;
  }

  dispose(): void {
    this.dropTree();
    this.outcome = undefined;
    const at = recent.indexOf(this);
    if (at >= 0) recent.splice(at, 1);
  }
}

/**
 * The parser tree a reparse started from is freed after the diagnostics are sent, not before: freeing
 * it is a few percent of a keystroke, and nothing needs it back. One tree at most waits (a burst of
 * analyses without a turn of the event loop frees the one before), so wasm memory, which never
 * shrinks, does not grow with it.
 */
let waitingToBeFreed: ParserTree | undefined;

function freeSoon(tree: ParserTree): void {
  const before = waitingToBeFreed;
  waitingToBeFreed = tree;
  if (before) before.free();
  else setImmediate(() => {
    waitingToBeFreed?.free();
    waitingToBeFreed = undefined;
  });
}

/**
 * An analysis of a 2,000-line module (syntax tree 3.5 MB, semantic model and findings 1.7 MB) plus its
 * parser tree in wasm memory is about 6 MB, so only the most recently analysed documents keep theirs:
 * 100 open documents would otherwise hold 600 MB. A released document is analysed again (full parse,
 * about 50 ms for 2,000 lines) when next edited or hovered. Three covers the file being edited and the
 * files a user switches between; with four, 100 open documents measured 254-311 MB of RSS, with three
 * 236-247 MB (target 250).
 */
const KEEP_RECENT = 3;
const recent: DocumentState[] = [];

function keepRecent(state: DocumentState): void {
  const at = recent.indexOf(state);
  if (at >= 0) recent.splice(at, 1);
  recent.push(state);
  while (recent.length > KEEP_RECENT) recent.shift()!.release();
}

function sameFindings(a: readonly AnalyzedFinding[], b: readonly AnalyzedFinding[]): boolean {
  return a.length === b.length && a.every((f, i) => JSON.stringify(f) === JSON.stringify(b[i]));
}
