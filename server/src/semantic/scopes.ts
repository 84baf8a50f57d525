import { SyntaxNode, SyntaxTree, childByField, firstNamedChild, unparenthesize } from '../parse/syntaxNode';

export type ScopeKind = 'module' | 'function' | 'class' | 'lambda' | 'comprehension';

/** How a name got its binding. */
export type DefinitionKind =
  | 'assign' // x = value, x: T = value, x := value
  | 'import' // import a.b / import a.b as x
  | 'from-import' // from a import b as x
  | 'unknown'; // parameters, loop targets, with-targets, tuple unpacking, del, def, class, ...

export interface Definition {
  readonly name: string;
  readonly kind: DefinitionKind;
  /** The identifier that is bound. */
  readonly target: SyntaxNode;
  /**
   * Offset from which the binding is visible: the end of the binding statement. Read from the node each
   * time: a statement taken over by a later tree is moved there, and its bindings with it.
   */
  readonly visibleFrom: number;
  /** assign: the right-hand side expression. */
  readonly value?: SyntaxNode;
  /** import: the module path the name stands for; from-import: the full dotted path of the imported name. */
  readonly path?: string;
  /**
   * Blocks between the scope and the binding that may not run (if/elif/else, loops, try, except, match
   * cases). A binding reaches a later use for certain only when every one of them also holds the use.
   */
  readonly conditionalBlocks: readonly SyntaxNode[];
  /** Innermost loop body holding the binding, if any: a binding later in a loop reaches earlier uses in it. */
  readonly loopBodies: readonly SyntaxNode[];
}

export class Scope {
  /**
   * A finished tree's lists are not changed any more. Its module scope's map is handed on to the tree
   * after an edit that updates it (updatedScopes: shared as it is, or with the names the edit binds set
   * anew), and the tree before is spent then.
   */
  readonly definitions: Map<string, Definition[]>;
  readonly globalNames = new Set<string>();
  readonly nonlocalNames = new Set<string>();
  /** Module paths of `from m import *` in this scope. */
  readonly starImports: string[] = [];

  constructor(
    readonly kind: ScopeKind,
    readonly node: SyntaxNode,
    /**
     * The enclosing scope. Scopes inside an unchanged top-level statement are shared with the tree the
     * statement was taken over from, and the module scope they hang from is set to the new tree's when
     * they are adopted (see buildScopes); the old tree is spent by then.
     */
    public parent: Scope | undefined,
    definitions?: Map<string, Definition[]>,
  ) {
    this.definitions = definitions ?? new Map();
  }

  add(definition: Definition): void {
    const list = this.definitions.get(definition.name);
    if (list) list.push(definition);
    else this.definitions.set(definition.name, [definition]);
  }
}

const SCOPE_NODE_KINDS: Record<string, ScopeKind> = {
  function_definition: 'function',
  class_definition: 'class',
  lambda: 'lambda',
  list_comprehension: 'comprehension',
  set_comprehension: 'comprehension',
  dictionary_comprehension: 'comprehension',
  generator_expression: 'comprehension',
};

/** Blocks that always run once their parent statement runs. */
const UNCONDITIONAL_BLOCK_PARENTS = new Set([
  'module',
  'function_definition',
  'class_definition',
  'with_statement',
  'finally_clause',
  'decorated_definition',
]);

const LOOP_STATEMENTS = new Set(['for_statement', 'while_statement']);

/**
 * Scopes and bindings of one module, built in a single iterative pass. It records what each name is
 * bound to and where; values are computed lazily by the semantic model.
 */
export class ScopeTree {
  readonly module: Scope;
  private readonly scopeByNode = new Map<SyntaxNode, Scope>();
  /**
   * The tree after an edit took this one's module bindings over (updatedScopes): they are that tree's
   * now, and this one's no more.
   */
  handedOn = false;

  constructor(
    readonly tree: SyntaxTree,
    /** The module's bindings, when they are those of the tree before (shared, see Scope.definitions). */
    moduleDefinitions?: Map<string, Definition[]>,
  ) {
    this.module = new Scope('module', tree.root, undefined, moduleDefinitions);
    this.scopeByNode.set(tree.root, this.module);
  }

