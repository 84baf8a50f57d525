import * as fs from 'fs';
import * as path from 'path';
import { Edit, Language, Parser, Tree } from 'web-tree-sitter';
import { ModulePart, ParseRefusal, PythonParser, ParserTree, TextChange, TextSpanChange } from './parser';
import { tooDeeplyIndented } from './nesting';
import { SyntaxNode, SyntaxTree } from './syntaxNode';
import { commonAffixes } from '../text/commonAffixes';
import { CursorWalk, cursorWalk, directFunctions, sameWalks } from './cursorWalk';

/**
 * web-tree-sitter loads two wasm files: its runtime and the Python grammar. The build copies both
 * next to the bundle; running from sources (tests, scripts) falls back to node_modules.
 */
function locateWasm(fileName: string, packageName: string): string {
  const besideBundle = path.join(__dirname, fileName);
  if (fs.existsSync(besideBundle)) return besideBundle;
  try {
    return require.resolve(`${packageName}/${fileName}`);
  } catch {
    throw new Error(`sagelint: cannot find ${fileName} (looked in ${__dirname} and in the ${packageName} package)`);
  }
}

let loading: Promise<Language> | undefined;

/**
 * web-tree-sitter keeps one wasm instance for the whole process. Reloading it (after a failure that left
 * it unusable) makes every tree of the old instance meaningless: trees remember their generation, and
 * one from an older generation is neither edited, reused nor freed.
 */
let generation = 0;
/** The Python language of the current generation. */
let currentLanguage: Language | undefined;
/** The current generation's cursor functions for a direct walk (cursorWalk.ts), when it has them and they agree with the public walk. */
let currentDirect: ReturnType<typeof directFunctions>;
/** Tests turn the direct walk off to compare conversions with and without it. */
let directWalks = true;

async function loadPython(): Promise<Language> {
  const runtimeWasm = locateWasm('web-tree-sitter.wasm', 'web-tree-sitter');
  // The Emscripten factory makes this object the wasm module (see cursorWalk.ts).
  const module: Record<string, unknown> = { locateFile: () => runtimeWasm };
  await Parser.init(module);
  // Bytes, not a path: given a path, web-tree-sitter reads the file through a dynamic `import('fs/promises')`,
  // and the server's bundle may run from a V8 code cache (see serverEntry.ts), where Node 20 loses the
  // callback a dynamic import needs. Read synchronously (450 KB, about half a millisecond): the first use
  // of fs.promises loads Node's promise-based file system module (about a millisecond more, measured), on the
  // way from a start to the first document's diagnostics, and nothing else in the server uses it.
  const language = await Language.load(fs.readFileSync(locateWasm('tree-sitter-python.wasm', 'tree-sitter-python')));
  useGrammar(language);
  generation++;
  currentLanguage = language;
  currentDirect = checkedDirectFunctions(module, language);
  return language;
}

/** A text with fields, an error, a MISSING node and non-ASCII characters: the check of a direct walk. */
const WALK_PROBE = 'def f(a, b=1) -> "é":\n    return g(a)[b].c if a else {**b}\nx = (1,\nclass C(B): pass\n';

function checkedDirectFunctions(module: Record<string, unknown>, language: Language): ReturnType<typeof directFunctions> {
  let tree: Tree | null = null;
  try {
    const fns = directFunctions(module);
    if (!fns) return undefined;
    const parser = new Parser();
    parser.setLanguage(language);
    tree = parser.parse(WALK_PROBE);
    parser.delete();
    return tree && sameWalks(tree, fns) ? fns : undefined;
  } catch {
    return undefined;
  } finally {
    tree?.delete();
  }
}

/** For tests: whether conversions walk the parser's trees through the module's functions directly (when the module has them). */
export function useDirectWalks(enabled: boolean): void {
  directWalks = enabled;
}

/** Whether conversions walk directly now (tests check that the direct walk is the one measured). */
export function walksDirectly(): boolean {
  return directWalks && currentDirect !== undefined;
}

/**
 * Python ends a line at a lone \r (old Mac line breaks; the tokenizer's universal newlines), but
 * tree-sitter-python reads it as whitespace: `a = 1\rprint(b)` would be one statement, or an error.
 * The parser gets \n in its place: one character for one, so every offset, the edits' rows (the line
 * index counts a lone \r as a break too) and the text the rules read stay as they are.
 */
