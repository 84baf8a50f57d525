import { SyntaxNode, SyntaxTree, childByField, firstNamedChild, unparenthesize } from '../parse/syntaxNode';
import { Definition, Scope, ScopeTree, buildScopes, moduleNamesBoundBy } from './scopes';
import { EXECUTION_VARIABLE_MEMBERS, ResolvedSymbol, SDK_ROOT_PACKAGES, SdkSymbol, hasRole, symbolAtPath } from './sdk';
import { UNKNOWN, Value, union } from './values';
import { ModuleFact, NodeQuery, ReadSet, topLevelStatement } from './reads';
import { CarriedAnswers, CarriedEntry } from './carriedAnswers';
import type { SdkEnvironment } from '../environment/types';
import type { ScriptFiles, ScriptSource } from '../io/scriptFiles';

/** Python builtins the rules care about; a name counts as one only if nothing in the file binds it. */
const BUILTINS = new Set([
  'print', 'str', 'repr', 'int', 'float', 'bool', 'len', 'format', 'hash', 'list', 'dict', 'set', 'tuple',
  'frozenset', 'sorted', 'iter', 'next', 'isinstance', 'open', 'round', 'abs', 'sum', 'min', 'max',
]);

/** The pipeline-variable classes whose instances define __hash__ (attrs and __eq__ remove it from the rest). */
const HASHABLE_VARIABLE_CLASSES = new Set(['ParameterString', 'Properties']);

/** `.to_string()` returns the variable itself for these classes and a Join for the others. */
const TO_STRING_RETURNS_SELF = new Set(['ParameterString', 'ExecutionVariable', 'Join']);

export interface PipelineVariableInfo {
  /** The SDK class of the variable: ParameterString, ExecutionVariable, Join, JsonGet, Properties, ... */
  readonly className: string;
  /** Where it comes from, for messages: "ExecutionVariables.PIPELINE_EXECUTION_ID", "a ParameterString named \"Bucket\"". */
  readonly origin: string;
  /** Whether hash() works on it (dict keys, set members). */
  readonly hashable: boolean;
  /** Step properties: iterating them loops forever (lists, maps) or fails; the other kinds raise TypeError. */
  readonly isProperty: boolean;
}

/** Attribute chains longer than this are not followed: the answer would be unknown anyway. */
const MAX_EVALUATION_DEPTH = 64;

/**
 * The semantic model of one Python module: scopes, bindings, and what each expression evaluates to as
 * far as the SDK is concerned. Rules ask it questions instead of matching names, so a look-alike name
 * that does not come from the SDK never makes a rule fire.
 */
export class SemanticModel {
  private readonly scopeTree: ScopeTree;
  private readonly values = new Map<SyntaxNode, Value>();
  /**
   * While the analysis records what a statement's rules read (incremental analysis): the read set of the
   * rule check at the bottom, one per evaluation in progress above it. Empty when nothing records.
   */
  private readonly frames: ReadSet[] = [];
  /** What each memoized value and memo answer read, when it was computed while recording. */
  private readonly valueReads = new Map<SyntaxNode, ReadSet>();
  private readonly memoReads = new Map<object, Map<SyntaxNode, ReadSet>>();
  private readonly inProgress = new Set<SyntaxNode>();
  private depth = 0;

  constructor(
    readonly tree: SyntaxTree,
    /** The detected Python environment (SDK major and version, mypy), when known. */
    readonly environment?: SdkEnvironment,
    /** The Python files this module may name (a Lambda helper's script); none when not given. */
    private readonly scripts?: ScriptFiles,
    /**
     * The model of the version before an edit and the top-level statements the edit replaced (the others
     * taken over unchanged, in order): the scope tree is then updated from that model's (buildScopes).
     */
    before?: { readonly model: SemanticModel; readonly removed: readonly SyntaxNode[]; readonly added: readonly SyntaxNode[] },
  ) {
    this.scopeTree = buildScopes(tree, before && { scopes: before.model.scopeTree, removed: before.removed, added: before.added });
  }

  /**
   * The parsed Python file a name in this module means (resolved from the module's folder, inside the
   * workspace only), or undefined when there is none or it cannot be read, parsed or proven. A recording
   * reader depends on the file's content: its findings are kept only while the file is unchanged.
   */
  readScript(name: string): ScriptSource | undefined {
    const read = this.scripts?.python(name);
    if (!read) return undefined;
    if (this.frames.length) this.frames[this.frames.length - 1].addFile(read.path, read.fingerprint);
    return read.source;
  }

  /**
   * The scopes and bindings of the whole module. Whoever holds them can reach any statement, so reading
   * them while recording counts as a read of the whole module.
   */
  get scopes(): ScopeTree {
    this.recordWholeModule();
    return this.scopeTree;
  }

  /**
   * Set by the incremental analysis: facts and values computed outside any rule check (module facts,
   * validation) are then computed in frames of their own, so that their values carry read sets too.
   */
  recordsReads = false;

  private readonly facts = new Map<ModuleFact<string | number | boolean>, string | number | boolean>();

  /** A module fact's value (computed once per model); a recording reader depends on that value. */
  fact<V extends string | number | boolean>(fact: ModuleFact<V>): V {
    let value = this.facts.get(fact) as V | undefined;
    if (value === undefined) {
      value = this.factAsBefore(fact) ?? this.isolated(() => fact.compute(this));
      this.facts.set(fact, value);
    }
    if (this.frames.length) this.frames[this.frames.length - 1].addFact(fact, value);
    return value;
  }

  /**
   * The value the model before the edit computed for a fact, while values are carried from it
   * (carryValuesFrom: same environment and lookup context) and the fact can tell the edit left it so.
   */
  private factAsBefore<V extends string | number | boolean>(fact: ModuleFact<V>): V | undefined {
    if (!fact.unchangedBy || !this.carried) return undefined;
    const was = this.carried.model.facts.get(fact) as V | undefined;
    return was !== undefined && fact.unchangedBy(this, this.predecessor!, was) ? was : undefined;
  }

