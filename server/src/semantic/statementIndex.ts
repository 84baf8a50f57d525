import { SyntaxNode, childByField } from '../parse/syntaxNode';

/**
 * What the module-wide indexes of semantic/pipeline.ts take from one top-level statement, found by
 * walking it once. It depends on the statement's own subtree only (its node objects, their error flags
 * and the text they cover), so it is kept with the node: a statement the next tree takes over unchanged
 * (the same object, see parse/wasmParser.ts) is not walked again, and a keystroke walks only the
 * statements it changed. The lists keep the orders of the whole-module walks they replace.
 */
export interface StatementIndex {
  /** Calls outside error regions that hold no error, in document order (a walk visiting children first to last). */
  readonly calls: readonly SyntaxNode[];
  /** Identifiers outside error regions by name, each name's nodes in last-to-first walk order. */
  readonly identifiers: Identifiers;
  /** How many identifiers (error regions included) carry each name. */
  readonly counts: ReadonlyMap<string, number>;
  /** Names used as `name.attr`, `name[...]`, or `name += ...` (error regions included). */
  readonly mutated: readonly string[];
  /** Whether it sets `x.sagemaker_session = ...` (or `+=`) anywhere, error regions included. */
  readonly assignsSessionAttribute: boolean;
  /** `x.add_depends_on(...)` calls outside error regions (error-holding ones too), in last-to-first walk order. */
  readonly addDependsOnCalls: readonly SyntaxNode[];
  /**
   * Attribute chains it sets (assigned, deleted or looped into: `sagemaker.image_uris = ...`) and
   * `setattr(x, "name", ...)` targets (`x.*` when the name is not a string literal), written without
   * spaces; error regions included.
   */
  readonly patchedChains: readonly string[];
}

const indexes = new WeakMap<SyntaxNode, StatementIndex>();

/** The index of a top-level statement (`text` gives a node's source text in the tree it is in now). */
export function statementIndex(statement: SyntaxNode, text: (node: SyntaxNode) => string): StatementIndex {
  let index = indexes.get(statement);
  if (!index) {
    index = build(statement, text);
    indexes.set(statement, index);
  }
  return index;
}

/** The index of a statement when one was built (its statement walked), without building one. */
export function builtStatementIndex(statement: SyntaxNode): StatementIndex | undefined {
  return indexes.get(statement);
}

function build(statement: SyntaxNode, text: (node: SyntaxNode) => string): StatementIndex {
  const callsLastFirst: SyntaxNode[] = [];
  const identifiers = new Map<string, SyntaxNode | SyntaxNode[]>();
  const counts = new Map<string, number>();
  const mutated = new Set<string>();
  let assignsSessionAttribute = false;
  const addDependsOnCalls: SyntaxNode[] = [];
  let patchedChains: string[] | undefined;
  // One walk, last to first (everything below a broken node is broken too).
  const stack: SyntaxNode[] = [statement];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'call') {
      const callee = childByField(node, 'function');
      if (!node.broken) {
        if (!node.containsError) callsLastFirst.push(node);
        const method = callee?.type === 'attribute' ? childByField(callee, 'attribute') : undefined;
        if (method && text(method) === 'add_depends_on') addDependsOnCalls.push(node);
      }
      if (callee?.type === 'identifier' && text(callee) === 'setattr') {
        const [target, key] = childByField(node, 'arguments')?.children.filter((c) => c.named && c.type !== 'comment') ?? [];
        const keyText = key ? text(key).replace(/^[rRuU]?["']|["']$/g, '') : '';
        if (target) (patchedChains ??= []).push(key?.type === 'string' ? `${text(target).replace(/\s+/g, '')}.${keyText}` : `${text(target).replace(/\s+/g, '')}.*`);
      }
    } else if (node.type === 'attribute' && isWritten(node)) {
      (patchedChains ??= []).push(text(node).replace(/\s+/g, ''));
    }
    if (node.type === 'identifier') {
      const name = text(node);
      counts.set(name, (counts.get(name) ?? 0) + 1);
      if (!node.broken) {
        const known = identifiers.get(name);
        if (known === undefined) identifiers.set(name, node);
        else if (Array.isArray(known)) known.push(node);
        else identifiers.set(name, [known, node]);
      }
    } else if (node.type === 'attribute' || node.type === 'subscript') {
      const object = childByField(node, node.type === 'attribute' ? 'object' : 'value');
      if (object?.type === 'identifier') mutated.add(text(object));
    } else if (node.type === 'augmented_assignment') {
      const left = childByField(node, 'left');
      if (left?.type === 'identifier') mutated.add(text(left));
    }
    if (node.type === 'assignment' || node.type === 'augmented_assignment') {
      const left = childByField(node, 'left');
      const attribute = left?.type === 'attribute' ? childByField(left, 'attribute') : undefined;
      if (attribute && text(attribute) === 'sagemaker_session') assignsSessionAttribute = true;
    }
    for (const child of node.children) stack.push(child);
  }
  // Kept lists are copied to their exact lengths (sorting copies): a pushed-to array keeps spare room, 17
  // slots after the first push, and most statements hold one call.
  const calls = callsLastFirst.length > 1 ? firstToLast(callsLastFirst) : callsLastFirst.slice();
  const table = identifiers.size ? new Identifiers(identifiers) : NO_IDENTIFIERS;
  return {
    calls: calls.length ? calls : NO_NODES,
    identifiers: table,
    // Without an error region every identifier is in `identifiers`, so their lists count them.
    counts: counts.size === 0 ? NO_COUNTS : statement.containsError ? counts : new ListLengths(table),
    // An array, not the Set it was collected in (a Set's table takes about 150 bytes more): it is only iterated.
    mutated: mutated.size ? [...mutated] : NO_NAMES,
    assignsSessionAttribute,
    addDependsOnCalls: addDependsOnCalls.length ? addDependsOnCalls.slice() : NO_NODES,
    patchedChains: patchedChains ?? NO_CHAINS,
  };
}

