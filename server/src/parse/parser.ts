import { SyntaxTree } from './syntaxNode';

/** A change to the text, in the old text's coordinates, as tree-sitter's edit() wants it. */
export interface TextChange {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
  startPosition: { row: number; column: number };
  oldEndPosition: { row: number; column: number };
  newEndPosition: { row: number; column: number };
}

/** A parser-owned tree kept alive between edits only to make the next parse incremental. */
export interface ParserTree {
  /** Tell the tree about an edit so the next parse can reuse unchanged subtrees. */
  edit(change: TextChange): void;
  /**
   * Convert to our own SyntaxTree. With `previous` (the tree converted from the text before the edits),
   * statements whose text is unchanged are taken over from it instead of converted again; the previous
   * tree must not be used afterwards.
   */
  toSyntaxTree(text: string, previous?: SyntaxTree): SyntaxTree;
  /** Release the tree's memory. wasm memory is never garbage-collected, so this is not optional. */
  free(): void;
  /** Whether the tree holds an ERROR or MISSING node. */
  readonly hasError: boolean;
  /**
   * Whether the tree can still be read: false once the parser replaced its wasm instance (after a failed
   * parse), which leaves the trees of the old one meaningless.
   */
  readonly live: boolean;
}

/** One part of a module parsed on its own (a notebook cell), and where it was in the previous module. */
export interface ModulePart {
  /** Its parser tree (of the part's text alone). */
  readonly tree: ParserTree;
  /** Where it starts in the module's text, and its length. */
  readonly start: number;
  readonly length: number;
  /**
   * Where it was in the previous module's text (`previous` of joinParts): `same` when its text is
   * unchanged, so its statements are taken over whole; otherwise what is unchanged of its old text (the
   * first `prefix` and last `suffix` characters).
   */
  readonly was?: { readonly start: number; readonly length: number; readonly same: boolean; readonly prefix: number; readonly suffix: number };
}

/** Why a text was not parsed. */
export type ParseRefusal =
  /** Parsing ran longer than the time limit and was cancelled. */
  | { readonly reason: 'parse-timeout' }
  /** More indentation levels than Python allows (the parser itself would fail on them). */
  | { readonly reason: 'too-deeply-nested'; readonly levels: number }
  /** The parser failed (a wasm error); it has been replaced, and later texts parse again. */
  | { readonly reason: 'parser-failure'; readonly detail: string };

/**
 * The only surface of the parser the rest of the server sees, so a native backend could be added for
 * the CLI without touching anything else.
 */
export interface PythonParser {
  /**
   * Parses text, reusing `previous` (already edited) when given. Returns undefined when the text was not
   * parsed; `lastRefusal` then says why.
   */
  parse(text: string, previous?: ParserTree): ParserTree | undefined;
  /** Why the last parse() returned undefined. */
  readonly lastRefusal?: ParseRefusal;
  /**
   * One module tree of parts parsed separately (a notebook's cells): one module node whose children are
   * the parts' top-level statements at the parts' offsets in `text`. With `previous` (the tree joined
   * before, spent by this), unchanged statements are taken over from it.
   */
  joinParts(text: string, parts: readonly ModulePart[], previous?: SyntaxTree): SyntaxTree;
  /**
   * The tree of `text`, which is `previous`'s text with one change, made by parsing only the module's
   * top-level statements the change touches, on their own, and taking every other statement over from
   * `previous` (spent by this). Undefined, without touching `previous`, where that could differ from
   * parsing the whole text: the caller parses it then.
   */
  reparseStatements(previous: SyntaxTree, text: string, change: TextSpanChange): SyntaxTree | undefined;
}

/** One change to a text: [start, oldEnd) of the text before it became [start, newEnd) of the text after it. */
export interface TextSpanChange {
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
}

/** One line for a person: why a text was not parsed. */
export function describeRefusal(refusal: ParseRefusal | undefined): string {
  switch (refusal?.reason) {
    case 'too-deeply-nested':
      return `it has ${refusal.levels} levels of indentation (Python allows at most 100)`;
    case 'parser-failure':
      return `the parser failed on it (${refusal.detail})`;
    default:
      return 'parsing it took longer than 5 seconds';
  }
}