  private readonly answers = new Map<NodeQuery<string | number | boolean>, Map<SyntaxNode, string | number | boolean>>();

  /** A node query's answer (computed once per model and node); a recording reader depends on the answer. */
  ask<V extends string | number | boolean>(query: NodeQuery<V>, node: SyntaxNode): V {
    let answers = this.answers.get(query);
    if (!answers) this.answers.set(query, (answers = new Map()));
    let answer = answers.get(node) as V | undefined;
    if (answer === undefined) {
      answer = this.isolated(() => query.compute(this, node));
      answers.set(node, answer);
    }
    if (this.frames.length) this.frames[this.frames.length - 1].addQuery(query, node, answer);
    return answer;
  }

  /**
   * Which nodes' answers to `query` may differ from the model before the edit (NodeQuery.changedSince),
   * while values are carried from it; undefined when that is not known. Computed like an answer, in a
   * frame of its own (what it evaluates carries read sets for the rules that read it later).
   */
  answersChanged(query: NodeQuery<string | number | boolean>): Iterable<SyntaxNode> | undefined {
    const predecessor = this.predecessor;
    if (!predecessor || !query.changedSince) return undefined;
    return this.isolated(() => query.changedSince!(this, predecessor));
  }

  /** Runs compute with reads recorded into a frame that goes nowhere (its result is compared instead). */
  private isolated<V>(compute: () => V): V {
    if (!this.recordsReads) return compute();
    const saved = this.frames.splice(0);
    const reads = new ReadSet();
    this.frames.push(reads);
    try {
      return compute();
    } finally {
      this.frames.length = 0;
      this.frames.push(...saved);
      // A guard cut the computation short (it ran inside another evaluation): its value depends on order.
      if (reads.orderSensitive) this.recordOrderSensitive();
    }
  }

  /**
   * A memo table for answers computed from the syntax of the node's own statement alone (the `+` chain
   * an operand belongs to): reading it records nothing, unlike memoTable.
   */
  syntaxMemoTable<V>(table: object): Map<SyntaxNode, V> {
    let answers = this.memos.get(table);
    if (!answers) this.memos.set(table, (answers = new Map()));
    return answers as Map<SyntaxNode, V>;
  }

  /**
   * The rules have run: the read sets of memo answers served only to record what each statement's checks
   * read, and are dropped; later questions (hovers) record nothing. The values' read sets stay: the next
   * analysis's model carries values over by them (carryValuesFrom).
   */
  finishRecording(): void {
    this.recordsReads = false;
    this.frames.length = 0;
    this.memoReads.clear();
  }

  /** Starts recording reads into `reads` (one rule check of one statement) until endReads. */
  beginReads(reads: ReadSet): void {
    this.frames.length = 0;
    this.frames.push(reads);
  }

  endReads(): void {
    this.frames.length = 0;
  }

  /** Records that the current computation read a fact of the whole module. */
  recordWholeModule(): void {
    if (this.frames.length) this.frames[this.frames.length - 1].wholeModule = true;
  }

  /** Records that the current computation read the module's text beyond its statements (its comments). */
  recordTextRead(): void {
    if (!this.frames.length) return;
    const reads = this.frames[this.frames.length - 1];
    reads.wholeModule = true;
    reads.text = true;
  }

  private recordStatementOf(node: SyntaxNode): void {
    if (this.frames.length) this.frames[this.frames.length - 1].addStatement(topLevelStatement(node));
  }

  /** Records a lookup of `name` in `scope`: the module's bindings of it, or the statement holding the scope. */
  private recordLookup(name: string, scope: Scope): void {
    if (!this.frames.length) return;
    if (scope === this.scopeTree.module) this.frames[this.frames.length - 1].addName(name);
    else this.frames[this.frames.length - 1].addStatement(topLevelStatement(scope.node));
  }

  private recordOrderSensitive(): void {
    if (this.frames.length) this.frames[this.frames.length - 1].orderSensitive = true;
  }

  /** Runs compute in a fresh frame when recording; returns its reads (merged into the enclosing frame too). */
  private recorded<V>(compute: () => V): { value: V; reads?: ReadSet } {
    if (!this.frames.length) return { value: compute() };
    const reads = new ReadSet();
    this.frames.push(reads);
    let value: V;
    try {
      value = compute();
    } finally {
      this.frames.pop();
      this.frames[this.frames.length - 1]?.addAll(reads);
    }
    return { value, reads };
  }

  private replay(reads: ReadSet | undefined): void {
    if (!this.frames.length) return;
    // An answer computed while nothing recorded has no read set: it may have read anything.
    if (!reads) this.frames[this.frames.length - 1].wholeModule = true;
    else this.frames[this.frames.length - 1].addAll(reads);
  }

  /** The top-level statements that bind `name` in the module scope, in order (a fact the analysis compares). */
  moduleBindings(name: string): SyntaxNode[] {
    return (this.scopeTree.module.definitions.get(name) ?? []).map((d) => topLevelStatement(d.target));
  }

  /** Module-wide facts every lookup may read: star imports and names declared global anywhere. */
  lookupContextKey(): string {
    return `${this.scopeTree.module.starImports.join(',')}\u0000${[...this.declaredGlobal()].sort().join(',')}`;
  }

  text(node: SyntaxNode): string {
    return this.tree.textOf(node);
  }

  /** Whether a node's source text is `text`, compared in place (no copy of the node's text is made). */
  textIs(node: SyntaxNode, text: string): boolean {
    return node.end - node.start === text.length && this.tree.text.startsWith(text, node.start);
  }

  /**
   * The name an identifier (a keyword argument's name, an attribute) has for Python: its text, NFKC-normalised
   * when it is not ASCII. Python normalises identifiers so (PEP 3131): `ｃontent_type=` written with a
   * full-width letter is `content_type=` when the call runs.
   */
  identifierName(node: SyntaxNode): string {
    return pythonIdentifier(this.text(node));
  }

