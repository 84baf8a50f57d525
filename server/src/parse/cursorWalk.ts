import type { Tree, TreeCursor } from 'web-tree-sitter';

/**
 * What the conversion (wasmParser.ts) reads of the node under a tree cursor, and how it moves it: the
 * only cursor operations it needs, so that they can be made without web-tree-sitter's wrappers.
 */
export interface CursorWalk {
  typeId(): number;
  /** UTF-16 offsets. */
  start(): number;
  end(): number;
  fieldId(): number;
  missing(): boolean;
  firstChild(): boolean;
  nextSibling(): boolean;
  parent(): boolean;
  /** Frees the cursor; the walk must not be used afterwards. */
  done(): void;
}

/** A walk through web-tree-sitter's public TreeCursor. */
class PublicWalk implements CursorWalk {
  constructor(private readonly cursor: TreeCursor) {}
  typeId(): number {
    return this.cursor.nodeTypeId;
  }
  start(): number {
    return this.cursor.startIndex;
  }
  end(): number {
    return this.cursor.endIndex;
  }
  fieldId(): number {
    return this.cursor.currentFieldId;
  }
  missing(): boolean {
    return this.cursor.nodeIsMissing;
  }
  firstChild(): boolean {
    return this.cursor.gotoFirstChild();
  }
  nextSibling(): boolean {
    return this.cursor.gotoNextSibling();
  }
  parent(): boolean {
    return this.cursor.gotoParent();
  }
  done(): void {
    this.cursor.delete();
  }
}

type TreeFunction = (tree: number) => number;

/**
 * The wasm module's own cursor functions (web-tree-sitter 0.27's binding, lib/tree-sitter.c). Each
 * TreeCursor method writes the cursor's four words into the module's transfer buffer (four setValue
 * calls), calls one of these, and reads the words back after a move: about 40% of a conversion went to
 * that copying. These functions take the cursor from the transfer buffer, and a move writes the moved
 * cursor back there, so a walk that makes no other call into the module between two of them (the
 * conversion makes none) can call them directly, and copy the words back into the TreeCursor object
 * once, before freeing it.
 */
interface DirectFunctions {
  readonly typeId: TreeFunction;
  readonly start: TreeFunction;
  readonly end: TreeFunction;
  readonly fieldId: TreeFunction;
  readonly missing: TreeFunction;
  readonly firstChild: TreeFunction;
  readonly nextSibling: TreeFunction;
  readonly parent: TreeFunction;
  /** The transfer buffer's address and the module's reader of a 32-bit word. */
  readonly buffer: number;
  readonly getValue: (address: number, type: string) => number;
}

/** A walk through the module's functions (see DirectFunctions). */
class DirectWalk implements CursorWalk {
  private readonly address: number;

  constructor(
    private readonly fns: DirectFunctions,
    private readonly cursor: TreeCursor,
    tree: Tree,
  ) {
    // The tree's address in wasm memory (web-tree-sitter keeps it at index 0 of its Tree objects).
    this.address = (tree as unknown as Record<number, number>)[0];
    // Any read through the TreeCursor writes its words into the transfer buffer (tree.walk() left them there too).
    void cursor.nodeTypeId;
  }
  typeId(): number {
    return this.fns.typeId(this.address);
  }
  start(): number {
    return this.fns.start(this.address);
  }
  end(): number {
    return this.fns.end(this.address);
  }
  fieldId(): number {
    return this.fns.fieldId(this.address);
  }
  missing(): boolean {
    return this.fns.missing(this.address) === 1;
  }
  firstChild(): boolean {
    return this.fns.firstChild(this.address) === 1;
  }
  nextSibling(): boolean {
    return this.fns.nextSibling(this.address) === 1;
  }
  parent(): boolean {
    return this.fns.parent(this.address) === 1;
  }
  done(): void {
    // The moves changed the cursor's words (its stack may have been reallocated): the TreeCursor gets
    // them back, so that delete() frees the cursor as it is now.
    const { buffer, getValue } = this.fns;
    const words = this.cursor as unknown as Record<number, number>;
    for (let i = 0; i < 4; i++) words[i] = getValue(buffer + 4 * i, 'i32');
    this.cursor.delete();
  }
}

/**
 * The direct functions of a web-tree-sitter module, or undefined when it lacks one of them. `module` is
 * the options object given to Parser.init: the Emscripten factory makes that object the module.
 */
export function directFunctions(module: Record<string, unknown>): DirectFunctions | undefined {
  const fn = (name: string): TreeFunction | undefined => (typeof module[name] === 'function' ? (module[name] as TreeFunction) : undefined);
  const typeId = fn('_ts_tree_cursor_current_node_type_id_wasm');
  const start = fn('_ts_tree_cursor_start_index_wasm');
  const end = fn('_ts_tree_cursor_end_index_wasm');
  const fieldId = fn('_ts_tree_cursor_current_field_id_wasm');
  const missing = fn('_ts_tree_cursor_current_node_is_missing_wasm');
  const firstChild = fn('_ts_tree_cursor_goto_first_child_wasm');
  const nextSibling = fn('_ts_tree_cursor_goto_next_sibling_wasm');
  const parent = fn('_ts_tree_cursor_goto_parent_wasm');
  const init = fn('_ts_init') as (() => number) | undefined;
  const getValue = module.getValue as DirectFunctions['getValue'] | undefined;
  if (!typeId || !start || !end || !fieldId || !missing || !firstChild || !nextSibling || !parent || !init || typeof getValue !== 'function') return undefined;
  // _ts_init returns the transfer buffer's address (it writes the language versions there, which nothing reads after Parser.init).
  return { typeId, start, end, fieldId, missing, firstChild, nextSibling, parent, buffer: init(), getValue };
}

/** A walk over `tree` from its root, direct when `fns` is given. */
export function cursorWalk(tree: Tree, fns: DirectFunctions | undefined): CursorWalk {
  const cursor = tree.walk();
  return fns ? new DirectWalk(fns, cursor, tree) : new PublicWalk(cursor);
}

/**
 * Whether a direct walk of `tree` reads exactly what the public one reads, node by node (checked once per
 * wasm instance on a small tree, so a web-tree-sitter whose binding works otherwise falls back to the
 * public walk instead of converting wrong trees).
 */
export function sameWalks(tree: Tree, fns: DirectFunctions): boolean {
  const read = (walk: CursorWalk): string => {
    const out: string[] = [];
    try {
      for (;;) {
        out.push(`${walk.typeId()} ${walk.start()} ${walk.end()} ${walk.fieldId()} ${walk.missing()}`);
        if (walk.firstChild()) continue;
        for (;;) {
          if (walk.nextSibling()) break;
          if (!walk.parent()) return out.join('\n');
          out.push('up');
        }
      }
    } finally {
      walk.done();
    }
  };
  return read(cursorWalk(tree, fns)) === read(cursorWalk(tree, undefined));
}