  /** The scope in which an expression at this node is evaluated. */
  scopeOf(node: SyntaxNode): Scope {
    let child = node;
    for (let p = node.parent; p; child = p, p = p.parent) {
      const scope = this.scopeByNode.get(p);
      if (!scope) continue;
      // Decorators, default values, annotations, base classes and the first iterable of a
      // comprehension are evaluated in the enclosing scope.
      if (p.type === 'function_definition' && child.field !== 'body' && child.field !== 'parameters') continue;
      if (p.type === 'function_definition' && child.field === 'parameters' && !isParameterName(node, child)) continue;
      if (p.type === 'class_definition' && child.field !== 'body') continue;
      if (p.type === 'lambda' && child.field !== 'body' && !(child.field === 'parameters' && isParameterName(node, child))) continue;
      if (scope.kind === 'comprehension' && isFirstIterable(p, child, node)) continue;
      return scope;
    }
    return this.module;
  }

  scopeForNode(node: SyntaxNode): Scope | undefined {
    return this.scopeByNode.get(node);
  }

  /** Every scope, the module's first. */
  allScopes(): Iterable<Scope> {
    return this.scopeByNode.values();
  }

  /** Takes over one scope of a top-level statement (hung from this tree's module scope when it was another's). */
  takeScope(scope: Scope): void {
    if (scope.parent?.kind === 'module') scope.parent = this.module;
    this.scopeByNode.set(scope.node, scope);
  }

  /** Takes over what one top-level statement binds and the scopes it opens (document order, like the builder). */
  adopt(part: StatementScopes): void {
    for (const scope of part.scopes) {
      if (scope.parent?.kind === 'module') scope.parent = this.module;
      this.scopeByNode.set(scope.node, scope);
    }
    for (const [name, definitions] of part.definitions) {
      const list = this.module.definitions.get(name);
      if (list) list.push(...definitions);
      else this.module.definitions.set(name, definitions.slice());
    }
    for (const path of part.starImports) this.module.starImports.push(path);
  }

  /** Registers a scope-creating node; called by the builder in document order. */
  openScope(node: SyntaxNode): Scope | undefined {
    const kind = SCOPE_NODE_KINDS[node.type];
    if (!kind) return undefined;
    const scope = new Scope(kind, node, this.scopeOf(node));
    this.scopeByNode.set(node, scope);
    return scope;
  }
}

/** Whether `node` sits in the iterable of the first `for` clause of a comprehension (`child` is the clause). */
function isFirstIterable(comprehension: SyntaxNode, child: SyntaxNode, node: SyntaxNode): boolean {
  if (child.type !== 'for_in_clause' || comprehension.children.find((c) => c.type === 'for_in_clause') !== child) return false;
  for (let p: SyntaxNode | null = node; p && p !== child; p = p.parent) {
    if (p.parent === child) return p.field === 'right';
  }
  return false;
}

function isParameterName(node: SyntaxNode, parameters: SyntaxNode): boolean {
  // Inside `parameters`, only the bound names belong to the function; defaults belong outside.
  for (let p: SyntaxNode | null = node; p && p !== parameters; p = p.parent) {
    if (p.field === 'value' || p.field === 'type') return false;
  }
  return true;
}

export function isScopeNode(node: SyntaxNode): boolean {
  return node.type in SCOPE_NODE_KINDS;
}

/**
 * What one top-level statement contributes to the scope tree: the scopes it opens (in document order)
 * and the module-level bindings and star imports it makes. It depends on the statement's own subtree
 * only, so a statement taken over unchanged by the next tree (the same node object, see
 * parse/wasmParser.ts) keeps it, and a keystroke walks only the statements it changed.
 */
export interface StatementScopes {
  readonly scopes: readonly Scope[];
  readonly definitions: ReadonlyMap<string, readonly Definition[]>;
  readonly starImports: readonly string[];
}

const scopesByStatement = new WeakMap<SyntaxNode, StatementScopes>();

/**
 * The names one top-level statement binds at module level, when its part of the scope tree was built
 * (buildScopes keeps it for an error-free statement); undefined otherwise.
 */
export function moduleNamesBoundBy(statement: SyntaxNode): Iterable<string> | undefined {
  return scopesByStatement.get(statement)?.definitions.keys();
}

/**
 * The scope tree of the version before an edit and the top-level statements the edit replaced (the
 * others were taken over unchanged, in the same order, as the same node objects).
 */
export interface ScopesBefore {
  readonly scopes: ScopeTree;
  readonly removed: readonly SyntaxNode[];
  readonly added: readonly SyntaxNode[];
}