  /** Whether an identifier node names `name` for Python (see identifierName). */
  identifierIs(node: SyntaxNode, name: string): boolean {
    return this.textIs(node, name) || (!isAscii(this.tree.text, node.start, node.end) && this.identifierName(node) === name);
  }

  private readonly memos = new Map<object, Map<SyntaxNode, unknown>>();

  /**
   * A per-node answer computed once per model. Rules memoize here, not in module-level WeakMaps keyed
   * by node: syntax nodes of unchanged statements are reused by the next analysis, and an answer computed
   * under the old model (other bindings, other imports) must not survive into the new one.
   */
  memo<V>(table: object, node: SyntaxNode, compute: () => V): V {
    let answers = this.memos.get(table) as Map<SyntaxNode, V> | undefined;
    if (!answers) this.memos.set(table, (answers = new Map()));
    const known = answers.get(node);
    if (known !== undefined || answers.has(node)) {
      if (this.frames.length) this.replay(this.memoReads.get(table)?.get(node));
      return known as V;
    }
    const { value, reads } = this.recorded(compute);
    answers.set(node, value);
    if (reads) {
      let readsByNode = this.memoReads.get(table);
      if (!readsByNode) this.memoReads.set(table, (readsByNode = new Map()));
      readsByNode.set(node, reads);
    }
    return value;
  }

  /** The map behind memo, for callers that fill in several nodes' answers at once. */
  memoTable<V>(table: object): Map<SyntaxNode, V> {
    // Entries of a raw table carry no read sets: whatever filled them may have read anything.
    this.recordWholeModule();
    let answers = this.memos.get(table);
    if (!answers) this.memos.set(table, (answers = new Map()));
    return answers as Map<SyntaxNode, V>;
  }

  /** Whether the module imports anything from the SageMaker SDK at all (cheap gate for rules). */
  get importsSdk(): boolean {
    // Not recorded as a read: rules run only when this is true, and the incremental analysis reuses
    // findings only in analyses where it is true, so to a rule it is a constant.
    this.sdkImported ??= this.findsSdkImport();
    return this.sdkImported;
  }

  private sdkImported?: boolean;

  private findsSdkImport(): boolean {
    for (const scope of this.allScopes()) {
      for (const definitions of scope.definitions.values()) {
        for (const d of definitions) if (d.path && SDK_ROOT_PACKAGES.has(d.path.split('.')[0])) return true;
      }
      if (scope.starImports.some((m) => SDK_ROOT_PACKAGES.has(m.split('.')[0]))) return true;
    }
    return false;
  }

  private globalNames?: Set<string>;

  /** Names some function or class declares `global`. */
  private declaredGlobal(): Set<string> {
    if (!this.globalNames) {
      this.globalNames = new Set();
      for (const scope of this.allScopes()) for (const name of scope.globalNames) this.globalNames.add(name);
    }
    return this.globalNames;
  }

  /** Every scope of the module (from the scope tree's index: no walk over the syntax tree). */
  private allScopes(): Iterable<Scope> {
    return this.scopeTree.allScopes();
  }

  /**
   * The model of the version before an edit, while this model's analysis may take values over from it
   * (see carryValuesFrom), with the top-level statements the edit left unchanged.
   */
  private carried?: {
    readonly model: SemanticModel;
    readonly retained: TakenOver;
    readonly names: Map<string, boolean>;
    /**
     * retained.has and sameBindings as functions made once per edit: stillHolds runs for every value and
     * answer carried (hundreds a keystroke), and closures made there (with the context V8 makes for them
     * on entry) were a few percent of a mid-file edit's garbage.
     */
    readonly isRetained: (statement: SyntaxNode) => boolean;
    readonly bindsSame: (name: string) => boolean;
    /** The names the statements not taken over bind at module level (null: not known for some statement). */
    rebound?: ReadonlySet<string> | null;
    /** The top-level statements of the model before that were not taken over, and those new in this one. */
    changes?: { readonly removed: readonly SyntaxNode[]; readonly added: readonly SyntaxNode[] };
  };

  /**
   * Lets valueOf take a value over from `previous`, the model of the version before an edit, instead of
   * evaluating again: a value computed while reads were recorded, whose reads are all unchanged. That is,
   * every statement it read is one of `retained` (taken over unchanged, so the same node objects, in the
   * same order relative to each other: the caller checks that), every module name it looked up has the
   * same binding statements in both models, every module fact it read has the same value here, and it
   * read neither the whole module nor a node query, nor depended on evaluation order. The caller must
   * also have checked that the environment and the lookup context (star imports, globals) are the same.
   * Ends with endCarry (the previous model is not kept).
   */
  carryValuesFrom(previous: SemanticModel, retained: TakenOver, changes?: { readonly removed: readonly SyntaxNode[]; readonly added: readonly SyntaxNode[] }): void {
    this.carried = { model: previous, retained, names: new Map(), changes, isRetained: (statement) => retained.has(statement), bindsSame: (name) => this.sameBindings(name) };
  }

  endCarry(): void {
    this.carried = undefined;
    this.droppedAnswers = undefined;
  }

  /**
   * Whether the module binds `name` with the same statements, in the same order, as the model the values
   * are carried from (only while they are: carryValuesFrom); undefined when nothing is carried.
   */
  bindsAsBefore(name: string): boolean | undefined {
    return this.carried ? this.sameBindings(name) : undefined;
  }

  /**
   * The model of the version before the edit, and the top-level statements taken over from it, while this
   * model's analysis carries values over from it (carryValuesFrom): module-wide indexes built from the
   * statements' own syntax update their previous version by the statements the edit removed and added
   * instead of merging every statement again.
   */
  get predecessor(): Predecessor | undefined {
    const carried = this.carried;
    if (!carried) return undefined;
    if (!carried.changes) {
      // Comparing the two statement lists is no read of whoever asks first (they record their own reads).
      const frames = this.frames.splice(0);
      try {
        const removed = carried.model.tree.root.children.filter((statement) => !carried.retained.has(statement));
        const added = this.tree.root.children.filter((statement) => !carried.retained.has(statement));
        carried.changes = { removed, added };
      } finally {
        this.frames.push(...frames);
      }
    }
    return { model: carried.model, ...carried.changes };
  }