function withoutLoneCarriageReturns(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** Longest a single parse may run before it is cancelled and the file skipped (the default of `timeLimitMs`). */
const PARSE_TIME_LIMIT_MS = 5000;

/**
 * What two texts share: the first `prefix` and the last `suffix` characters of `before` and of the text
 * after it are the same (prefix + suffix never exceeds either length). Everything a reconversion takes
 * over by position lies in one of the two.
 */
interface Unchanged {
  readonly before: string;
  readonly prefix: number;
  readonly suffix: number;
}

class WasmTree implements ParserTree {
  private freed = false;
  private readonly generation = generation;
  /** The edits told since this tree was parsed, folded into what they left unchanged (see changesTo). */
  private edited?: { prefix: number; suffix: number; length: number };

  constructor(
    readonly tree: Tree,
    /** The text this tree was parsed from. */
    readonly text: string,
    /**
     * When it was reparsed from an edited tree: what the edits left unchanged of that tree's text. Read by
     * the conversion, then dropped: it holds the whole text before the edits.
     */
    private unchanged?: Unchanged,
  ) {}

  /** Whether the tree holds an ERROR or MISSING node. */
  get hasError(): boolean {
    return this.tree.rootNode.hasError;
  }

  /** Whether the tree belongs to the current wasm instance (see `generation`). */
  get live(): boolean {
    return this.generation === generation;
  }

  edit(change: TextChange): void {
    if (this.live) this.tree.edit(new Edit(change));
    const length = this.text.length;
    const edited = (this.edited ??= { prefix: length, suffix: length, length });
    // Offsets before the edit's start are the same in every version, and so are the characters after
    // its old end, counted from the text's end.
    edited.prefix = Math.min(edited.prefix, change.startIndex);
    edited.suffix = Math.min(edited.suffix, edited.length - change.oldEndIndex);
    edited.length += change.newEndIndex - change.oldEndIndex;
  }

  /** What the edits told to this tree left unchanged of its text, if they lead to `text` (undefined otherwise). */
  changesTo(text: string): Unchanged | undefined {
    const length = this.text.length;
    const edited = this.edited ?? { prefix: length, suffix: length, length };
    if (edited.length !== text.length) return undefined;
    const prefix = Math.max(0, Math.min(edited.prefix, length, text.length));
    const suffix = Math.max(0, Math.min(edited.suffix, length - prefix, text.length - prefix));
    return { before: this.text, prefix, suffix };
  }

  toSyntaxTree(text: string, previous?: SyntaxTree): SyntaxTree {
    if (!previous) return convert(this, text);
    // The edits say what is unchanged when the previous tree is of the text this tree was reparsed from
    // (the same string, normally: then this costs nothing); otherwise the two texts are compared.
    const known = this.unchanged && this.text === text && this.unchanged.before === previous.text ? this.unchanged : undefined;
    this.unchanged = undefined;
    return convert(this, text, previous, known ?? unchangedBetween(previous.text, text));
  }

  free(): void {
    if (!this.freed) {
      this.freed = true;
      if (this.live) this.tree.delete();
    }
  }
}

/** The common prefix and suffix of two texts, compared character by character. */
function unchangedBetween(before: string, after: string): Unchanged {
  return { before, ...commonAffixes(before, after) };
}

/** A text that parses on any healthy parser: the check that a replacement parser works. */
const PROBE = 'x = 1\n';

export class WasmPythonParser implements PythonParser {
  lastRefusal?: ParseRefusal;
  /** While the wasm instance is being reloaded after a failure: texts are refused until it is back. */
  private reloading?: Promise<void>;

  private generation = generation;

  private constructor(
    private parser: Parser,
    private language: Language,
    private readonly indentationLimit: boolean,
    private readonly timeLimitMs: number,
  ) {}

  /**
   * `indentationLimit: false` parses texts over Python's indentation limit too (tests use it to make the
   * parser fail and watch it recover). `timeLimitMs`: the wall-clock time after which a parse is cancelled;
   * tests that parse huge inputs on a loaded machine raise it, so they measure complexity, not the load.
   */
  static async create(options: { indentationLimit?: boolean; timeLimitMs?: number } = {}): Promise<WasmPythonParser> {
    loading ??= loadPython();
    const language = await loading;
    return new WasmPythonParser(WasmPythonParser.parserFor(language), language, options.indentationLimit ?? true, options.timeLimitMs ?? PARSE_TIME_LIMIT_MS);
  }

  private static parserFor(language: Language): Parser {
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  }

  /** Resolves when the parser can parse (at once, unless it is reloading after a failure). */
  ready(): Promise<void> {
    return this.reloading ?? Promise.resolve();
  }

  parse(text: string, previous?: ParserTree): ParserTree | undefined {
    this.lastRefusal = undefined;
    const levels = this.indentationLimit ? tooDeeplyIndented(text) : undefined;
    if (levels !== undefined) return this.refuse({ reason: 'too-deeply-nested', levels });
    if (this.reloading) return this.refuse({ reason: 'parser-failure', detail: 'the parser is being reloaded after an earlier failure' });
    if (this.generation !== generation && currentLanguage) {
      // Another parser reloaded the wasm instance: this one's parser and language belonged to the old one.
      this.language = currentLanguage;
      this.parser = WasmPythonParser.parserFor(currentLanguage);
      this.generation = generation;
    }
    const deadline = Date.now() + this.timeLimitMs;
    const old = previous instanceof WasmTree && previous.live ? previous.tree : null;
    let tree: Tree | null;
    try {
      tree = this.parser.parse(withoutLoneCarriageReturns(text), old, { progressCallback: () => Date.now() > deadline });
    } catch (error) {
      this.recover();
      return this.refuse({ reason: 'parser-failure', detail: String((error as Error)?.message ?? error) });
    }
    if (!tree) {
      this.parser.reset();
      return this.refuse({ reason: 'parse-timeout' });
    }
    return new WasmTree(tree, text, previous instanceof WasmTree ? previous.changesTo(text) : undefined);
  }

  joinParts(text: string, parts: readonly ModulePart[], previous?: SyntaxTree): SyntaxTree {
    return joinParts(text, parts, previous);
  }

  reparseStatements(previous: SyntaxTree, text: string, change: TextSpanChange): SyntaxTree | undefined {
    const region = statementsToReparse(previous, text, change);
    if (!region) return undefined;
    const part = this.parse(text.slice(region.start, region.end));
    if (!part) {
      this.lastRefusal = undefined;
      return undefined;
    }
    try {
      if (part.hasError || !(part instanceof WasmTree)) return undefined;
      return replaceStatements(previous, text, change, region, part);
    } finally {
      part.free();
    }
  }

  private refuse(refusal: ParseRefusal): undefined {
    this.lastRefusal = refusal;
    return undefined;
  }

  /**
   * After a wasm error the parser is left mid-parse with its own stack and state unusable: it is
   * abandoned (not deleted: its memory may be inconsistent) and a new one takes its place. If the new one
   * cannot parse either, the whole wasm instance is reloaded, and texts are refused until it is back.
   */
  private recover(): void {
    try {
      const replacement = WasmPythonParser.parserFor(this.language);
      const probe = replacement.parse(PROBE);
      if (probe && !probe.rootNode.hasError) {
        probe.delete();
        this.parser = replacement;
        return;
      }
    } catch {
      // Fall through to a reload.
    }
    loading = loadPython();
    this.reloading = loading.then(
      (language) => {
        this.language = language;
        this.parser = WasmPythonParser.parserFor(language);
        this.generation = generation;
        this.reloading = undefined;
      },
      () => {
        // Stay refusing: a parser that cannot be loaded again cannot parse anything.
      },
    );
  }
}

/**
 * A converted node. Six of its properties (type, named, broken, containsError, the grammar field and the
 * position among the parent's children) share one small integer and are read through getters: a
 * 50,000-line module has 700,000 nodes, and a plain object with ten fields took 104 bytes each (70 MB);
 * this one takes 64 (72 with the type a field of its own: 5.6 MB more there). One class for every node
 * keeps property reads monomorphic. Only the conversion writes to it.
 */
class MutableNode implements SyntaxNode {
  // Declared, and assigned in the constructor only: class fields compile to an initializer that defines
  // each of them (as undefined) on every new node before the constructor runs, which cost 11 ms of a cold
  // server's first analysis, run unoptimised.
  declare start: number;
  declare end: number;
  declare parent: MutableNode | null;
  /** BROKEN | CONTAINS_ERROR, the field id from FIELD_SHIFT, the type id from TYPE_SHIFT and the index from INDEX_SHIFT up. */
  declare bits: number;
  declare children: MutableNode[];

  constructor(typeId: number, start: number, end: number, parent: MutableNode | null, index: number, bits: number) {
    this.start = start;
    this.end = end;
    this.parent = parent;
    this.bits = bits | (typeId << TYPE_SHIFT) | (Math.min(index, LARGE_INDEX) << INDEX_SHIFT);
    this.children = NO_CHILDREN;
  }

  get type(): string {
    return typeNames[(this.bits >>> TYPE_SHIFT) & TYPE_MASK];
  }

  /** Named-ness is the type id's: tree-sitter gives each id (an alias has its own) one. */
  get named(): boolean {
    return namedTypes[(this.bits >>> TYPE_SHIFT) & TYPE_MASK];
  }

  get broken(): boolean {
    return (this.bits & BROKEN) !== 0;
  }

  get containsError(): boolean {
    return (this.bits & CONTAINS_ERROR) !== 0;
  }

  get field(): string | null {
    return fieldNames[(this.bits >>> FIELD_SHIFT) & FIELD_MASK] ?? null;
  }

  set fieldId(id: number) {
    this.bits = (this.bits & ~(FIELD_MASK << FIELD_SHIFT)) | (id << FIELD_SHIFT);
  }

  get index(): number {
    const index = this.bits >>> INDEX_SHIFT;
    return index === LARGE_INDEX ? largeIndexOf(this) : index;
  }

  set index(index: number) {
    this.bits = (this.bits & ((1 << INDEX_SHIFT) - 1)) | (Math.min(index, LARGE_INDEX) << INDEX_SHIFT);
  }
}

const BROKEN = 1;
const CONTAINS_ERROR = 2;
const FIELD_SHIFT = 2;
/** Field ids take 6 bits (tree-sitter-python has 33 fields with the empty one; checked when the grammar loads). */
const FIELD_MASK = 0x3f;
const TYPE_SHIFT = 8;
/** Type ids take 9 bits (tree-sitter-python has 274 types; checked when the grammar loads): the last is ERROR's. */
const TYPE_MASK = 0x1ff;
const ERROR_TYPE_ID = TYPE_MASK;
const INDEX_SHIFT = 17;
/**
 * The index takes the bits above, up to 2^13 - 1 so that the whole stays a small integer also where V8
 * compresses pointers (31-bit small integers: Electron, which runs the server in VS Code). A node with more
 * children than that (the statements of a module of over 20,000 lines, a long list literal) finds the index
 * of each child from there on by a binary search among its siblings, which are in text order.
 */
const LARGE_INDEX = (1 << 13) - 1;

function largeIndexOf(node: MutableNode): number {
  const siblings = node.parent?.children ?? NO_CHILDREN;
  let low = LARGE_INDEX;
  let high = siblings.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (siblings[mid].start < node.start) low = mid + 1;
    else high = mid;
  }
  // Empty siblings (MISSING nodes) can share a start.
  for (let i = low; i < siblings.length && siblings[i].start === node.start; i++) if (siblings[i] === node) return i;
  // A node of a tree an edit replaced, among siblings taken over into the newer tree at moved offsets.
  const at = siblings.indexOf(node);
  return at >= 0 ? at : LARGE_INDEX;
}

