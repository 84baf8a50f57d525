import * as fs from 'fs';
import * as path from 'path';
import { Edit, Language, Parser, Tree } from 'web-tree-sitter';
import { PythonParser, ParserTree, TextChange } from './parser';
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

async function loadPython(): Promise<Language> {
  const runtimeWasm = locateWasm('web-tree-sitter.wasm', 'web-tree-sitter');
  await Parser.init({ locateFile: () => runtimeWasm });
  return Language.load(locateWasm('tree-sitter-python.wasm', 'tree-sitter-python'));
}

/** Longest a single parse may run before it is cancelled and the file skipped. */
const PARSE_TIME_LIMIT_MS = 5000;

class WasmTree implements ParserTree {
  private freed = false;
  constructor(readonly tree: Tree) {}

  edit(change: TextChange): void {
    this.tree.edit(new Edit(change));
  }

  toSyntaxTree(text: string): SyntaxTree {
    return convert(this.tree, text);
  }

  free(): void {
    if (!this.freed) {
      this.freed = true;
      this.tree.delete();
    }
  }
}

export class WasmPythonParser implements PythonParser {
  private constructor(private readonly parser: Parser) {}

  static async create(): Promise<WasmPythonParser> {
    loading ??= loadPython();
    const language = await loading;
    const parser = new Parser();
    parser.setLanguage(language);
    return new WasmPythonParser(parser);
  }

  parse(text: string, previous?: ParserTree): ParserTree | undefined {
    const deadline = Date.now() + PARSE_TIME_LIMIT_MS;
    const old = previous instanceof WasmTree ? previous.tree : null;
    const tree = this.parser.parse(text, old, { progressCallback: () => Date.now() > deadline });
    if (!tree) {
      this.parser.reset();
      return undefined;
    }
    return new WasmTree(tree);
  }
}

interface MutableNode {
  type: string;
  named: boolean;
  start: number;
  end: number;
  field: string | null;
  parent: MutableNode | null;
  children: MutableNode[];
  broken: boolean;
  containsError: boolean;
  index: number;
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
 * One cursor walk over the whole tree, iterative so that any nesting depth is safe. Every cursor read
 * crosses into wasm, so each node reads only its type id, start, end and field id; names and named-ness
 * come from tables, and "missing" is asked only of empty nodes (a MISSING node is always empty).
 */
function convert(tree: Tree, text: string): SyntaxTree {
  const cursor = tree.walk();
  const { names, named } = typeTable(tree.language);
  const fields = tree.language.fields;
  let count = 0;
  try {
    const make = (parent: MutableNode | null): MutableNode => {
      const id = cursor.nodeTypeId;
      const type = id < names.length ? names[id] : 'ERROR';
      const start = cursor.startIndex;
      const end = cursor.endIndex;
      const missing = start === end && cursor.nodeIsMissing;
      count++;
      const node: MutableNode = {
        type,
        named: id < named.length ? named[id] : true,
        start,
        end,
        field: parent ? fields[cursor.currentFieldId] ?? null : null,
        parent,
        children: [],
        broken: type === 'ERROR' || missing || (parent?.broken ?? false),
        containsError: false,
        index: parent ? parent.children.length : 0,
      };
      parent?.children.push(node);
      if (node.broken) {
        for (let p: MutableNode | null = node; p && !p.containsError; p = p.parent) p.containsError = true;
      }
      return node;
    };
    const root = make(null);
    let current = root;
    if (!cursor.gotoFirstChild()) return new SyntaxTree(root, text, count);
    current = make(root);
    for (;;) {
      if (cursor.gotoFirstChild()) {
        current = make(current);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return new SyntaxTree(root as SyntaxNode, text, count);
        current = current.parent!;
        if (current === root) return new SyntaxTree(root as SyntaxNode, text, count);
      }
      current = make(current.parent);
    }
  } finally {
    cursor.delete();
  }
}
