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
}

/**
 * The only surface of the parser the rest of the server sees, so a native backend could be added for
 * the CLI without touching anything else.
 */
export interface PythonParser {
  /**
   * Parses text, reusing `previous` (already edited) when given. Returns undefined when parsing was
   * cancelled because it ran longer than the time limit.
   */
  parse(text: string, previous?: ParserTree): ParserTree | undefined;
}