  /** A value of the previous model that holds here too (carryValuesFrom), or undefined. */
  private carriedValue(node: SyntaxNode): Value | undefined {
    const carried = this.carried!;
    const value = carried.model.values.get(node);
    if (!value) return undefined;
    const reads = carried.model.valueReads.get(node);
    if (!this.stillHolds(reads)) return undefined;
    this.values.set(node, value);
    this.valueReads.set(node, reads!);
    return value;
  }

  /**
   * Whether what a computation of the previous model read (carryValuesFrom) reads the same here: every
   * statement it read was taken over unchanged, every module name it looked up has the same binding
   * statements, every module fact it read has the same value; and it read neither the whole module, nor
   * a node query, nor a file (a script may have changed since), nor depended on evaluation order.
   */
  private stillHolds(reads: ReadSet | undefined): boolean {
    const carried = this.carried!;
    if (!reads || reads.wholeModule || reads.orderSensitive || reads.queries?.size || reads.files?.size) return false;
    if (!reads.everyStatement(carried.isRetained)) return false;
    if (!reads.everyName(carried.bindsSame)) return false;
    if (reads.facts) for (const [fact, value] of reads.facts) if (this.fact(fact) !== value) return false;
    return true;
  }

  /**
   * The names the statements an edit removed or added bind at module level, while values are carried
   * (carryValuesFrom): every other name is bound by statements taken over, in the same order. Null when
   * that is not known for one of those statements; undefined when nothing is carried.
   */
  reboundNames(): ReadonlySet<string> | null | undefined {
    const carried = this.carried;
    if (!carried) return undefined;
    if (carried.rebound === undefined) carried.rebound = reboundNames(this.predecessor!);
    return carried.rebound;
  }

  private sameBindings(name: string): boolean {
    const carried = this.carried!;
    const rebound = this.reboundNames();
    // A name no removed or added statement binds is bound by statements taken over, in the same order.
    if (rebound) return !rebound.has(name);
    let same = carried.names.get(name);
    // (A scope tree that handed its module bindings on no longer has its own: nothing is known the same.
    // It does so only when the edit's rebound names are known, so this is a guard.)
    if (same === undefined && carried.model.scopeTree.handedOn) same = false;
    if (same === undefined) {
      const before = carried.model.moduleBindings(name);
      const now = this.moduleBindings(name);
      same = before.length === now.length && before.every((statement, i) => statement === now[i]);
      carried.names.set(name, same);
    }
    return same;
  }

  /** Answers of carriedMemo, each with what it read (kept after the rules ran: the next model may take them over). */
  private carriedAnswers = new CarriedAnswers();
  /** Whether this model has decided how to take the answers of the model before over (takeAnswers). */
  private answersDecided = false;
  /** Whether it took them over whole (then none is carried one by one). */
  private answersTakenOver = false;
  /** The answers of the model before that it did not take over, when it took them over whole (while carrying). */
  private droppedAnswers?: ReadonlySet<CarriedEntry>;

  /**
   * The nodes whose answers in `table` the model before had and this one dropped, while values are carried
   * and its answers were taken over whole (takeAnswers, done now if not yet): every other answer the model
   * before had in that table holds here, the same object. A module-wide index made of such answers is then
   * updated by these instead of asking for every answer again. Undefined when the answers are not taken
   * over whole.
   */
  answersDropped(table: object): SyntaxNode[] | undefined {
    if (!this.answersDecided) this.takeAnswers();
    const dropped = this.droppedAnswers;
    if (!this.answersTakenOver || !dropped) return undefined;
    const nodes: SyntaxNode[] = [];
    for (const entry of dropped) if (entry.table === table) nodes.push(entry.node);
    return nodes;
  }

  /**
   * The store of this model's carried answers: the same object as the model before's when taken over whole
   * (an index of answers made for that model may be updated for this one only then: see answersDropped).
   */
  get answerStore(): object {
    return this.carriedAnswers;
  }

  /**
   * At the first carriedMemo while values are carried: when the edit's rebound names are known and this
   * model has no answer of its own yet, it takes the model before's answers over whole, less those the
   * edit changed (CarriedAnswers.carryOver); the model before keeps none (asked again, it computes them).
   * Otherwise they are carried one by one as they are asked (stillHolds).
   */
  private takeAnswers(): void {
    const carried = this.carried;
    if (!carried) return;
    this.answersDecided = true;
    const rebound = this.reboundNames();
    if (!rebound || this.carriedAnswers.size) return;
    const store = carried.model.carriedAnswers;
    carried.model.carriedAnswers = new CarriedAnswers();
    // Which answers the edit changed is no read of whoever asked first (they replay what they take).
    const frames = this.frames.splice(0);
    try {
      this.droppedAnswers = store.carryOver(this.predecessor!.removed, rebound, (fact) => this.fact(fact));
    } finally {
      this.frames.push(...frames);
    }
    this.carriedAnswers = store;
    this.answersTakenOver = true;
  }

  /**
   * A per-node answer computed once per model, like memo, that the next model's analysis takes over
   * instead of computing it again while everything it read is unchanged (stillHolds: the conditions under
   * which a value is carried). When the edit's rebound names are known, the answers are taken over all at
   * once, less those the edit changed (takeAnswers). The answer must hold only syntax nodes and plain data,
   * no Value or other object made by this model: a value taken over and one computed again are different
   * objects. `compute` is given the model and the node, so that a caller asking in a loop (once per
   * statement, every keystroke) need not make a closure per question when the answer is already known.
   */
  carriedMemo<V>(table: object, node: SyntaxNode, compute: (model: SemanticModel, node: SyntaxNode) => V): V {
    if (!this.answersDecided) this.takeAnswers();
    let entry = this.carriedAnswers.get(table, node);
    if (!entry && !this.answersTakenOver && this.carried && this.frames.length) {
      const before = this.carried.model.carriedAnswers.get(table, node);
      if (before && this.stillHolds(before.reads)) this.carriedAnswers.set((entry = before));
    }
    if (entry) {
      if (this.frames.length) this.replay(entry.reads);
      return entry.answer as V;
    }
    return this.computeCarried(table, node, compute);
  }