/**
 * Builds the scope tree and bindings. Iterative; nodes inside ERROR regions bind nothing. With `before`,
 * an edit that leaves every module-level binding where it was (the statements it replaced bind the same
 * names, in the same order, and make the same star imports: typing inside a statement) updates the tree
 * before it by those statements instead of merging every statement's part again.
 */
export function buildScopes(tree: SyntaxTree, before?: ScopesBefore): ScopeTree {
  const root = tree.root;
  if (root.broken) return buildScopesByWalk(tree);
  if (before) {
    const updated = updatedScopes(tree, before);
    if (updated) return updated;
  }
  const scopes = new ScopeTree(tree);
  /** The builder of the next statement's part: kept while the statements walked with it bound nothing. */
  let own: ScopeTree | undefined;
  for (const statement of root.children) {
    // An error-free statement's part never changes; one holding an error is walked each time (cheap to
    // keep right: a tree with errors is analysed afresh anyway).
    let part = statement.containsError ? undefined : scopesByStatement.get(statement);
    if (!part) {
      own = buildFrom(own ?? new ScopeTree(tree), statement);
      part = partMadeBy(own);
      // Most statements (calls, expressions) bind nothing: they share one empty part, and the builder stays unused.
      if (part !== NOTHING_BOUND) own = undefined;
      if (!statement.containsError) scopesByStatement.set(statement, part);
    }
    scopes.adopt(part);
  }
  return scopes;
}

const NO_SCOPES: readonly Scope[] = [];
const NO_STAR_IMPORTS: readonly string[] = [];
const NOTHING_BOUND: StatementScopes = { scopes: NO_SCOPES, definitions: new Map(), starImports: NO_STAR_IMPORTS };

/**
 * The part a builder made of one statement, NOTHING_BOUND when it opens no scope and binds nothing. Its
 * empty lists are shared: of the 15,800 parts of a 50,000-line module (the statements that bind a name),
 * few open a scope and fewer import *, and each empty array of its own took 32 bytes, 1 MB in all.
 */
function partMadeBy(own: ScopeTree): StatementScopes {
  const opened = [...own.allScopes()].slice(1);
  const { definitions, starImports } = own.module;
  if (!opened.length && !definitions.size && !starImports.length) return NOTHING_BOUND;
  return { scopes: opened.length ? opened : NO_SCOPES, definitions: definitions.size === 1 ? new OneName(definitions) : definitions, starImports: starImports.length ? starImports : NO_STAR_IMPORTS };
}

/**
 * The bindings of a part that binds one name (most: `x = ...`), without a Map: a Map of one entry takes
 * about 180 bytes, this about 40 (2.3 MB over the 15,800 parts of the 50,000-line module).
 */
class OneName implements ReadonlyMap<string, readonly Definition[]> {
  private readonly name: string;
  private readonly list: readonly Definition[];

  constructor(definitions: ReadonlyMap<string, readonly Definition[]>) {
    const [[name, list]] = definitions;
    this.name = name;
    this.list = list;
  }

  get size(): number {
    return 1;
  }

  get(name: string): readonly Definition[] | undefined {
    return name === this.name ? this.list : undefined;
  }

  has(name: string): boolean {
    return name === this.name;
  }

  forEach(callback: (list: readonly Definition[], name: string, map: ReadonlyMap<string, readonly Definition[]>) => void, thisArg?: unknown): void {
    callback.call(thisArg, this.list, this.name, this);
  }

  entries(): MapIterator<[string, readonly Definition[]]> {
    return [[this.name, this.list] as [string, readonly Definition[]]][Symbol.iterator]();
  }

  keys(): MapIterator<string> {
    return [this.name][Symbol.iterator]();
  }

  values(): MapIterator<readonly Definition[]> {
    return [this.list][Symbol.iterator]();
  }

  [Symbol.iterator](): MapIterator<[string, readonly Definition[]]> {
    return this.entries();
  }
}

/** What one top-level statement contributes, as buildScopes makes it (kept with an error-free statement). */
function partOf(tree: SyntaxTree, statement: SyntaxNode): StatementScopes {
  let part = statement.containsError ? undefined : scopesByStatement.get(statement);
  if (!part) {
    part = partMadeBy(buildFrom(new ScopeTree(tree), statement));
    if (!statement.containsError) scopesByStatement.set(statement, part);
  }
  return part;
}