/*
 * A 50,000-line module has 20,000 top-level statements, each with an index kept as long as the statement
 * is unchanged. Most statements hold no call, no `x.attr`, no add_depends_on call: they share these empty
 * collections (an empty Map or Set costs about 180 bytes, an empty array 48). Where both walk orders find
 * the calls in the same order (a statement with one call, or calls one after another), one array serves
 * both; where the statement holds no error region, the identifier counts are read from the identifier
 * lists instead of a Map of their own (6.5 of the 27 MB these indexes took there).
 */
const NO_CHAINS: readonly string[] = [];
const NO_NODES: readonly SyntaxNode[] = [];
/**
 * A statement's identifiers by name. A Map of lists took 800 bytes a statement (16 MB of the 50,000-line
 * module's heap): a Map's hash table and a list per name, though most names occur once in a statement.
 * Here a statement with few names keeps one flat array of each name followed by its node, or by the list
 * of its nodes when it occurs more than once, and is searched from the start; one with many names keeps a
 * Map of the same values.
 */
export class Identifiers {
  private readonly flat: readonly (string | SyntaxNode | SyntaxNode[])[] | undefined;
  private readonly map: ReadonlyMap<string, SyntaxNode | SyntaxNode[]> | undefined;

  constructor(byName: ReadonlyMap<string, SyntaxNode | SyntaxNode[]>) {
    if (byName.size > FLAT_NAMES) {
      this.map = byName;
      return;
    }
    const flat: (string | SyntaxNode | SyntaxNode[])[] = new Array(2 * byName.size);
    let i = 0;
    for (const [name, nodes] of byName) {
      flat[i++] = name;
      flat[i++] = Array.isArray(nodes) ? nodes.slice() : nodes;
    }
    this.flat = flat;
  }

  get size(): number {
    return this.map ? this.map.size : this.flat!.length / 2;
  }

  has(name: string): boolean {
    return this.lookup(name) !== undefined;
  }

  /** How many identifiers carry the name (undefined for none). */
  count(name: string): number | undefined {
    const nodes = this.lookup(name);
    return nodes === undefined ? undefined : Array.isArray(nodes) ? nodes.length : 1;
  }

  /** Appends the name's identifiers (last-to-first walk order) to `into`. */
  addTo(name: string, into: SyntaxNode[]): void {
    const nodes = this.lookup(name);
    if (nodes === undefined) return;
    if (Array.isArray(nodes)) for (let i = 0; i < nodes.length; i++) into.push(nodes[i]);
    else into.push(nodes);
  }

  names(): IterableIterator<string> {
    return this.map ? this.map.keys() : (this.flat!.filter((_, i) => i % 2 === 0) as string[]).values();
  }