  /** carriedMemo's computation, apart so that a known answer makes no closure (nor the context V8 makes for one on entry). */
  private computeCarried<V>(table: object, node: SyntaxNode, compute: (model: SemanticModel, node: SyntaxNode) => V): V {
    const { value, reads } = this.recorded(() => compute(this, node));
    this.carriedAnswers.set({ table, node, answer: value, reads });
    return value;
  }

  /** What an expression evaluates to. */
  valueOf(node: SyntaxNode): Value {
    const cached = this.values.get(node) ?? (this.carried && this.frames.length ? this.carriedValue(node) : undefined);
    if (cached) {
      if (this.frames.length) this.replay(this.valueReads.get(node));
      return cached;
    }
    if (this.inProgress.has(node) || this.depth > MAX_EVALUATION_DEPTH) {
      this.recordOrderSensitive();
      return UNKNOWN;
    }
    if (node.containsError) {
      this.recordStatementOf(node);
      return UNKNOWN;
    }
    this.inProgress.add(node);
    this.depth++;
    const recording = this.frames.length > 0;
    const reads = recording ? new ReadSet() : undefined;
    if (reads) {
      reads.addStatement(topLevelStatement(node));
      this.frames.push(reads);
    }
    let value: Value;
    try {
      value = this.evaluate(node);
    } finally {
      this.depth--;
      this.inProgress.delete(node);
      if (reads) {
        this.frames.pop();
        this.frames[this.frames.length - 1].addAll(reads);
      }
    }
    this.values.set(node, value);
    if (reads) this.valueReads.set(node, reads);
    return value;
  }

  /** The SDK symbol an expression names (a class, function or object), if it names one. */
  symbolOf(node: SyntaxNode): ResolvedSymbol | undefined {
    const value = this.valueOf(node);
    return value.kind === 'path' ? symbolAtPath(value.path) : undefined;
  }

  /** If the expression is a pipeline variable, what kind and where from. */
  pipelineVariable(node: SyntaxNode): PipelineVariableInfo | undefined {
    return this.pipelineVariableOfValue(this.valueOf(node));
  }

  pipelineVariableOfValue(value: Value): PipelineVariableInfo | undefined {
    switch (value.kind) {
      case 'instance': {
        if (!hasRole(value.symbol, 'pipeline-variable-class')) return undefined;
        const className = value.symbol.id;
        const name = this.literalArgument(value.call, 'name', 0);
        return {
          className,
          origin: name !== undefined ? `a ${className} named "${name}"` : `a ${className}`,
          hashable: HASHABLE_VARIABLE_CLASSES.has(className),
          isProperty: false,
        };
      }
      case 'execution-variable':
        return { className: 'ExecutionVariable', origin: `ExecutionVariables.${value.member}`, hashable: false, isProperty: false };
      case 'properties':
        if (isStepOutputsDict(value)) return undefined;
        return {
          className: 'Properties',
          origin: `the step property \`${abbreviate(this.text(value.node))}\``,
          hashable: true,
          isProperty: true,
        };
      case 'derived-variable': {
        const from = this.pipelineVariableOfValue(value.from);
        return {
          className: value.className,
          origin: from ? `a ${value.className} made from ${from.origin}` : `a ${value.className}`,
          hashable: HASHABLE_VARIABLE_CLASSES.has(value.className),
          isProperty: false,
        };
      }
      case 'union': {
        const infos = value.options.map((option) => this.pipelineVariableOfValue(option));
        if (infos.some((info) => !info)) return undefined;
        const first = infos[0]!;
        return infos.every((info) => info!.className === first.className)
          ? first
          : { className: 'PipelineVariable', origin: 'a pipeline variable', hashable: infos.every((i) => i!.hashable), isProperty: infos.every((i) => i!.isProperty) };
      }
      default:
        return undefined;
    }
  }

  /** A string literal argument's value, by keyword or position; undefined when absent or not a plain literal. */
  literalArgument(call: SyntaxNode, keyword: string, position?: number): string | undefined {
    const argument = this.argument(call, keyword, position);
    return argument ? plainStringValue(this.tree, argument) : undefined;
  }

  /** An argument of a call, by keyword or position. */
  argument(call: SyntaxNode, keyword: string, position?: number): SyntaxNode | undefined {
    const args = childByField(call, 'arguments');
    if (!args || args.type !== 'argument_list') return undefined;
    let index = 0;
    for (const child of args.children) {
      if (!child.named || child.type === 'comment') continue;
      if (child.type === 'keyword_argument') {
        const name = childByField(child, 'name');
        if (name && this.identifierIs(name, keyword)) return childByField(child, 'value');
      } else if (child.type === 'list_splat' || child.type === 'dictionary_splat') {
        return undefined; // positions after *args are unknowable
      } else {
        if (index === position) return child;
        index++;
      }
    }
    return undefined;
  }

  /** What a name means at the place it is used. */
  resolveName(identifier: SyntaxNode): Value {
    return this.lookupNameAt(this.text(identifier), identifier);
  }

  /** What `name` would mean if it were written at `at`. */
  lookupNameAt(name: string, at: SyntaxNode): Value {
    return this.lookup(name, this.scopeTree.scopeOf(at), at.start, true);
  }

  /**
   * The expression a name was last assigned from, when exactly one assignment (`x = ...`) reaches this
   * use and nothing else can bind it there; for values the model does not evaluate itself, such as
   * strings built with str.format or `+`. Names of enclosing functions or the module are followed too,
   * but only when that scope binds the name once.
   */
  assignedExpression(identifier: SyntaxNode): SyntaxNode | undefined {
    const definition = this.uniqueDefinition(identifier);
    return definition?.kind === 'assign' && definition.value ? definition.value : undefined;
  }