/**
 * Field names by field id, type names and named-ness by type id. Every wasm generation loads the same
 * grammar file, so the tables of the latest load serve the nodes of earlier ones too.
 */
let fieldNames: readonly (string | null)[] = [];
const typeNames: string[] = new Array<string>(TYPE_MASK + 1).fill('ERROR');
const namedTypes: boolean[] = new Array<boolean>(TYPE_MASK + 1).fill(true);
const typeIds = new Map<string, number>();

/** Fills the node tables from the grammar (the same every load). */
function useGrammar(language: Language): void {
  if (language.fields.length > FIELD_MASK + 1) throw new Error(`sagelint: the grammar has ${language.fields.length} fields, more than a node's bits hold`);
  if (language.nodeTypeCount > ERROR_TYPE_ID) throw new Error(`sagelint: the grammar has ${language.nodeTypeCount} node types, more than a node's bits hold`);
  fieldNames = language.fields;
  const { names, named } = typeTable(language);
  for (let id = 0; id < names.length; id++) {
    typeNames[id] = names[id];
    namedTypes[id] = named[id];
    if (!typeIds.has(names[id])) typeIds.set(names[id], id);
  }
}

/** Per language: type names and named-ness by type id, so each node costs one wasm call for its type. */
const typeTables = new WeakMap<Language, { names: string[]; named: boolean[] }>();