  /** Each name with its identifiers (a list made for each: for tests and the rare reader of them all). */
  *[Symbol.iterator](): IterableIterator<[string, readonly SyntaxNode[]]> {
    for (const name of this.names()) {
      const nodes: SyntaxNode[] = [];
      this.addTo(name, nodes);
      yield [name, nodes];
    }
  }

  private lookup(name: string): SyntaxNode | SyntaxNode[] | undefined {
    if (this.map) return this.map.get(name);
    const flat = this.flat!;
    for (let i = 0; i < flat.length; i += 2) if (flat[i] === name) return flat[i + 1] as SyntaxNode | SyntaxNode[];
    return undefined;
  }
}

/** Up to this many distinct names a statement's identifiers are searched in a flat array (a plain statement has a handful). */
const FLAT_NAMES = 12;

const NO_IDENTIFIERS = new Identifiers(new Map());
const NO_COUNTS: ReadonlyMap<string, number> = new Map();
const NO_NAMES: readonly string[] = [];


/** How many nodes each name has, read from the identifiers (a Map's interface over them). */
class ListLengths implements ReadonlyMap<string, number> {
  constructor(private readonly identifiers: Identifiers) {}

  get size(): number {
    return this.identifiers.size;
  }

  get(name: string): number | undefined {
    return this.identifiers.count(name);
  }

  has(name: string): boolean {
    return this.identifiers.has(name);
  }

  forEach(callback: (count: number, name: string, map: ReadonlyMap<string, number>) => void, thisArg?: unknown): void {
    for (const name of this.identifiers.names()) callback.call(thisArg, this.identifiers.count(name)!, name, this);
  }

  *entries(): IterableIterator<[string, number]> {
    for (const name of this.identifiers.names()) yield [name, this.identifiers.count(name)!];
  }

  keys(): IterableIterator<string> {
    return this.identifiers.names();
  }

  *values(): IterableIterator<number> {
    for (const name of this.identifiers.names()) yield this.identifiers.count(name)!;
  }

  [Symbol.iterator](): IterableIterator<[string, number]> {
    return this.entries();
  }
}

/** `sagemaker.foo = ...`, `del sagemaker.foo`, `for sagemaker.foo in ...`: a target, not a read (alone or in a tuple or list). */
export function isWritten(node: SyntaxNode): boolean {
  let target: SyntaxNode = node;
  while (target.parent && (target.parent.type === 'pattern_list' || target.parent.type === 'tuple_pattern' || target.parent.type === 'list_pattern' || target.parent.type === 'tuple' || target.parent.type === 'expression_list')) target = target.parent;
  const parent = target.parent;
  if (!parent) return false;
  if ((parent.type === 'assignment' || parent.type === 'augmented_assignment' || parent.type === 'for_statement' || parent.type === 'for_in_clause') && childByField(parent, 'left') === target) return true;
  return parent.type === 'delete_statement';
}

/**
 * Calls in the order of a walk that visits children first to last, from their order in one that visits
 * them last to first. Both visit a call before the calls inside it; otherwise the first-to-last walk
 * takes the earlier one in the text first. So it is the order by start, a call before the calls inside
 * it at the same start (`f()()` holds `f()`): the one that ends later. No two calls have the same span.
 */
function firstToLast(callsLastFirst: readonly SyntaxNode[]): SyntaxNode[] {
  return callsLastFirst.slice().sort((a, b) => a.start - b.start || b.end - a.end);
}

/**
 * A statement's calls (its index's `calls`) in the order of a walk that visits children last to first:
 * a call before the calls inside it, otherwise the later one in the text first. Made when asked for
 * (pipeline.ts asks once per statement it changed) rather than kept with every index: the two orders
 * differ in most statements with nested calls, and the second array took 3.2 MB of the 50,000-line
 * module's heap.
 */
export function callsLastFirst(index: StatementIndex): readonly SyntaxNode[] {
  const calls = index.calls;
  if (calls.length < 2) return calls;
  return calls.slice().sort((a, b) => (contains(a, b) ? -1 : contains(b, a) ? 1 : b.start - a.start));
}

/** Whether `outer`'s span holds `inner`'s (no two calls have the same span). */
function contains(outer: SyntaxNode, inner: SyntaxNode): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