  /**
   * The `def` a name stands for, when that definition is the only binding that reaches this use (same
   * conditions as assignedExpression). Decorated functions are left out: the decorator may replace them.
   */
  functionDefinitionOf(identifier: SyntaxNode): SyntaxNode | undefined {
    const definition = this.uniqueDefinition(identifier);
    const target = definition?.target;
    const fn = target?.parent;
    if (!fn || fn.type !== 'function_definition' || target!.field !== 'name') return undefined;
    return fn.parent?.type === 'decorated_definition' ? undefined : fn;
  }

  private uniqueDefinition(identifier: SyntaxNode): Definition | undefined {
    if (identifier.type !== 'identifier') return undefined;
    const name = this.text(identifier);
    if (this.declaredGlobal().has(name)) return undefined;
    let scope: Scope | undefined = this.scopeTree.scopeOf(identifier);
    let flowSensitive = true;
    while (scope) {
      this.recordLookup(name, scope);
      if (scope.globalNames.has(name) || scope.nonlocalNames.has(name)) return undefined;
      const definitions = scope.definitions.get(name);
      if (definitions?.length) {
        const reaching = flowSensitive ? reachingDefinitions(definitions, identifier.start) : { reaching: definitions, maybeUnbound: false };
        if (reaching.maybeUnbound || reaching.reaching.length !== 1) return undefined;
        return reaching.reaching[0];
      }
      if (scope.kind === 'class') return undefined;
      scope = enclosingForFunctions(scope);
      // Uses in a function body see the outer binding at call time: it must be the only one.
      flowSensitive = false;
    }
    return undefined;
  }

  /** Whether a name at this place is the unshadowed builtin. */
  isBuiltin(identifier: SyntaxNode, name: string): boolean {
    if (identifier.type !== 'identifier' || !this.textIs(identifier, name)) return false;
    const value = this.resolveName(identifier);
    return value.kind === 'builtin' && value.name === name;
  }

  private lookup(name: string, scope: Scope, offset: number, flowSensitive: boolean): Value {
    this.recordLookup(name, scope);
    if (scope !== this.scopeTree.module && scope.globalNames.has(name)) return this.lookup(name, this.scopeTree.module, offset, false);
    if (scope.nonlocalNames.has(name)) {
      const outer = enclosingForFunctions(scope);
      return outer ? this.lookup(name, outer, offset, false) : UNKNOWN;
    }
    const definitions = scope.definitions.get(name);
    if (definitions?.length) {
      if (!flowSensitive) return union(definitions.map((d) => this.valueOfDefinition(d)));
      const { reaching, maybeUnbound } = reachingDefinitions(definitions, offset);
      const values = reaching.map((d) => this.valueOfDefinition(d));
      if (maybeUnbound) {
        // In a function a local name is local everywhere: unbound means UnboundLocalError, not the global.
        if (scope.kind === 'function' || scope.kind === 'lambda' || scope.kind === 'comprehension') return values.length ? union(values) : UNKNOWN;
        // At module level an unbound name that no builtin or star import supplies is a NameError, not
        // another value: `if c: v = A` / `else: v = B` then `v` is A or B.
        // (Unless a function rebinds it through `global`, which the module's own bindings do not show.)
        const nothingOutside = scope.kind === 'module' && !scope.starImports.length && !BUILTINS.has(name) && !this.declaredGlobal().has(name);
        if (!(nothingOutside && values.length)) values.push(this.lookupOutside(name, scope, offset));
      }
      return union(values);
    }
    return this.lookupOutside(name, scope, offset);
  }

  private lookupOutside(name: string, scope: Scope, offset: number): Value {
    const outer = scope.kind === 'class' ? scope.parent : enclosingForFunctions(scope);
    if (outer) return this.lookup(name, outer, offset, scope.kind === 'class' || scope.kind === 'comprehension');
    // The last star import that binds the name wins, as in Python. A module outside the SDK may bind any
    // name (`from stepfunctions.steps import *` after `from sagemaker.workflow.steps import *` rebinds
    // TrainingStep), so once one comes later than the SDK module that has the name, the name is unknown.
    for (let i = scope.starImports.length - 1; i >= 0; i--) {
      const modulePath = scope.starImports[i];
      if (symbolAtPath(`${modulePath}.${name}`)) return { kind: 'path', path: `${modulePath}.${name}` };
      if (!SDK_ROOT_PACKAGES.has(modulePath.split('.')[0])) return UNKNOWN;
    }
    if (!BUILTINS.has(name)) return UNKNOWN;
    // A star import may have bound the name, unless it comes from the SDK, whose modules define none of
    // these builtin names (without this, `from sagemaker.workflow.parameters import *` hid every print()).
    if (scope.starImports.some((m) => !SDK_ROOT_PACKAGES.has(m.split('.')[0]))) return UNKNOWN;
    return { kind: 'builtin', name };
  }

  private valueOfDefinition(definition: Definition): Value {
    switch (definition.kind) {
      case 'assign':
        return definition.value ? this.valueOf(definition.value) : UNKNOWN;
      case 'import':
      case 'from-import':
        return definition.path ? { kind: 'path', path: definition.path } : UNKNOWN;
      default:
        return UNKNOWN;
    }
  }