function typeTable(language: Language): { names: string[]; named: boolean[] } {
  let table = typeTables.get(language);
  if (!table) {
    const names: string[] = [];
    const named: boolean[] = [];
    for (let id = 0; id < language.nodeTypeCount; id++) {
      names.push(language.types[id] || 'ERROR');
      named.push(language.nodeTypeIsNamed(id));
    }
    table = { names, named };
    typeTables.set(language, table);
  }
  return table;
}

/**
 * Children arrays cost more memory than the nodes: a leaf gets this shared empty array (leaves are most
 * nodes), and a parent's array is copied to its exact length once complete (a pushed-to array keeps
 * spare capacity). Nothing may push to a finished tree's arrays.
 */
const NO_CHILDREN: MutableNode[] = [];

function addChild(parent: MutableNode, child: MutableNode): void {
  if (parent.children === NO_CHILDREN) parent.children = [child];
  else parent.children.push(child);
}

function seal(node: MutableNode): void {
  if (node.children !== NO_CHILDREN) node.children = node.children.slice();
}

/** Nodes whose children are statements: the unit a reconversion can take over unchanged. */
const STATEMENT_LISTS = new Set(['module', 'block']);
/** Statements that contain statement lists (their blocks, directly or through clauses). */
const COMPOUND = new Set([
  'if_statement', 'elif_clause', 'else_clause', 'for_statement', 'while_statement', 'try_statement', 'except_clause',
  'except_group_clause', 'finally_clause', 'with_statement', 'function_definition', 'class_definition',
  'decorated_definition', 'match_statement', 'case_clause',
]);

/**
 * A statement can be taken over where its text is certainly the same as before: in the unchanged prefix
 * at the same offsets, or in the unchanged suffix moved by the edit's length. tree-sitter gives the same
 * text in a statement position the same subtree, so such a statement is the previous tree's node, its
 * offsets shifted, which is far cheaper than reading it node by node out of wasm, and the analysis keeps
 * what it knew of it. The position says which node it is, so nothing is keyed by text.
 *
 * Statements in the edited span may still equal one that was there before (a cut and paste in one
 * change, a line typed and deleted): those are matched by type and text against the previous tree's
 * statements that touch the edited span, and against the spare statements of the tree before it.
 */
interface Candidates {
  /** The text at [start, end) of the text the candidates' offsets are in. */
  readonly slice: (start: number, end: number) => string;
  /** By length; a match must also have the type and the text. */
  readonly byLength: Map<number, MutableNode[]>;
}

/**
 * Statements of the tree before the previous one that the previous conversion did not take, by tree,
 * found only when asked for (most reconversions never ask). Typing `(` can turn the rest of a module into
 * an error region, so its statements are not reusable; deleting it again finds the clean statements here
 * instead of converting the whole module anew.
 */
const spareStatements = new WeakMap<SyntaxTree, () => Candidates>();

/**
 * The text before an edit, read at [start, end) through the text after it (`after`'s), which shares its first
 * `prefix` and last `suffix` characters (when known: else all of it is kept): only what the edit replaced is kept. The spare statements are kept
 * as long as the tree after the edit, and the whole text before it with them was a second copy of the
 * module for as long as the document stayed open (2.3 MB for a 50,000-line module).
 */
function textBeforeEdit(before: string, after: SyntaxTree, unchanged: { prefix: number; suffix: number } | undefined): (start: number, end: number) => string {
  // Two functions: a closure that reads `before` would keep it in the scope every closure made here shares.
  return unchanged ? readThroughEdit(before, after, unchanged.prefix, unchanged.suffix) : (start, end) => before.slice(start, end);
}

function readThroughEdit(before: string, after: SyntaxTree, prefix: number, suffix: number): (start: number, end: number) => string {
  const replacedEnd = before.length - suffix;
  // A slice of 13 characters or more would be a view of `before`, keeping all of it: a copy of its own.
  const replaced = ownCopy(before.slice(prefix, replacedEnd));
  const moved = after.text.length - before.length;
  return (start, end) => {
    const now = after.text;
    let text = start < prefix ? now.slice(start, Math.min(end, prefix)) : '';
    if (Math.max(start, prefix) < Math.min(end, replacedEnd)) text += replaced.slice(Math.max(start, prefix) - prefix, Math.min(end, replacedEnd) - prefix);
    if (end > replacedEnd) text += now.slice(Math.max(start, replacedEnd) + moved, end + moved);
    return text;
  };
}