/** The names a list of parts binds at module level and the star imports they make, in order. */
function bindingSignature(parts: readonly StatementScopes[]): string {
  const names: string[] = [];
  for (const part of parts) {
    // A part that binds nothing (a comment, a call) changes no binding: an edit that adds or removes one
    // (a comment line appended at the end) keeps the tree before, updated.
    if (!part.definitions.size && !part.starImports.length) continue;
    for (const name of part.definitions.keys()) names.push(name);
    names.push('\u0000', ...part.starImports, '\u0000');
  }
  return names.join('\u0001');
}

/**
 * The scope tree of `tree` made from `before`'s by replacing the parts of the removed statements with
 * those of the added ones, when that gives what adopting every part would: the same names bound in the
 * same order (so the module's bindings keep their order, which lookups of "the first name bound to ..."
 * read), the same star imports. Undefined otherwise, or when a statement holds an error.
 */
function updatedScopes(tree: SyntaxTree, before: ScopesBefore): ScopeTree | undefined {
  const old = before.scopes;
  // A tree whose module bindings went to a later tree has none of its own to hand on (built afresh then).
  if (old.handedOn || old.tree.root.broken || old.tree.root.containsError || tree.root.containsError) return undefined;
  const removedParts: StatementScopes[] = [];
  for (const statement of before.removed) {
    const part = scopesByStatement.get(statement);
    if (!part) return undefined;
    removedParts.push(part);
  }
  const addedParts = before.added.map((statement) => partOf(tree, statement));
  if (bindingSignature(removedParts) !== bindingSignature(addedParts)) return undefined;

  // Neither the replaced statements nor the added ones bind a name at module level (a comment, a call): the
  // module's bindings are the tree before's, shared; only the scope map is made anew (below).
  // Otherwise the names they bind are bound anew in that map, in place (rebind).
  const rebindsNothing = removedParts.every(bindsNoName) && addedParts.every(bindsNoName);
  const scopes = new ScopeTree(tree, old.module.definitions);
  const module = scopes.module;
  if (!rebindsNothing && !rebind(module, removedParts, addedParts)) return undefined;
  for (const path of old.module.starImports) module.starImports.push(path);

  // The scopes in document order: the added statements' where the removed ones' were, or before the first
  // scope of a statement after them.
  const removedScopes = new Set<Scope>();
  for (const part of removedParts) for (const scope of part.scopes) removedScopes.add(scope);
  const addedScopes = addedParts.flatMap((part) => part.scopes);
  const afterEdit = before.added.length ? before.added[before.added.length - 1].index + 1 : Infinity;
  let placed = !addedScopes.length;
  const place = () => {
    for (const scope of addedScopes) scopes.takeScope(scope);
    placed = true;
  };
  for (const scope of old.allScopes()) {
    if (scope === old.module) continue;
    if (removedScopes.has(scope)) {
      if (!placed) place();
      continue;
    }
    if (!placed && topLevelOf(scope.node).index >= afterEdit) place();
    scopes.takeScope(scope);
  }
  if (!placed) place();
  old.handedOn = true;
  return scopes;
}

function bindsNoName(part: StatementScopes): boolean {
  return !part.definitions.size;
}

/**
 * The module bindings of the tree before, with those of the removed statements' parts replaced by the
 * added ones' (updatedScopes checked that they bind the same names in the same order), changed in place:
 * `module` shares the tree before's map, which is spent (as the scopes of its unchanged statements are,
 * adopted with a new parent). Only the names the edit binds are set again: copying the map set every name
 * of the module at each keystroke (a tenth of a mid-file edit's garbage). False, with the map unchanged,
 * when a name they bind is not bound by the removed ones in the tree before.
 */