  private evaluate(node: SyntaxNode): Value {
    switch (node.type) {
      case 'identifier':
        return this.resolveName(node);
      case 'parenthesized_expression': {
        const inner = unparenthesize(node);
        return inner === node ? UNKNOWN : this.valueOf(inner);
      }
      case 'attribute': {
        const object = childByField(node, 'object');
        const attribute = childByField(node, 'attribute');
        if (!object || !attribute) return UNKNOWN;
        return this.attributeOf(this.valueOf(object), this.text(attribute), node);
      }
      case 'call': {
        const callee = childByField(node, 'function');
        if (!callee || childByField(node, 'arguments')?.type !== 'argument_list') return UNKNOWN;
        return this.callResult(this.valueOf(callee), node);
      }
      case 'subscript': {
        const object = childByField(node, 'value');
        const key = childByField(node, 'subscript');
        if (!object || !key) return UNKNOWN;
        const base = this.valueOf(object);
        if (base.kind === 'properties') return { ...base, path: [...base.path, `[${this.text(key)}]`], node };
        return UNKNOWN;
      }
      case 'named_expression': {
        const value = childByField(node, 'value');
        return value ? this.valueOf(value) : UNKNOWN;
      }
      case 'conditional_expression': {
        const branches = node.children.filter((c) => c.named && c.type !== 'comment');
        return branches.length === 3 ? union([this.valueOf(branches[0]), this.valueOf(branches[2])]) : UNKNOWN;
      }
      case 'string':
      case 'concatenated_string':
        return { kind: 'literal', type: 'str', node };
      case 'integer':
        return { kind: 'literal', type: 'int', node };
      case 'float':
        return { kind: 'literal', type: 'float', node };
      case 'true':
      case 'false':
        return { kind: 'literal', type: 'bool', node };
      case 'none':
        return { kind: 'literal', type: 'none', node };
      case 'list':
        return { kind: 'literal', type: 'list', node };
      case 'tuple':
        return { kind: 'literal', type: 'tuple', node };
      case 'dictionary':
        return { kind: 'literal', type: 'dict', node };
      case 'set':
        return { kind: 'literal', type: 'set', node };
      default:
        return UNKNOWN;
    }
  }

  private attributeOf(object: Value, name: string, node: SyntaxNode): Value {
    switch (object.kind) {
      case 'path': {
        const resolved = symbolAtPath(object.path);
        if (resolved && hasRole(resolved.symbol, 'execution-variables')) {
          return EXECUTION_VARIABLE_MEMBERS.has(name) ? { kind: 'execution-variable', member: name, node } : UNKNOWN;
        }
        if (object.path === 'logging' && name === 'root') return { kind: 'logger' };
        return { kind: 'path', path: `${object.path}.${name}` };
      }
      case 'instance':
        if (isSageMakerSession(object.symbol)) {
          // Attributes of sagemaker.Session (v2 session.py, v3 core/helper/session_helper.py).
          if (name === 'boto_session') return { kind: 'boto3-session', node };
          // A LocalSession's clients are LocalSagemakerClient / LocalSagemakerRuntimeClient (v2.257.6
          // local/local_session.py L727-728): the SDK's own classes, with positional parameters and a
          // subset of the operations, not boto3 clients.
          if (isLocalSession(object.symbol)) return { kind: 'method', self: object, name, node };
          if (name === 'sagemaker_client') return { kind: 'boto3-client', service: 'sagemaker', node };
          if (name === 'sagemaker_runtime_client') return { kind: 'boto3-client', service: 'sagemaker-runtime', node };
        }
        if (name === 'properties' && (hasRole(object.symbol, 'step') || hasRole(object.symbol, 'step-collection'))) {
          if (object.symbol.propertiesVary) return UNKNOWN;
          return { kind: 'properties', step: object, path: [], node };
        }
        if (hasRole(object.symbol, 'pipeline-variable-class')) {
          if (name === 'default_value') return { kind: 'default-value', parameter: object, node };
          if (name === 'expr') return UNKNOWN;
        }
        return { kind: 'method', self: object, name, node };
      case 'execution-variable':
      case 'derived-variable':
        return name === 'to_string' ? { kind: 'method', self: object, name, node } : UNKNOWN;
      case 'properties':
        if (name === 'to_string') return { kind: 'method', self: object, name, node };
        // Members that hold what the constructor was given (EMRStep's ClusterId), often a plain str.
        if (object.path.length === 0 && object.step.kind === 'instance' && object.step.symbol.argumentProperties?.includes(name)) return UNKNOWN;
        // Shape members are PascalCase; the lower-case attributes (expr, step_name, path) are plain Python values.
        return /^[A-Z]/.test(name) ? { ...object, path: [...object.path, name], node } : UNKNOWN;
      case 'logger':
      case 'boto3-session':
      case 'boto3-client':
        return { kind: 'method', self: object, name, node };
      case 'union':
        return union(object.options.map((option) => this.attributeOf(option, name, node)));
      default:
        return UNKNOWN;
    }
  }

  private callResult(callee: Value, call: SyntaxNode): Value {
    switch (callee.kind) {
      case 'path': {
        if (callee.path === 'logging.getLogger' || callee.path === 'logging.getLoggerClass') return { kind: 'logger' };
        if (callee.path === 'boto3.Session' || callee.path === 'boto3.session.Session') return { kind: 'boto3-session', node: call };
        if (callee.path === 'boto3.client') return this.boto3Client(call);
        const resolved = symbolAtPath(callee.path);
        if (resolved && (resolved.symbol.kind === 'class' || hasRole(resolved.symbol, 'pipeline-variable-class'))) {
          return { kind: 'instance', symbol: resolved.symbol, call };
        }
        return UNKNOWN;
      }
      case 'method': {
        if (callee.name === 'to_string') {
          const variable = this.pipelineVariableOfValue(callee.self);
          if (variable) {
            const className = TO_STRING_RETURNS_SELF.has(variable.className) ? variable.className : 'Join';
            return { kind: 'derived-variable', className, from: callee.self, node: call };
          }
        }
        if (callee.name === 'get_top_model_s3_uri' && callee.self.kind === 'instance' && callee.self.symbol.id === 'TuningStep') {
          return { kind: 'derived-variable', className: 'Join', from: callee.self, node: call };
        }
        if (callee.self.kind === 'boto3-session' && callee.name === 'client') return this.boto3Client(call);
        if (callee.self.kind === 'instance') return { kind: 'method-call', self: callee.self, name: callee.name, call };
        return UNKNOWN;
      }
      case 'union':
        return union(callee.options.map((option) => this.callResult(option, call)));
      default:
        return UNKNOWN;
    }
  }