/** A string equal to `text` that shares no memory with the string it was sliced from. */
function ownCopy(text: string): string {
  return text.length < 13 ? text : (structuredClone(text) as string);
}

/** Whether the reconversion may look inside a node for statements: an error-free statement list or compound statement. */
function holdsStatements(node: SyntaxNode): boolean {
  return node.named && !node.containsError && (STATEMENT_LISTS.has(node.type) || COMPOUND.has(node.type));
}

function addCandidate(byLength: Map<number, MutableNode[]>, node: MutableNode): void {
  const length = node.end - node.start;
  const same = byLength.get(length);
  if (same) same.push(node);
  else byLength.set(length, [node]);
}

/** Index of the first child that ends at or after `offset` (children are in text order). */
function firstEndingAtOrAfter(children: readonly SyntaxNode[], offset: number): number {
  let low = 0;
  let high = children.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (children[mid].end < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Moves a taken-over subtree to its new offsets. */
/**
 * The stack of shift's walks, shared: a mid-file keystroke moves every statement after it (about half of
 * a module's), and a stack each took about 200 bytes of garbage per statement.
 */
const shiftStack: MutableNode[] = [];

function shift(root: MutableNode, delta: number): void {
  if (delta === 0) return;
  const stack = shiftStack;
  stack.push(root);
  while (stack.length) {
    const node = stack.pop()!;
    node.start += delta;
    node.end += delta;
    const children = node.children;
    for (let i = 0; i < children.length; i++) stack.push(children[i]);
  }
}

/**
 * Where the text converted now was in the previous tree's text: `base` (new) and `oldBase` (previous)
 * are where it starts in each (0 for a module; a notebook cell's start in the concatenated module), and
 * everything outside [prefix, length - suffix) of it is unchanged.
 */
interface Placement {
  readonly base: number;
  readonly oldBase: number;
  readonly length: number;
  readonly oldLength: number;
  readonly prefix: number;
  readonly suffix: number;
}

/**
 * What one conversion takes over from the previous tree: the nodes taken, which are moved to their new
 * offsets only when the whole tree is converted (until then the previous tree keeps its own offsets,
 * which the searches below go by).
 */
class Reconversion {
  /** Old nodes taken over, and the old ancestors of those (neither may be taken again). */
  private readonly taken = new Set<MutableNode>();
  private readonly containsTaken = new Set<MutableNode>();
  private readonly moves: { node: MutableNode; delta: number }[] = [];
  /**
   * How many nodes were taken by text so far. Until then only nodes taken by position were, in text
   * order, each before the next position asked for: none can be inside or around the node found there
   * (and the search does not descend into taken nodes), so the full check is not needed.
   */
  private takenByText = 0;
  /** The statement list and index of the last search's result: the walk asks for its next sibling next. */
  private hintList: MutableNode | undefined;
  private hintIndex = 0;
  private readonly root: MutableNode;
  private readonly older: (() => Candidates) | undefined;
  private olderCandidates: Candidates | undefined;
  /** The previous tree's statements that touch the edited span of the current placement, built when first asked for. */
  private touching: Candidates | undefined;
  private placement: Placement = { base: 0, oldBase: 0, length: 0, oldLength: 0, prefix: 0, suffix: 0 };

  constructor(
    private readonly previous: SyntaxTree,
    /** The new text (the whole module's). */
    private readonly text: string,
  ) {
    this.root = previous.root as MutableNode;
    this.older = spareStatements.get(previous);
  }

  /** The next text converted is placed so. */
  place(placement: Placement): void {
    const before = this.placement;
    // The candidates by text stay while they are of the same span (parts of unknown origin all search the whole tree).
    if (before.oldBase + before.prefix !== placement.oldBase + placement.prefix || before.oldBase + before.oldLength - before.suffix !== placement.oldBase + placement.oldLength - placement.suffix) this.touching = undefined;
    this.placement = placement;
  }

  /** The previous tree's statement for one of type `type` at [start, end) of the current placement's text, taken (or undefined). */
  take(type: string, start: number, end: number): MutableNode | undefined {
    const { base, oldBase, length, oldLength, prefix, suffix } = this.placement;
    let old: MutableNode | undefined;
    if (end <= prefix) old = this.atPosition(type, oldBase + start, oldBase + end);
    else if (start >= length - suffix) old = this.atPosition(type, oldBase + start - (length - oldLength), oldBase + end - (length - oldLength));
    // In the edited span, or where the previous tree had something else (an error region): by text.
    // A comment costs one node to convert, not worth a search.
    if (!old && type !== 'comment') {
      old = this.byText((this.touching ??= this.touchingEdit()), type, base + start, base + end);
      if (!old && this.older) old = this.byText((this.olderCandidates ??= this.older()), type, base + start, base + end);
      if (old) this.takenByText++;
    }
    if (old) this.claim(old, base + start);
    return old;
  }

  /**
   * Whether every top-level statement of the previous tree in [oldStart, oldEnd] may still be taken: an
   * earlier part of unknown origin may have taken one by text (a cell edited into another cell's text is
   * matched to that cell's old tree, and the cell it displaced, parsed afresh, takes statements by text
   * from anywhere). takeAll would then put the same node at two places in the new tree.
   */
  canTakeAll(oldStart: number, oldEnd: number): boolean {
    const children = this.root.children;
    for (let i = firstEndingAtOrAfter(children, oldStart); i < children.length && children[i].start <= oldEnd; i++) {
      if (children[i].start >= oldStart && !this.free(children[i])) return false;
    }
    return true;
  }

  /**
   * Takes the previous tree's top-level statements in [oldStart, oldEnd] whole (a notebook cell whose
   * text is unchanged, parsed on its own, has the same ones) and adds them to `into`, moved to `start`.
   */
  takeAll(into: MutableNode, oldStart: number, oldEnd: number, start: number): void {
    const children = this.root.children;
    let i = firstEndingAtOrAfter(children, oldStart);
    for (; i < children.length && children[i].start <= oldEnd; i++) {
      const old = children[i];
      if (old.start < oldStart) continue;
      this.claim(old, old.start + start - oldStart);
      old.parent = into;
      old.index = into.children.length;
      addChild(into, old);
      if (old.containsError) into.bits |= CONTAINS_ERROR;
    }
  }

  private claim(old: MutableNode, newStart: number): void {
    this.taken.add(old);
    for (let p = old.parent; p; p = p.parent) this.containsTaken.add(p);
    if (newStart !== old.start) this.moves.push({ node: old, delta: newStart - old.start });
  }

  /**
   * The text's tree is complete: taken nodes move to their offsets; what nothing took stays spare for the
   * next conversion. `unchanged`: what the result's text shares with the previous tree's at either end,
   * when known (a whole module's conversion).
   */
  finish(result: SyntaxTree, unchanged?: { prefix: number; suffix: number }): void {
    const moves = this.moves;
    for (let i = 0; i < moves.length; i++) shift(moves[i].node, moves[i].delta);
    const { root, containsTaken } = this;
    const textBefore = textBeforeEdit(this.previous.text, result, unchanged);
    spareStatements.set(result, () => {
      const byLength = new Map<number, MutableNode[]>();
      const stack: MutableNode[] = [root];
      while (stack.length) {
        const node = stack.pop()!;
        const list = STATEMENT_LISTS.has(node.type);
        for (const child of node.children) {
          // A node taken over has a parent in a newer tree (the set of those taken is not kept: a 50,000-line
          // module's 20,000 statements, for as long as the result lives).
          if (child.parent !== node) continue;
          if (list && child.named && !child.containsError && child.type !== 'comment' && !containsTaken.has(child)) addCandidate(byLength, child);
          if (holdsStatements(child)) stack.push(child);
        }
      }
      return { slice: textBefore, byLength };
    });
  }

  private free(node: MutableNode): boolean {
    if (this.taken.has(node) || this.containsTaken.has(node)) return false;
    for (let p = node.parent; p; p = p.parent) if (this.taken.has(p)) return false;
    return true;
  }

  /** The previous tree's statement of this type at exactly [start, end) of its text, if it may be taken. */
  private atPosition(type: string, start: number, end: number): MutableNode | undefined {
    let node = this.root;
    for (;;) {
      const children = node.children;
      const hint = this.hintIndex;
      let at = node === this.hintList && hint < children.length && children[hint].end >= end && (hint === 0 || children[hint - 1].end < end) ? hint : -1;
      if (at < 0) at = firstEndingAtOrAfter(children, end);
      const child = children[at];
      if (!child || child.start > start) return undefined;
      if (child.start === start && child.end === end && STATEMENT_LISTS.has(node.type)) {
        if (child.type !== type || !child.named || child.containsError || (this.takenByText > 0 && !this.free(child))) return undefined;
        this.hintList = node;
        this.hintIndex = at + 1;
        return child;
      }
      if (this.taken.has(child) || !holdsStatements(child)) return undefined;
      node = child;
    }
  }

  private touchingEdit(): Candidates {
    const { oldBase, oldLength, prefix, suffix } = this.placement;
    const from = oldBase + prefix;
    const to = oldBase + oldLength - suffix;
    const byLength = new Map<number, MutableNode[]>();
    const stack: MutableNode[] = [this.root];
    while (stack.length) {
      const node = stack.pop()!;
      const list = STATEMENT_LISTS.has(node.type);
      const children = node.children;
      for (let i = firstEndingAtOrAfter(children, from); i < children.length && children[i].start <= to; i++) {
        const child = children[i];
        if (list && child.named && !child.containsError && child.type !== 'comment') addCandidate(byLength, child);
        if (holdsStatements(child)) stack.push(child);
      }
    }
    const text = this.previous.text;
    return { slice: (start, end) => text.slice(start, end), byLength };
  }

  /** A statement of the same type and text among candidates, removed from them. */
  private byText(candidates: Candidates, type: string, start: number, end: number): MutableNode | undefined {
    const list = candidates.byLength.get(end - start);
    if (!list) return undefined;
    let wanted: string | undefined;
    for (let i = 0; i < list.length; i++) {
      const candidate = list[i];
      if (candidate.type !== type || !this.free(candidate)) continue;
      wanted ??= this.text.slice(start, end);
      if (candidates.slice(candidate.start, candidate.end) !== wanted) continue;
      list.splice(i, 1);
      return candidate;
    }
    return undefined;
  }
}

/**
 * Converts a parser tree (of `text`, or of the part of it at `base`) into our nodes. With `into`, the
 * tree's top-level statements become children of that node (a notebook cell's, of the notebook's module
 * node; a cell that does not parse as a module at all goes in as its one ERROR node) and `into` is
 * returned; otherwise its root is. Statements found unchanged by `reuse` are taken over whole and the
 * walk skips their subtrees.
 *
 * One cursor walk, iterative so that any nesting depth is safe. Every cursor read crosses into wasm, so
 * each node reads only its type id, start, end and field id; names and named-ness come from tables, and
 * "missing" is asked only of empty nodes (a MISSING node is always empty).
 */
function convertTree(tree: WasmTree, reuse: Reconversion | undefined, base = 0, into?: MutableNode): MutableNode {
  const language = tree.tree.language;
  const { names, named } = typeTable(language);
  // (The node tables were filled from this grammar when it was loaded: loadPython.)
  // Only a tree of the current wasm instance may be walked: web-tree-sitter's TreeCursor calls the current
  // instance too, so an older instance's tree would be read with pointers into the wrong memory (the callers
  // parse afresh instead: analyzeNotebook's parseCells, the parse's `live` check). Nothing else may call
  // into the module until the walk is done (see cursorWalk.ts).
  const cursor: CursorWalk = cursorWalk(tree.tree, directWalks && tree.live ? currentDirect : undefined);
  try {
    /** Whether the node make returned last still needs its subtree converted (false when taken over). */
    let descend = true;
    /** Converts the node at the cursor. */
    const make = (parent: MutableNode | null): MutableNode => {
      const id = cursor.typeId();
      const type = id < names.length ? names[id] : 'ERROR';
      const isNamed = id < named.length ? named[id] : true;
      const start = cursor.start();
      const end = cursor.end();
      if (parent && reuse && isNamed && !parent.broken && STATEMENT_LISTS.has(parent.type)) {
        const old = reuse.take(type, start, end);
        if (old) {
          old.parent = parent;
          old.index = parent.children.length;
          old.fieldId = cursor.fieldId();
          addChild(parent, old);
          descend = false;
          return old;
        }
      }
      descend = true;
      const missing = start === end && cursor.missing();
      const broken = type === 'ERROR' || missing || (parent?.broken ?? false);
      const bits = (broken ? BROKEN : 0) | ((parent ? cursor.fieldId() : 0) << FIELD_SHIFT);
      const node = new MutableNode(id < names.length ? id : ERROR_TYPE_ID, base + start, base + end, parent, parent ? parent.children.length : 0, bits);
      if (parent) addChild(parent, node);
      if (broken) {
        for (let p: MutableNode | null = node; p && !p.containsError; p = p.parent) p.bits |= CONTAINS_ERROR;
      }
      return node;
    };
    const rootId = cursor.typeId();
    const intoModule = into !== undefined && rootId < names.length && names[rootId] === 'module';
    const root = intoModule ? into : make(into ?? null);
    if (!descend || !cursor.firstChild()) return into ?? root;
    let current = make(root);
    for (;;) {
      if (descend && cursor.firstChild()) {
        current = make(current);
        continue;
      }
      while (!cursor.nextSibling()) {
        // Back up one level: the parent's children are complete (`into`'s are sealed by its owner).
        current = current.parent!;
        if (current !== into) seal(current);
        if (current === root || !cursor.parent()) return into ?? root;
      }
      current = make(current.parent);
    }
  } finally {
    cursor.done();
  }
}

/** A whole tree: converted, taking over from `previous` what `unchanged` says is unchanged. */
function convert(tree: WasmTree, text: string, previous?: SyntaxTree, unchanged?: Unchanged): SyntaxTree {
  const reuse = previous && new Reconversion(previous, text);
  reuse?.place({ base: 0, oldBase: 0, length: text.length, oldLength: previous!.text.length, prefix: unchanged?.prefix ?? 0, suffix: unchanged?.suffix ?? 0 });
  const root = convertTree(tree, reuse);
  const result = new SyntaxTree(root as SyntaxNode, text);
  reuse?.finish(result, unchanged);
  return result;
}

/**
 * One module tree of parts parsed separately (a notebook's cells, each a unit of its own as the kernel
 * runs it: a syntax error stays in its cell): one module node whose children are the parts' top-level
 * statements, at the parts' offsets in `text`. Unchanged parts take their statements over from
 * `previous` without reading their trees.
 */
export function joinParts(text: string, parts: readonly ModulePart[], previous?: SyntaxTree): SyntaxTree {
  const root = new MutableNode(typeIds.get('module')!, 0, text.length, null, 0, 0);
  const reuse = previous && new Reconversion(previous, text);
  for (const part of parts) {
    const was = part.was;
    if (reuse && was?.same && reuse.canTakeAll(was.start, was.start + was.length)) {
      reuse.takeAll(root, was.start, was.start + was.length, part.start);
      continue;
    }
    if (!(part.tree instanceof WasmTree)) throw new Error('sagelint: a module part was parsed by another parser');
    // A part of unknown origin may still hold statements of the previous tree anywhere: by text only.
    reuse?.place(was
      ? { base: part.start, oldBase: was.start, length: part.length, oldLength: was.length, prefix: was.prefix, suffix: was.suffix }
      : { base: part.start, oldBase: 0, length: part.length, oldLength: previous!.text.length, prefix: 0, suffix: 0 });
    convertTree(part.tree, reuse, part.start, root);
  }
  seal(root);
  const result = new SyntaxTree(root as SyntaxNode, text);
  reuse?.finish(result);
  return result;
}

/**
 * The top-level statements of `previous` that one change touches, [first, last], and where they are in
 * the text after it, [start, end): these are parsed on their own (reparseStatements) only where the
 * result is certainly what a parse of the whole text would make of them. Python's tokenizer is at the
 * same state at the start of every top-level statement (column 0, no open bracket or string, the
 * indentation stack empty), and a run of complete statements followed by one at column 0 ends in that
 * state again, so statements parse the same alone as in the module when:
 * - the previous tree has no error, and the run is neither the module's first nor its last statement
 *   (those also give the module node its range);
 * - the run starts at the start of a line with a statement's first character (not indentation, a
 *   comment or a line continuation: a comment there would move where the statement before it ends);
 * - only spaces and line breaks follow it up to the next statement, which starts a line (comments right
 *   after the run join it: after a compound statement they belong to its block);
 * - and the run parses alone without an error (a clause such as `else:` that would join the statement
 *   before it, an unclosed bracket or string that would run into the statements after it, a decorator
 *   without its definition: all are errors alone).
 * Lone carriage returns (which the parser is given as line feeds) and a run ending in a backslash are left
 * to the whole parse, and so is a run too long to gain from being parsed alone.
 */
function statementsToReparse(previous: SyntaxTree, text: string, change: TextSpanChange): { first: number; last: number; start: number; end: number } | undefined {
  const root = previous.root;
  if (root.type !== 'module' || root.containsError) return undefined;
  const children = root.children;
  const { start, oldEnd, newEnd } = change;
  const delta = newEnd - oldEnd;
  if (text.length !== previous.text.length + delta) return undefined;
  const first = firstEndingAtOrAfter(children, start);
  let last = first;
  while (last + 1 < children.length && children[last + 1].start <= oldEnd) last++;
  while (last + 1 < children.length && children[last + 1].type === 'comment') last++;
  if (first === 0 || last + 1 >= children.length) return undefined;
  const head = children[first];
  const tail = children[last];
  if (head.type === 'comment' || head.start > start || tail.end < oldEnd) return undefined;
  const regionStart = head.start;
  const lastToken = tail.end + delta;
  if (lastToken <= regionStart || text.charCodeAt(regionStart - 1) !== LINE_FEED) return undefined;
  const firstCharacter = text.charCodeAt(regionStart);
  if (firstCharacter === 0x23 /* # */ || firstCharacter === 0x5c /* backslash */ || isBlank(firstCharacter)) return undefined;
  if (text.charCodeAt(lastToken - 1) === 0x5c) return undefined;
  // The run ends with its line, line break included: a comment typed at its end runs up to the line
  // break in the module (over spaces, and a \r before it), and must do so alone too.
  let regionEnd = lastToken;
  while (regionEnd < text.length && text.charCodeAt(regionEnd) !== LINE_FEED && isBlank(text.charCodeAt(regionEnd))) regionEnd++;
  if (text.charCodeAt(regionEnd) !== LINE_FEED) return undefined;
  regionEnd++;
  const next = children[last + 1].start + delta;
  if (text.charCodeAt(next - 1) !== LINE_FEED) return undefined;
  for (let at = regionEnd; at < next; at++) if (!isBlank(text.charCodeAt(at))) return undefined;
  // Parsed alone, a large run costs more than reparsing the whole text from its tree (about a fifth of a
  // parse of all of it, measured on generated modules of 2,000 and 10,000 lines).
  if (regionEnd - regionStart > Math.max(text.length / 8, SMALL_RUN)) return undefined;
  for (let at = regionStart; at < regionEnd; at++) {
    if (text.charCodeAt(at) === CARRIAGE_RETURN && text.charCodeAt(at + 1) !== LINE_FEED) return undefined;
  }
  return { first, last, start: regionStart, end: regionEnd };
}

/** A run of statements this long (characters) is parsed alone whatever the module's length: it takes well under a millisecond. */
const SMALL_RUN = 4096;
const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;

/** A space, tab, form feed, carriage return or line feed. */
function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0c || code === LINE_FEED || code === CARRIAGE_RETURN;
}

/**
 * `previous` with its top-level statements [first, last] replaced by those of `part` (the text at
 * [region.start, region.end) parsed alone); the statements before are taken over as they are, those
 * after moved by the change's length, and statements inside the replaced ones are taken over where
 * their text is unchanged, as in any reconversion.
 */
function replaceStatements(previous: SyntaxTree, text: string, change: TextSpanChange, region: { first: number; last: number; start: number; end: number }, part: WasmTree): SyntaxTree {
  const oldRoot = previous.root as MutableNode;
  const children = oldRoot.children;
  const delta = change.newEnd - change.oldEnd;
  const oldRegionEnd = region.end - delta;
  const root = new MutableNode(typeIds.get(oldRoot.type)!, oldRoot.start, oldRoot.end + delta, null, 0, 0);
  const reuse = new Reconversion(previous, text);
  reuse.takeAll(root, children[0].start, children[region.first - 1].start, children[0].start);
  reuse.place({ base: region.start, oldBase: region.start, length: region.end - region.start, oldLength: oldRegionEnd - region.start, prefix: change.start - region.start, suffix: oldRegionEnd - change.oldEnd });
  convertTree(part, reuse, region.start, root);
  const after = children[region.last + 1].start;
  reuse.takeAll(root, after, previous.text.length, after + delta);
  seal(root);
  const result = new SyntaxTree(root as SyntaxNode, text);
  reuse.finish(result, { prefix: change.start, suffix: previous.text.length - change.oldEnd });
  return result;
}