function rebind(module: Scope, removedParts: readonly StatementScopes[], addedParts: readonly StatementScopes[]): boolean {
  // The replaced statements' definitions, by identity: not by the top-level statement of their target, which
  // for a statement nested in a replaced block (taken over by reconversion, with a new parent) is now the
  // added statement, so the old definition would have been kept beside the new one.
  const removedDefinitions = new Set<Definition>();
  for (const part of removedParts) for (const definitions of part.definitions.values()) for (const d of definitions) removedDefinitions.add(d);
  // The bindings of names the replaced statements bind: theirs were together in each list (the statements
  // were one run of the module), and the added statements' take their place.
  const rebound = new Map<string, Definition[]>();
  for (const part of addedParts) {
    for (const [name, definitions] of part.definitions) {
      const list = rebound.get(name);
      if (list) list.push(...definitions);
      else rebound.set(name, [...definitions]);
    }
  }
  const bindings = module.definitions;
  // Every name is checked before the map is changed: a failed update leaves it as it was.
  const places: number[] = [];
  for (const name of rebound.keys()) {
    const at = bindings.get(name)?.findIndex((d) => removedDefinitions.has(d)) ?? -1;
    if (at < 0) return false; // (the signatures agree, so the removed statements bound this name)
    places.push(at);
  }
  let i = 0;
  for (const [name, added] of rebound) {
    // Lists are not changed once built (a tree before may hold them): the name gets a new one.
    const kept = bindings.get(name)!.filter((d) => !removedDefinitions.has(d));
    kept.splice(places[i++], 0, ...added);
    bindings.set(name, kept);
  }
  return true;
}

/** The top-level statement (a child of the module) holding `node`. */
function topLevelOf(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.parent && current.parent.parent) current = current.parent;
  return current;
}

/** The scope tree by one walk over the whole module, taking nothing over (what buildScopes must equal). */
export function buildScopesByWalk(tree: SyntaxTree): ScopeTree {
  return buildFrom(new ScopeTree(tree), tree.root);
}

