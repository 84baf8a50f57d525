import * as fs from 'fs';
import * as path from 'path';
import { Edit, Language, Parser, Tree } from 'web-tree-sitter';
import { ParseRefusal, PythonParser, ParserTree, TextChange } from './parser';
import { tooDeeplyIndented } from './nesting';
import { SyntaxNode, SyntaxTree } from './syntaxNode';

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

async function loadPython(): Promise<Language> {
  const runtimeWasm = locateWasm('web-tree-sitter.wasm', 'web-tree-sitter');
  await Parser.init({ locateFile: () => runtimeWasm });
  // Bytes, not a path: given a path, web-tree-sitter reads the file through a dynamic `import('fs/promises')`,
  // and the server's bundle may run from a V8 code cache (see serverEntry.ts), where Node 20 loses the
  // callback a dynamic import needs.
  const language = await Language.load(await fs.promises.readFile(locateWasm('tree-sitter-python.wasm', 'tree-sitter-python')));
  generation++;
  currentLanguage = language;
  return language;
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

class WasmTree implements ParserTree {
  private freed = false;
  private readonly generation = generation;
  constructor(readonly tree: Tree) {}

  /** Whether the tree belongs to the current wasm instance (see `generation`). */
  get hasError(): boolean {
    return this.tree.rootNode.hasError;
  }

  get live(): boolean {
    return this.generation === generation;
  }

  edit(change: TextChange): void {
    if (this.live) this.tree.edit(new Edit(change));
  }

  toSyntaxTree(text: string, previous?: SyntaxTree): SyntaxTree {
    return convert(this.tree, text, previous);
  }

  free(): void {
    if (!this.freed) {
      this.freed = true;
      if (this.live) this.tree.delete();
    }
  }
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
    return new WasmTree(tree);
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
 * A converted node. Four of its properties (named, broken, containsError and the grammar field) share
 * one small integer and are read through getters: a 50,000-line module has 700,000 nodes, and a plain
 * object with ten fields took 104 bytes each (70 MB); this one takes 80. One class for every node keeps
 * property reads monomorphic. Only the conversion writes to it.
 */
class MutableNode implements SyntaxNode {
  children: MutableNode[];

  constructor(
    readonly type: string,
    public start: number,
    public end: number,
    public parent: MutableNode | null,
    public index: number,
    /** NAMED | BROKEN | CONTAINS_ERROR, and the field id from FIELD_SHIFT up. */
    public bits: number,
  ) {
    this.children = NO_CHILDREN;
  }

  get named(): boolean {
    return (this.bits & NAMED) !== 0;
  }

  get broken(): boolean {
    return (this.bits & BROKEN) !== 0;
  }

  get containsError(): boolean {
    return (this.bits & CONTAINS_ERROR) !== 0;
  }

  get field(): string | null {
    return fieldNames[this.bits >>> FIELD_SHIFT] ?? null;
  }

  set fieldId(id: number) {
    this.bits = (this.bits & FLAG_MASK) | (id << FIELD_SHIFT);
  }
}

const NAMED = 1;
const BROKEN = 2;
const CONTAINS_ERROR = 4;
const FLAG_MASK = 7;
const FIELD_SHIFT = 3;

/**
 * Field names by field id. Every wasm generation loads the same grammar file, so the table of the latest
 * conversion serves the nodes of earlier ones too.
 */
let fieldNames: readonly (string | null)[] = [];

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
 * Statements of the tree before the previous one that the previous conversion did not take, by tree.
 * Typing `(` turns the rest of a module into an error region, so its statements are not reusable;
 * deleting it again finds the clean statements here instead of converting the whole module anew.
 */
const spareStatements = new WeakMap<SyntaxTree, Map<string, MutableNode[]>>();

/**
 * The error-free statements of a previous tree by type and text. tree-sitter gives the same text in a
 * statement position the same subtree, so an unchanged statement anywhere (it may have moved) can be
 * taken over by shifting its offsets, which is far cheaper than reading it node by node out of wasm.
 */
function reusableStatements(previous: SyntaxTree): Map<string, MutableNode[]> {
  const byKey = new Map<string, MutableNode[]>();
  const stack: SyntaxNode[] = [previous.root];
  while (stack.length) {
    const node = stack.pop()!;
    const list = STATEMENT_LISTS.has(node.type);
    for (const child of node.children) {
      if (list && child.named && !child.containsError) {
        const key = statementKey(child.type, previous.text, child.start, child.end);
        const same = byKey.get(key);
        if (same) same.push(child as MutableNode);
        else byKey.set(key, [child as MutableNode]);
      }
      if (child.named && !child.containsError && (STATEMENT_LISTS.has(child.type) || COMPOUND.has(child.type))) stack.push(child);
    }
  }
  return byKey;
}

function statementKey(type: string, text: string, start: number, end: number): string {
  return `${type}\u0000${text.slice(start, end)}`;
}

/** Moves a taken-over subtree to its new offsets. */
function shift(root: MutableNode, delta: number): void {
  if (delta === 0) return;
  const stack: MutableNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    node.start += delta;
    node.end += delta;
    for (const child of node.children) stack.push(child);
  }
}

/**
 * One cursor walk over the whole tree, iterative so that any nesting depth is safe. Every cursor read
 * crosses into wasm, so each node reads only its type id, start, end and field id; names and named-ness
 * come from tables, and "missing" is asked only of empty nodes (a MISSING node is always empty).
 * Statements found unchanged in `previous` are taken over whole and the walk skips their subtrees.
 */
function convert(tree: Tree, text: string, previous?: SyntaxTree): SyntaxTree {
  const cursor = tree.walk();
  const { names, named } = typeTable(tree.language);
  fieldNames = tree.language.fields;
  // Candidates: the previous tree's statements first, then those of the tree before it that the previous
  // conversion left unused (see spareStatements). Taken candidates are removed from these lists.
  const fromPrevious = previous ? reusableStatements(previous) : undefined;
  const fromOlder = previous ? spareStatements.get(previous) : undefined;
  const taken = new Set<MutableNode>();
  const containsTaken = new Set<MutableNode>();
  const hasTakenAncestor = (node: MutableNode): boolean => {
    for (let p = node.parent; p; p = p.parent) if (taken.has(p)) return true;
    return false;
  };
  const finish = (root: MutableNode): SyntaxTree => {
    const result = new SyntaxTree(root as SyntaxNode, text);
    if (fromPrevious) {
      // The previous tree's statements nothing took (and that share no node with this tree) stay
      // available to the next conversion, one generation only.
      const spare = new Map<string, MutableNode[]>();
      for (const [key, nodes] of fromPrevious) {
        const unused = nodes.filter((node) => !containsTaken.has(node) && !hasTakenAncestor(node));
        if (unused.length) spare.set(key, unused);
      }
      if (spare.size) spareStatements.set(result, spare);
    }
    return result;
  };
  try {
    /** The statement at the cursor, taken over from the previous tree, or undefined. */
    const takeOver = (parent: MutableNode, type: string, isNamed: boolean, start: number, end: number): MutableNode | undefined => {
      if (!fromPrevious || !isNamed || parent.broken || !STATEMENT_LISTS.has(parent.type)) return undefined;
      const key = statementKey(type, text, start, end);
      let old: MutableNode | undefined;
      for (const candidates of [fromPrevious.get(key), fromOlder?.get(key)]) {
        // Equal statements can nest (`y = 1` in a block and at the top): a node goes to one place only, so
        // neither an ancestor nor a descendant of a taken node may be taken too.
        const at = candidates ? candidates.findIndex((candidate) => !containsTaken.has(candidate) && !hasTakenAncestor(candidate)) : -1;
        if (at >= 0) {
          old = candidates!.splice(at, 1)[0];
          break;
        }
      }
      if (!old) return undefined;
      taken.add(old);
      for (let p = old.parent; p; p = p.parent) containsTaken.add(p);
      shift(old, start - old.start);
      old.parent = parent;
      old.index = parent.children.length;
      old.fieldId = cursor.currentFieldId;
      addChild(parent, old);
      return old;
    };
    /** Whether the node make returned last still needs its subtree converted (false when taken over). */
    let descend = true;
    /** Converts the node at the cursor. */
    const make = (parent: MutableNode | null): MutableNode => {
      const id = cursor.nodeTypeId;
      const type = id < names.length ? names[id] : 'ERROR';
      const isNamed = id < named.length ? named[id] : true;
      const start = cursor.startIndex;
      const end = cursor.endIndex;
      if (parent) {
        const old = takeOver(parent, type, isNamed, start, end);
        if (old) {
          descend = false;
          return old;
        }
      }
      descend = true;
      const missing = start === end && cursor.nodeIsMissing;
      const broken = type === 'ERROR' || missing || (parent?.broken ?? false);
      const bits = (isNamed ? NAMED : 0) | (broken ? BROKEN : 0) | ((parent ? cursor.currentFieldId : 0) << FIELD_SHIFT);
      const node = new MutableNode(type, start, end, parent, parent ? parent.children.length : 0, bits);
      if (parent) addChild(parent, node);
      if (broken) {
        for (let p: MutableNode | null = node; p && !p.containsError; p = p.parent) p.bits |= CONTAINS_ERROR;
      }
      return node;
    };
    const root = make(null);
    let current = root;
    if (!cursor.gotoFirstChild()) return finish(root);
    current = make(root);
    for (;;) {
      if (descend && cursor.gotoFirstChild()) {
        current = make(current);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        // Back up one level: the parent's children are complete.
        current = current.parent!;
        seal(current);
        if (current === root || !cursor.gotoParent()) {
          seal(root);
          return finish(root);
        }
      }
      current = make(current.parent);
    }
  } finally {
    cursor.delete();
  }
}
