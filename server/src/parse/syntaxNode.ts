/**
 * Our own syntax tree: plain JavaScript objects converted once from the parser's tree.
 *
 * Why convert: every property read on a web-tree-sitter node crosses into wasm and allocates, and
 * its trees must be freed by hand. Rules and the semantic model walk the tree many times; walking
 * plain objects is fast, cannot leak wasm memory, and keeps the rules independent of the parser
 * backend. The parser's tree is kept only for incremental reparsing.
 */
export interface SyntaxNode {
  readonly type: string;
  /** Named nodes are grammar rules; anonymous ones are punctuation, keywords and operators. */
  readonly named: boolean;
  /** UTF-16 offsets into the source text. */
  readonly start: number;
  readonly end: number;
  /** The grammar field this node fills in its parent ("function", "arguments", "left", ...). */
  readonly field: string | null;
  readonly parent: SyntaxNode | null;
  readonly children: SyntaxNode[];
  /** True for ERROR nodes, MISSING nodes and anything inside an ERROR node: rules stay out of them. */
  readonly broken: boolean;
  /** True when this node or anything below it is broken (an ERROR or MISSING node). */
  readonly containsError: boolean;
  /** Position among the parent's children, so siblings are reachable without a search. */
  readonly index: number;
}

export class SyntaxTree {
  /**
   * Called whenever `root` is read. The analysis sets it while a rule checks one statement: a rule that
   * reaches the whole module through the root depends on every statement (see semantic/reads.ts).
   */
  onRootRead?: () => void;

  constructor(
    private readonly rootNode: SyntaxNode,
    readonly text: string,
  ) {}

  get root(): SyntaxNode {
    this.onRootRead?.();
    return this.rootNode;
  }

  textOf(node: SyntaxNode): string {
    const text = this.text.slice(node.start, node.end);
    return sharing && text.length >= SLICE_MIN_LENGTH && text.length <= SHARED_MAX_LENGTH ? shared(text) : text;
  }
}

/**
 * V8 makes a slice of 13 characters or more a view into the string it was cut from. A name read from a
 * document (`pipeline_session`) and kept in a per-statement cache would then keep that whole version of
 * the document alive: every keystroke makes a new text, the statements it changes are indexed again
 * against it, and the statements it did not change keep theirs, so editing many statements of a
 * 50,000-line module (2.2 MB a version) kept one version per edited statement. Names and short strings
 * are therefore handed out as copies of their own, one per distinct text: names repeat, so the table
 * stays small, and it is emptied when it grows large (a lost entry only costs a new copy).
 */
const SLICE_MIN_LENGTH = 13;
const SHARED_MAX_LENGTH = 128;
const SHARED_MAX_ENTRIES = 50_000;
let sharedTexts = new Map<string, string>();
let sharing = false;

/**
 * Makes textOf hand out those copies. The language server calls it at start: it keeps a document's trees
 * and caches across its versions. The CLI analyses each text once and drops it, so it keeps the cheaper
 * slices (the table's lookups took 2% of checking a 20,000-line module).
 */
export function shareNamesAcrossVersions(): void {
  sharing = true;
}

function shared(slice: string): string {
  const known = sharedTexts.get(slice);
  if (known !== undefined) return known;
  if (sharedTexts.size >= SHARED_MAX_ENTRIES) sharedTexts = new Map();
  // A JSON round trip is the one way to get a flat string that owns its characters.
  const own = JSON.parse(JSON.stringify(slice)) as string;
  sharedTexts.set(own, own);
  return own;
}

export function childByField(node: SyntaxNode, field: string): SyntaxNode | undefined {
  for (const child of node.children) if (child.field === field) return child;
  return undefined;
}

export function childrenByField(node: SyntaxNode, field: string): SyntaxNode[] {
  return node.children.filter((child) => child.field === field);
}

export function namedChildren(node: SyntaxNode): SyntaxNode[] {
  return node.children.filter((child) => child.named && child.type !== 'comment');
}

export function firstNamedChild(node: SyntaxNode, type?: string): SyntaxNode | undefined {
  for (const child of node.children) if (child.named && child.type !== 'comment' && (!type || child.type === type)) return child;
  return undefined;
}

/** Pre-order walk without recursion: deeply nested code must not overflow the stack. */
export function* walk(root: SyntaxNode): Generator<SyntaxNode> {
  const stack: SyntaxNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    yield node;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
}

/** Like walk, but calls visit on each node and skips a subtree when visit returns false. */
export function visit(root: SyntaxNode, visitNode: (node: SyntaxNode) => boolean | void): void {
  const stack: SyntaxNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (visitNode(node) === false) continue;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
}

export function ancestors(node: SyntaxNode): SyntaxNode[] {
  const result: SyntaxNode[] = [];
  for (let p = node.parent; p; p = p.parent) result.push(p);
  return result;
}

/** Strips redundant parentheses: `((x))` is `x`. */
export function unparenthesize(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.type === 'parenthesized_expression') {
    const inner = firstNamedChild(current);
    if (!inner) break;
    current = inner;
  }
  return current;
}

/** The innermost named node covering [start, end). */
export function nodeAt(root: SyntaxNode, offset: number): SyntaxNode {
  let node = root;
  for (;;) {
    let next: SyntaxNode | undefined;
    for (const child of node.children) {
      if (child.start <= offset && offset < child.end && child.named) {
        next = child;
        break;
      }
      if (child.start > offset) break;
    }
    if (!next) {
      // A position just after an identifier (cursor at its end) still means that identifier.
      for (const child of node.children) {
        if (child.named && child.end === offset && child.start < offset && child.children.length === 0) return child;
      }
      return node;
    }
    node = next;
  }
}