/** The builder's walk over one subtree (the whole module, or one top-level statement of it). */
function buildFrom(scopes: ScopeTree, start: SyntaxNode): ScopeTree {
  const root = scopes.module.node;
  const stack: SyntaxNode[] = [start];
  while (stack.length) {
    const node = stack.pop()!;
    if (node !== root && isScopeNode(node)) {
      const scope = scopes.openScope(node)!;
      bindScopeHeader(scopes, scope, node);
    } else if (!node.broken) {
      bindStatement(scopes, node);
    } else if (node.type === 'ERROR' && !node.parent?.broken) {
      bindInsideError(scopes, node);
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return scopes;
}

/**
 * An ERROR region binds nothing the model can evaluate, but a name written there as `name = ...`
 * (`bucket = <YOUR BUCKET>` swallowed by error recovery) must not keep the value of an earlier binding:
 * it is bound to an unknown value.
 */
function bindInsideError(scopes: ScopeTree, error: SyntaxNode): void {
  let previous: SyntaxNode | undefined;
  const stack: SyntaxNode[] = [error];
  while (stack.length) {
    const node = stack.pop()!;
    if (!node.children.length) {
      if (node.type === '=' && previous?.type === 'identifier') define(scopes, previous, 'unknown', error);
      previous = node;
      continue;
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
}

/**
 * Most bindings are at module level, outside any block: they share one empty list (two arrays of their own
 * took 64 bytes a binding, 1.3 MB for the 20,000 bindings of a 50,000-line module).
 */
const NO_BLOCKS: readonly SyntaxNode[] = [];

function blocksOf(node: SyntaxNode, scopeNode: SyntaxNode): { conditional: readonly SyntaxNode[]; loops: readonly SyntaxNode[] } {
  let conditional: SyntaxNode[] | undefined;
  let loops: SyntaxNode[] | undefined;
  for (let p = node.parent; p && p !== scopeNode; p = p.parent) {
    const parent = p.parent;
    if (!parent) break;
    if (p.type === 'block' && !UNCONDITIONAL_BLOCK_PARENTS.has(parent.type)) {
      (conditional ??= []).push(p);
      if (LOOP_STATEMENTS.has(parent.type) && p.field === 'body') (loops ??= []).push(p);
    }
    // The parts of boolean operators and conditional expressions after the first may not run.
    if ((parent.type === 'boolean_operator' && p.field === 'right') || (parent.type === 'conditional_expression' && p.index > 0)) {
      (conditional ??= []).push(p);
    }
    // Comprehension and loop headers re-run too, but bindings there are loop targets (unknown anyway).
  }
  return { conditional: conditional ?? NO_BLOCKS, loops: loops ?? NO_BLOCKS };
}

function define(
  scopes: ScopeTree,
  target: SyntaxNode,
  kind: DefinitionKind,
  statement: SyntaxNode,
  extra: { value?: SyntaxNode; path?: string } = {},
): void {
  const scope = scopes.scopeOf(target);
  const { conditional, loops } = blocksOf(target, scope.node);
  const name = scopes.tree.textOf(target);
  scope.add(binding({ name, kind, target, value: extra.value, path: extra.path, conditionalBlocks: conditional, loopBodies: loops }, statement, 'end'));
}

/** A Definition whose visibleFrom is read from `edge` of `from` (see Definition.visibleFrom). */
function binding(fields: Omit<Definition, 'visibleFrom'>, from: SyntaxNode, edge: 'start' | 'end'): Definition {
  return new Binding(fields, from, edge);
}

class Binding implements Definition {
  readonly name: string;
  readonly kind: DefinitionKind;
  readonly target: SyntaxNode;
  readonly value?: SyntaxNode;
  readonly path?: string;
  readonly conditionalBlocks: readonly SyntaxNode[];
  readonly loopBodies: readonly SyntaxNode[];

  constructor(fields: Omit<Definition, 'visibleFrom'>, private readonly from: SyntaxNode, private readonly edge: 'start' | 'end') {
    this.name = fields.name;
    this.kind = fields.kind;
    this.target = fields.target;
    this.value = fields.value;
    this.path = fields.path;
    this.conditionalBlocks = fields.conditionalBlocks;
    this.loopBodies = fields.loopBodies;
  }

  get visibleFrom(): number {
    return this.edge === 'end' ? this.from.end : this.from.start;
  }
}

/** Binds every identifier inside an assignment target (tuples, lists, starred) as unknown. */
function defineTargets(scopes: ScopeTree, target: SyntaxNode, statement: SyntaxNode): void {
  const stack = [target];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'identifier') define(scopes, node, 'unknown', statement);
    else if (['pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern', 'tuple', 'list', 'parenthesized_expression', 'expression_list', 'list_splat', 'as_pattern_target'].includes(node.type))
      for (const child of node.children) if (child.named) stack.push(child);
    // attribute and subscript targets bind no name
  }
}

function bindScopeHeader(scopes: ScopeTree, scope: Scope, node: SyntaxNode): void {
  if (node.type === 'function_definition' || node.type === 'class_definition') {
    const name = childByField(node, 'name');
    const statement = node.parent?.type === 'decorated_definition' ? node.parent : node;
    // The function's own name is bound in the enclosing scope.
    if (name) {
      const outer = scope.parent!;
      const { conditional, loops } = blocksOf(statement, outer.node);
      outer.add(binding({ name: scopes.tree.textOf(name), kind: 'unknown', target: name, conditionalBlocks: conditional, loopBodies: loops }, statement, 'end'));
    }
  }
  const parameters = childByField(node, 'parameters');
  if (parameters) {
    for (const parameter of parameters.children) {
      if (!parameter.named) continue;
      const identifier = parameter.type === 'identifier' ? parameter : childByField(parameter, 'name') ?? firstNamedChild(parameter, 'identifier');
      if (identifier?.type === 'identifier') {
        scope.add(binding({ name: scopes.tree.textOf(identifier), kind: 'unknown', target: identifier, conditionalBlocks: NO_BLOCKS, loopBodies: NO_BLOCKS }, parameters, 'end'));
      }
    }
  }
  if (scope.kind === 'comprehension') {
    for (const clause of node.children) {
      if (clause.type !== 'for_in_clause') continue;
      const left = childByField(clause, 'left');
      if (left) {
        const stack = [left];
        while (stack.length) {
          const n = stack.pop()!;
          if (n.type === 'identifier') scope.add(binding({ name: scopes.tree.textOf(n), kind: 'unknown', target: n, conditionalBlocks: NO_BLOCKS, loopBodies: NO_BLOCKS }, node, 'start'));
          else for (const c of n.children) if (c.named) stack.push(c);
        }
      }
    }
  }
}

function bindStatement(scopes: ScopeTree, node: SyntaxNode): void {
  // Called for every node: most types bind nothing, and no closure is made for them.
  switch (node.type) {
    case 'assignment': {
      // `a = b = value` nests: the innermost right-hand side is the value of every target.
      if (node.parent?.type === 'assignment') return; // handled by the outermost assignment
      const targets: SyntaxNode[] = [];
      let current: SyntaxNode | undefined = node;
      let value: SyntaxNode | undefined;
      while (current) {
        const left = childByField(current, 'left');
        if (left) targets.push(left);
        const right = childByField(current, 'right');
        if (right?.type === 'assignment') current = right;
        else {
          value = right;
          current = undefined;
        }
      }
      const statement = node;
      // An assignment holding a syntax error (`name = <PROJECT NAME>`, an unreplaced template line)
      // binds its names, but not to the expression that error recovery happened to attach as the
      // right-hand side: that is a later line (`[...]`), not what the user wrote.
      const recovered = node.containsError;
      for (const target of targets) {
        const bare = unparenthesize(target);
        if (bare.type === 'identifier' && value && !recovered) define(scopes, bare, 'assign', statement, { value });
        else defineTargets(scopes, target, statement);
      }
      return;
    }
    case 'augmented_assignment': {
      const left = childByField(node, 'left');
      if (left) defineTargets(scopes, left, node);
      return;
    }
    case 'named_expression': {
      const name = childByField(node, 'name');
      const value = childByField(node, 'value');
      if (name && value) define(scopes, name, 'assign', node, { value });
      return;
    }
    case 'import_statement': {
      for (const child of node.children) {
        if (child.type === 'dotted_name') {
          // `import a.b.c` binds `a`, which stands for the module `a`.
          const first = firstNamedChild(child, 'identifier');
          if (first) define(scopes, first, 'import', node, { path: scopes.tree.textOf(first) });
        } else if (child.type === 'aliased_import') {
          const name = childByField(child, 'name');
          const alias = childByField(child, 'alias');
          if (name && alias) define(scopes, alias, 'import', node, { path: scopes.tree.textOf(name).replace(/\s+/g, '') });
        }
      }
      return;
    }
    case 'import_from_statement': {
      const moduleNode = childByField(node, 'module_name');
      if (!moduleNode) return;
      const modulePath = scopes.tree.textOf(moduleNode).replace(/\s+/g, '');
      const relative = moduleNode.type === 'relative_import';
      for (const child of node.children) {
        if (child === moduleNode) continue;
        if (child.type === 'wildcard_import') {
          if (!relative) scopes.scopeOf(node).starImports.push(modulePath);
        } else if (child.field === 'name' && child.type === 'dotted_name') {
          const identifier = firstNamedChild(child, 'identifier');
          if (identifier) define(scopes, identifier, relative ? 'unknown' : 'from-import', node, { path: `${modulePath}.${scopes.tree.textOf(child)}` });
        } else if (child.field === 'name' && child.type === 'aliased_import') {
          const name = childByField(child, 'name');
          const alias = childByField(child, 'alias');
          if (name && alias) define(scopes, alias, relative ? 'unknown' : 'from-import', node, { path: `${modulePath}.${scopes.tree.textOf(name)}` });
        }
      }
      return;
    }
    case 'for_statement': {
      const left = childByField(node, 'left');
      // The loop target is rebound on every iteration; treat it as bound at the loop header.
      if (left) defineTargets(scopes, left, childByField(node, 'right') ?? left);
      return;
    }
    case 'with_item': {
      const value = childByField(node, 'value');
      if (value?.type === 'as_pattern') {
        const alias = childByField(value, 'alias');
        if (alias) defineTargets(scopes, alias, node);
      }
      return;
    }
    case 'except_clause': {
      for (const child of node.children) {
        if (child.type === 'as_pattern') {
          const alias = childByField(child, 'alias');
          if (alias) defineTargets(scopes, alias, child);
        }
      }
      return;
    }
    case 'delete_statement': {
      for (const child of node.children) if (child.named) defineTargets(scopes, child, node);
      return;
    }
    case 'global_statement':
    case 'nonlocal_statement': {
      const scope = scopes.scopeOf(node);
      // At module level `global x` changes nothing (and `nonlocal x` is a SyntaxError): the module's
      // names are the globals already. Recording them would send lookups from the module to itself.
      if (scope.kind === 'module') return;
      for (const child of node.children) {
        if (child.type === 'identifier') (node.type === 'global_statement' ? scope.globalNames : scope.nonlocalNames).add(scopes.tree.textOf(child));
      }
      return;
    }
    case 'case_clause': {
      // Capture patterns bind names; value patterns do not. Binding every identifier in the pattern as
      // unknown is the safe side: an unknown value never makes a rule fire.
      for (const child of node.children) {
        if (child.type !== 'case_pattern') continue;
        const stack = [child];
        while (stack.length) {
          const n = stack.pop()!;
          if (n.type === 'identifier') define(scopes, n, 'unknown', child);
          else for (const c of n.children) stack.push(c);
        }
      }
      return;
    }
    default:
      return;
  }
}