  /** `boto3.client("sagemaker")` or `session.client(service_name="sagemaker")`: a client when the service is a literal. */
  private boto3Client(call: SyntaxNode): Value {
    const service = this.literalArgument(call, 'service_name', 0);
    return service ? { kind: 'boto3-client', service, node: call } : UNKNOWN;
  }
}

/**
 * Which top-level statements of the model before an edit were taken over unchanged (carryValuesFrom).
 * Asked only about that model's statements.
 */
export interface TakenOver {
  has(statement: SyntaxNode): boolean;
}

/** The model before an edit, while values are carried from it (SemanticModel.predecessor). */
export interface Predecessor {
  readonly model: SemanticModel;
  /** Its top-level children that were not taken over (comments included). */
  readonly removed: readonly SyntaxNode[];
  /** The top-level children of the model now that were not taken over (comments included). */
  readonly added: readonly SyntaxNode[];
}

/**
 * Whether a statement the edit removed or added holds an import statement (at any depth, function bodies
 * included): facts computed from the module's imports (ModuleFact.unchangedBy) hold after any other edit.
 */
export function editTouchesImports(before: Predecessor): boolean {
  return before.removed.some(holdsImport) || before.added.some(holdsImport);
}

/** Statements that cannot hold an import statement (the walk does not look inside them). */
const HOLD_NO_IMPORT = new Set(['expression_statement', 'comment', 'return_statement', 'pass_statement', 'delete_statement', 'raise_statement', 'assert_statement', 'global_statement', 'nonlocal_statement', 'print_statement', 'exec_statement', 'break_statement', 'continue_statement', 'type_alias_statement']);

function holdsImport(statement: SyntaxNode): boolean {
  const stack = [statement];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'import_statement' || node.type === 'import_from_statement' || node.type === 'future_import_statement') return true;
    if (HOLD_NO_IMPORT.has(node.type)) continue;
    for (let i = 0; i < node.children.length; i++) stack.push(node.children[i]);
  }
  return false;
}

/** The names the statements an edit removed or added bind at module level, or null when that is not known for one. */
function reboundNames(predecessor: Predecessor): Set<string> | null {
  const names = new Set<string>();
  for (const statement of [...predecessor.removed, ...predecessor.added]) {
    const bound = moduleNamesBoundBy(statement);
    if (!bound) return null;
    for (const name of bound) names.add(name);
  }
  return names;
}

function isSageMakerSession(symbol: SdkSymbol): boolean {
  return symbol.roles.some((role) => role === 'session' || role === 'pipeline-session' || role === 'local-session' || role === 'local-pipeline-session');
}

function isLocalSession(symbol: SdkSymbol): boolean {
  return symbol.roles.some((role) => role === 'local-session' || role === 'local-pipeline-session');
}

function enclosingForFunctions(scope: Scope): Scope | undefined {
  // Names in a function body skip enclosing class scopes.
  let outer = scope.parent;
  while (outer && outer.kind === 'class') outer = outer.parent;
  return outer;
}

function contains(block: SyntaxNode, offset: number): boolean {
  return block.start <= offset && offset < block.end;
}

/**
 * The bindings of a name that may reach a use at `offset`: the last one before it, plus earlier ones
 * while the later ones sit in blocks that may not run, plus later ones in a loop around the use.
 */
function reachingDefinitions(definitions: readonly Definition[], offset: number): { reaching: Definition[]; maybeUnbound: boolean } {
  const reaching: Definition[] = [];
  let certain = false;
  for (let i = definitions.length - 1; i >= 0; i--) {
    const d = definitions[i];
    if (d.visibleFrom > offset) {
      if (d.loopBodies.some((loop) => contains(loop, offset))) reaching.push(d);
      continue;
    }
    reaching.push(d);
    if (d.conditionalBlocks.every((block) => contains(block, offset))) {
      certain = true;
      break;
    }
  }
  return { reaching, maybeUnbound: !certain };
}

function abbreviate(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine;
}

/** The value of a plain (non-f, non-bytes) string literal, with simple escapes decoded. */
export function plainStringValue(tree: SyntaxTree, node: SyntaxNode): string | undefined {
  const bare = unparenthesize(node);
  if (bare.type !== 'string') return undefined;
  const start = firstNamedChild(bare, 'string_start');
  const prefix = start ? tree.textOf(start).replace(/['"]+$/, '').toLowerCase() : '';
  if (prefix.includes('f') || prefix.includes('b') || prefix.includes('t')) return undefined;
  let result = '';
  for (const child of bare.children) {
    if (child.type === 'string_content') result += tree.textOf(child);
    else if (child.type === 'escape_sequence') result += prefix.includes('r') ? tree.textOf(child) : decodeEscape(tree.textOf(child));
    else if (child.type === 'interpolation') return undefined;
  }
  return result;
}

function decodeEscape(escape: string): string {
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };
  const key = escape.slice(1);
  return simple[key] ?? escape;
}

/**
 * `step.properties.Outputs` of a LambdaStep or CallbackStep: a plain dict {output_name: Properties}
 * the constructor builds from its declared outputs (v2.257.6 workflow/lambda_step.py L118-127,
 * callback_step.py L115-124; the same in v3 sagemaker-mlops), not a pipeline variable. Its items are.
 */
export function isStepOutputsDict(value: Value): boolean {
  return value.kind === 'properties' && value.path.length === 1 && value.path[0] === 'Outputs' && value.step.kind === 'instance' && (value.step.symbol.id === 'LambdaStep' || value.step.symbol.id === 'CallbackStep');
}

/** An identifier's text as Python reads it: NFKC-normalised (PEP 3131), which leaves ASCII as it is. */
export function pythonIdentifier(text: string): string {
  return isAscii(text, 0, text.length) ? text : text.normalize('NFKC');
}

function isAscii(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
