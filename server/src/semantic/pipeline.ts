import { SyntaxNode, childByField, unparenthesize } from '../parse/syntaxNode';
import { SemanticModel, editTouchesImports, plainStringValue } from './model';
import { Generation, SdkSymbol, hasRole, symbolAtPath, symbolById } from './sdk';
import { PIPELINE_SESSION_METHODS, PipelineSessionMethod, SdkRole } from './sdk/catalog';
import { Value } from './values';
import { ModuleFact, NodeQuery } from './reads';
import { StatementIndex, builtStatementIndex, callsLastFirst, statementIndex } from './statementIndex';

/**
 * The pipeline graph of one module, built once per semantic model: every step constructor call, its
 * literal name, the Pipeline(...) calls with the steps and parameters they list, and which SageMaker
 * session each job (processor, estimator, ...) got. Anything not proved from the source is left
 * undefined, and the SM2xx rules stay silent on it.
 */

export type InstanceValue = Extract<Value, { kind: 'instance' }>;

export interface StepInfo {
  readonly call: SyntaxNode;
  readonly value: InstanceValue;
  readonly symbol: SdkSymbol;
  readonly generation: Generation;
  /** The literal name, when the name argument is a plain string literal. */
  readonly name?: string;
  readonly nameNode?: SyntaxNode;
}

export interface PipelineInfo {
  readonly call: SyntaxNode;
  readonly generation: Generation;
  readonly name?: string;
  readonly nameNode?: SyntaxNode;
  readonly stepsNode?: SyntaxNode;
  /** The steps listed in `steps=`; undefined unless every element is a known step. */
  readonly listed?: readonly StepInfo[];
  /**
   * Listed steps plus ConditionStep branches, recursively (the SDK's step map); undefined when unknown,
   * and when the steps are changed after the call (`pipeline.steps = [...]`, `steps.append(...)`).
   */
  readonly members?: readonly StepInfo[];
  /**
   * Every step the pipeline may hold when its definition is built: `steps=`, every later
   * `pipeline.steps = [...]`, everything added in place (`.append`, `.extend`, `.insert`, `+=`,
   * `[i] =`) to the pipeline's list or to the named list passed in, and ConditionStep branches, recursively.
   * An over-approximation (a removed step stays in it); undefined when some change cannot be followed.
   */
  readonly mayHold?: readonly StepInfo[];
  /** For each member, the list element that put it there (in `steps=`, `if_steps=` or `else_steps=`). */
  readonly memberElements?: readonly SyntaxNode[];
  readonly parametersNode?: SyntaxNode;
  /** The parameters listed; [] when `parameters=` is absent; undefined unless every element is a known Parameter. */
  readonly parameters?: readonly InstanceValue[];
}

export interface PipelineGraph {
  readonly steps: readonly StepInfo[];
  readonly pipelines: readonly PipelineInfo[];
  stepFor(value: Value): StepInfo | undefined;
  /** The step a call constructs, when it is one of the graph's. */
  stepAt(call: SyntaxNode): StepInfo | undefined;
}

const cache = new WeakMap<SemanticModel, PipelineGraph>();

export const JOB_ROLES: readonly SdkRole[] = ['processor', 'estimator', 'model-trainer', 'transformer', 'tuner', 'model', 'model-builder', 'automl'];

export function isStepSymbol(symbol: SdkSymbol): boolean {
  return hasRole(symbol, 'step') || hasRole(symbol, 'step-collection');
}

export function jobRole(symbol: SdkSymbol): SdkRole | undefined {
  return symbol.roles.find((role) => JOB_ROLES.includes(role));
}

/** Which SDK generation the callee of an SDK constructor call was imported from (v2 when both or unknown). */
export function generationOfCall(model: SemanticModel, call: SyntaxNode): Generation {
  const callee = childByField(call, 'function');
  if (callee) {
    const value = model.valueOf(callee);
    if (value.kind === 'path') {
      const resolved = symbolAtPath(value.path);
      if (resolved && resolved.generations.length === 1) return resolved.generations[0];
    }
  }
  return moduleGeneration(model);
}

/** The generation the module's imports mean: v3 when any import is from a v3-only package path. */
const MODULE_GENERATION: ModuleFact<Generation> = {
  name: 'module-generation',
  compute(model) {
    for (const definitions of model.scopes.module.definitions.values()) {
      for (const d of definitions) if (d.path && /^sagemaker\.(core|mlops|train|serve)\b/.test(d.path)) return 'v3';
    }
    return 'v2';
  },
  unchangedBy: (model, before) => !editTouchesImports(before),
};

export function moduleGeneration(model: SemanticModel): Generation {
  return model.fact(MODULE_GENERATION);
}

/** The elements of a list/tuple literal, or of a name bound to one that is never mutated; undefined otherwise. */
export function listElements(model: SemanticModel, node: SyntaxNode): SyntaxNode[] | undefined {
  const bare = unparenthesize(node);
  if (bare.type === 'list' || bare.type === 'tuple') {
    const items = bare.children.filter((c) => c.named && c.type !== 'comment');
    return items.some((c) => c.type === 'list_splat' || c.type === 'parenthesized_list_splat') ? undefined : items;
  }
  if (bare.type !== 'identifier') return undefined;
  const value = model.valueOf(bare);
  if (value.kind !== 'literal' || (value.type !== 'list' && value.type !== 'tuple')) return undefined;
  if (isMutated(model, model.text(bare))) return undefined;
  return listElements(model, value.node);
}

interface NameUses {
  /** Names used as `name.attr`, `name[...]`, or `name += ...`, with how many statements use each so. */
  readonly mutated: Map<string, number>;
  /** How many identifiers carry each name. */
  readonly counts: Map<string, number>;
}

const nameUsesCache = new WeakMap<SemanticModel, NameUses>();

/** How names are used in the module (cached per model), from the statements' indexes. */
export function nameUses(model: SemanticModel): NameUses {
  // A fact of the whole module, cached per model: reading it reads every statement (semantic/reads.ts).
  model.recordWholeModule();
  let uses = nameUsesCache.get(model);
  if (uses) return uses;
  const statements = model.tree.root.children;
  const before = model.predecessor;
  const previousUses = before && nameUsesCache.get(before.model);
  if (before && previousUses) {
    // The uses of the version before the edit, less those of the statements it removed, plus those of
    // the statements it added: a statement kept over is the same node, so its index is the same. The
    // model before is spent: its maps (one entry per name of the module) are taken over and changed in
    // place rather than copied, and it forgets them (asked again, it would count its statements anew).
    nameUsesCache.delete(before.model);
    uses = previousUses;
    for (const statement of before.removed) addNameUses(uses, indexOf(before.model, statement), -1);
    for (const statement of before.added) addNameUses(uses, indexOf(model, statement), 1);
  } else {
    uses = { mutated: new Map(), counts: new Map() };
    for (const statement of statements) addNameUses(uses, indexOf(model, statement), 1);
  }
  nameUsesCache.set(model, uses);
  return uses;
}

/** Adds (sign 1) or takes away (sign -1) one statement's name uses; names used nowhere are left out. */
function addNameUses(uses: NameUses, index: StatementIndex, sign: 1 | -1): void {
  for (const name of index.mutated) {
    const count = (uses.mutated.get(name) ?? 0) + sign;
    if (count > 0) uses.mutated.set(name, count);
    else uses.mutated.delete(name);
  }
  for (const [name, n] of index.counts) {
    const count = (uses.counts.get(name) ?? 0) + sign * n;
    if (count > 0) uses.counts.set(name, count);
    else uses.counts.delete(name);
  }
}

/** A top-level statement's index (semantic/statementIndex.ts): walked once per statement, not per keystroke. */
function indexOf(model: SemanticModel, statement: SyntaxNode): StatementIndex {
  // Built once per statement: the text function (a closure, and the context holding `model` that V8
  // makes on entry to the function that makes it) is made only then, not at each of the several
  // whole-module loops of each keystroke.
  return builtStatementIndex(statement) ?? newIndexOf(model, statement);
}

function newIndexOf(model: SemanticModel, statement: SyntaxNode): StatementIndex {
  return statementIndex(statement, (node) => model.text(node));
}

/**
 * Every `x.add_depends_on(...)` call of the module outside error regions, last statement first (from the
 * statements' indexes: no walk over the tree per keystroke).
 */
export function addDependsOnCalls(model: SemanticModel): readonly SyntaxNode[] {
  // A fact of the whole module: reading it reads every statement (semantic/reads.ts).
  model.recordWholeModule();
  let found = dependsOnCallsCache.get(model);
  if (!found) {
    found = dependsOnCallsAsBefore(model) ?? allDependsOnCalls(model);
    dependsOnCallsCache.set(model, found);
  }
  return found;
}

/** addDependsOnCalls of each model (the same list is handed on while an edit neither adds nor removes one). */
const dependsOnCallsCache = new WeakMap<SemanticModel, readonly SyntaxNode[]>();

/**
 * The list the model before the edit made, when no statement the edit removed or added holds such a
 * call: the list then holds the same nodes, of statements taken over in order. (Cycles are looked for at
 * every keystroke, and listing the calls asked every statement of the module for its index.)
 */
function dependsOnCallsAsBefore(model: SemanticModel): readonly SyntaxNode[] | undefined {
  const before = model.predecessor;
  const previous = before && dependsOnCallsCache.get(before.model);
  if (!before || !previous) return undefined;
  for (const statement of before.removed) if (indexOf(before.model, statement).addDependsOnCalls.length) return undefined;
  for (const statement of before.added) if (indexOf(model, statement).addDependsOnCalls.length) return undefined;
  return previous;
}

function allDependsOnCalls(model: SemanticModel): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const statements = model.tree.root.children;
  // Indexed loops: this runs once per keystroke, rarely optimised, and an unoptimised for-of allocates
  // an iterator per statement.
  for (let i = statements.length - 1; i >= 0; i--) {
    const calls = indexOf(model, statements[i]).addDependsOnCalls;
    for (let k = 0; k < calls.length; k++) found.push(calls[k]);
  }
  return found;
}

/** Whether a name is ever used as `name.attr` (append, extend, ...), `name[...] =`, or `name +=`. */
function isMutated(model: SemanticModel, name: string): boolean {
  return nameUses(model).mutated.has(name);
}

/** A keyword argument node (the whole `name=value`) of a call. */
export function keywordArgument(model: SemanticModel, call: SyntaxNode, keyword: string): SyntaxNode | undefined {
  const args = childByField(call, 'arguments');
  if (!args) return undefined;
  for (const child of args.children) {
    if (child.type !== 'keyword_argument') continue;
    const name = childByField(child, 'name');
    if (name && model.identifierIs(name, keyword)) return child;
  }
  return undefined;
}

export function hasSplat(call: SyntaxNode): boolean {
  const args = childByField(call, 'arguments');
  return !!args && args.children.some((c) => c.type === 'list_splat' || c.type === 'dictionary_splat');
}

const STEP_INFO = {};
const STEP_INFO_OF_NEW_VALUE = {};

/**
 * The step a value is, when it is the value of a step constructor call outside any syntax error: the
 * same StepInfo object the pipeline graph lists (its `stepFor`), found without building the graph, so
 * that asking reads only the call and what its value reads, not the whole module.
 *
 * The StepInfo is taken over from the model before the edit while what it read is unchanged
 * (model.carriedMemo), and while the call's value is the same object too (taken over as well): it holds
 * that value. When the value was evaluated again, a StepInfo of this model's own is made (once: the
 * graph and the rules compare StepInfos by identity).
 */
export function stepOf(model: SemanticModel, value: Value): StepInfo | undefined {
  if (value.kind !== 'instance' || !isStepSymbol(value.symbol)) return undefined;
  const call = value.call;
  // The graph's walk skips broken nodes and calls that contain errors; a value is listed for its own call.
  if (call.broken || call.containsError || call.type !== 'call' || model.valueOf(call) !== value) return undefined;
  // (No closure: asked for every step of the module at each keystroke, and nearly always known.)
  const info = model.carriedMemo(STEP_INFO, call, stepInfoOfCall);
  return info.value === value ? info : model.memo(STEP_INFO_OF_NEW_VALUE, call, () => stepInfo(model, call, value));
}

/** The StepInfo of a step constructor call whose value stepOf checked. */
function stepInfoOfCall(model: SemanticModel, call: SyntaxNode): StepInfo {
  return stepInfo(model, call, model.valueOf(call) as InstanceValue);
}

function stepInfo(model: SemanticModel, call: SyntaxNode, value: InstanceValue): StepInfo {
  const nameNode = model.argument(call, 'name', 0);
  const name = nameNode ? plainStringValue(model.tree, nameNode) : undefined;
  return { call, value, symbol: value.symbol, generation: generationOfCall(model, call), name, nameNode };
}

/**
 * The graph's entry for a `Pipeline(...)` call, read from the graph only when the call is one: asking
 * about any other call reads that call's value, not the whole module.
 */
export function pipelineOf(model: SemanticModel, call: SyntaxNode): PipelineInfo | undefined {
  if (call.type !== 'call' || call.broken || call.containsError) return undefined;
  const value = model.valueOf(call);
  if (value.kind !== 'instance' || value.call !== call || !hasRole(value.symbol, 'pipeline')) return undefined;
  return pipelineGraph(model).pipelines.find((p) => p.call === call);
}

export function pipelineGraph(model: SemanticModel): PipelineGraph {
  // A fact of the whole module, cached per model: reading it reads every statement (semantic/reads.ts).
  model.recordWholeModule();
  const cached = cache.get(model);
  if (cached) return cached;
  const steps: StepInfo[] = [];
  const byCall = new Map<SyntaxNode, StepInfo>();
  const pipelineCalls: { call: SyntaxNode; value: InstanceValue }[] = [];
  // Indexed loops (as in callsReachingPipeline): once per keystroke.
  const statements = statementsWithGraphCalls(model);
  for (let s = 0; s < statements.length; s++) {
    const calls = pipelineCallsOf(model, statements[s]);
    for (let i = 0; i < calls.steps.length; i++) {
      const node = calls.steps[i];
      const info = stepOf(model, model.valueOf(node));
      if (!info) continue; // (never: the calls were taken over only while their values are the same)
      steps.push(info);
      byCall.set(node, info);
    }
    for (let i = 0; i < calls.pipelines.length; i++) {
      const node = calls.pipelines[i];
      const value = model.valueOf(node);
      if (value.kind === 'instance') pipelineCalls.push({ call: node, value });
    }
  }
  const stepFor = (value: Value): StepInfo | undefined => (value.kind === 'instance' ? byCall.get(value.call) : undefined);
  const stepsOfList = (node: SyntaxNode | undefined): { step: StepInfo; element: SyntaxNode }[] | undefined => {
    if (!node) return [];
    const items = listElements(model, node);
    if (!items) return undefined;
    const result: { step: StepInfo; element: SyntaxNode }[] = [];
    for (const item of items) {
      const step = stepFor(model.valueOf(item));
      if (!step) return undefined;
      result.push({ step, element: item });
    }
    return result;
  };
  // Without a Pipeline(...) call there is nothing to follow (and no walk over every identifier to pay for).
  const changes: StepsChanges = pipelineCalls.length ? stepsChanges(model, pipelineCalls.map((p) => p.call)) : { opaque: false, get: () => undefined };
  /**
   * Adds to `out` every step the list `node` evaluates to may hold (possibleListElements, spread ones
   * followed); false when one is not a known step or cannot be followed. A literal's elements are read in
   * place and every level adds to the one list: the module's `steps` list, extended at every stage,
   * made two arrays and a result list per stage at each keystroke.
   */
  const addPossibleSteps = (node: SyntaxNode, depth: number, out: StepInfo[]): boolean => {
    if (depth > 8) return false;
    const bare = unparenthesize(node);
    if (bare.type === 'list' || bare.type === 'tuple') {
      const children = bare.children;
      for (let i = 0; i < children.length; i++) {
        const child = children[i];
        if (!child.named || child.type === 'comment') continue;
        if (child.type === 'list_splat' || child.type === 'parenthesized_list_splat') {
          if (!addPossibleSteps(child.children.find((x) => x.named) ?? child, depth + 1, out)) return false;
          continue;
        }
        const step = stepFor(model.valueOf(child));
        if (!step) return false;
        out.push(step);
      }
      return true;
    }
    const elements = possibleListElements(model, node);
    if (!elements) return false;
    for (let i = 0; i < elements.length; i++) {
      const element = elements[i];
      if (element.spread) {
        if (!addPossibleSteps(element.node, depth + 1, out)) return false;
        continue;
      }
      const step = stepFor(model.valueOf(element.node));
      if (!step) return false;
      out.push(step);
    }
    return true;
  };
  const possibleSteps = (node: SyntaxNode | undefined): StepInfo[] | undefined => {
    if (!node) return [];
    const out: StepInfo[] = [];
    return addPossibleSteps(node, 0, out) ? out : undefined;
  };
  const mayHoldOf = (call: SyntaxNode, stepsNode: SyntaxNode | undefined): StepInfo[] | undefined => {
    const change = changes.get(call);
    if (changes.opaque || change?.opaque || hasSplat(call)) return undefined;
    if (!stepsNode && positionalArguments(call).length > 1) return undefined;
    const start: StepInfo[] = [];
    for (const node of [...(stepsNode ? [stepsNode] : []), ...(change?.lists ?? [])]) {
      const steps = possibleSteps(node);
      if (!steps) return undefined;
      start.push(...steps);
    }
    for (const node of change?.elements ?? []) {
      const step = stepFor(model.valueOf(node));
      if (!step) return undefined;
      start.push(step);
    }
    const held = new Set<StepInfo>();
    const queue = [...start];
    while (queue.length) {
      const step = queue.pop()!;
      if (held.has(step)) continue;
      held.add(step);
      if (step.symbol.id !== 'ConditionStep') continue;
      if (hasSplat(step.call)) return undefined;
      for (const keyword of ['if_steps', 'else_steps']) {
        const branch = possibleSteps(model.argument(step.call, keyword));
        if (!branch) return undefined;
        queue.push(...branch);
      }
    }
    return [...held];
  };
  const pipelines: PipelineInfo[] = pipelineCalls.map(({ call }) => {
    const nameNode = model.argument(call, 'name', 0);
    const stepsNode = model.argument(call, 'steps');
    const parametersNode = model.argument(call, 'parameters', 1);
    const changedLater = changes.opaque || changes.get(call) !== undefined;
    const listedElements = stepsNode && !hasSplat(call) && !changedLater ? stepsOfList(stepsNode) : undefined;
    let members: { step: StepInfo; element: SyntaxNode }[] | undefined;
    if (listedElements) {
      members = [];
      const queue = [...listedElements];
      while (queue.length && members) {
        const entry = queue.shift()!;
        members.push(entry);
        const step = entry.step;
        if (step.symbol.id === 'ConditionStep') {
          if (hasSplat(step.call)) members = undefined;
          else {
            const ifSteps = stepsOfList(model.argument(step.call, 'if_steps'));
            const elseSteps = stepsOfList(model.argument(step.call, 'else_steps'));
            if (!ifSteps || !elseSteps) members = undefined;
            else queue.unshift(...ifSteps, ...elseSteps); // depth first, like the SDK's _generate_step_map
          }
        }
      }
    }
    const listed = listedElements?.map((e) => e.step);
    let parameters: InstanceValue[] | undefined;
    if (hasSplat(call)) parameters = undefined;
    else if (!parametersNode) parameters = [];
    else {
      const items = listElements(model, parametersNode);
      if (items) {
        parameters = [];
        for (const item of items) {
          const value = model.valueOf(item);
          if (value.kind !== 'instance' || !isParameterSymbol(value.symbol)) {
            parameters = undefined;
            break;
          }
          parameters.push(value);
        }
      }
    }
    return {
      call,
      generation: generationOfCall(model, call),
      name: nameNode ? plainStringValue(model.tree, nameNode) : undefined,
      nameNode,
      stepsNode,
      listed,
      members: members?.map((m) => m.step),
      memberElements: members?.map((m) => m.element),
      mayHold: mayHoldOf(call, stepsNode),
      parametersNode,
      parameters,
    };
  });
  const graph: PipelineGraph = { steps, pipelines, stepFor, stepAt: (call) => byCall.get(call) };
  cache.set(model, graph);
  return graph;
}

/** The top-level statements with steps or Pipeline(...) calls, in order, and the store of answers they were asked of. */
interface GraphStatements {
  readonly statements: readonly SyntaxNode[];
  readonly answers: object;
}

const graphStatementsCache = new WeakMap<SemanticModel, GraphStatements>();

/**
 * The top-level statements whose pipeline calls (pipelineCallsOf) hold steps or Pipeline(...) calls, in
 * order. After an edit whose model took the answers of the model before over whole, they are that
 * model's, less the removed ones, plus the added ones and those whose pipeline calls it dropped (the
 * others have the same answers: SemanticModel.answersDropped): a keystroke asks about those instead of
 * every statement of the module (a tenth of them in a generated pipeline module).
 */
function statementsWithGraphCalls(model: SemanticModel): readonly SyntaxNode[] {
  const before = model.predecessor;
  const was = before && graphStatementsCache.get(before.model);
  const dropped = was ? model.answersDropped(PIPELINE_CALLS) : undefined;
  let statements: SyntaxNode[];
  if (before && was && dropped && model.answerStore === was.answers) {
    // The statements listed before that the edit neither removed nor dropped the answer of have the same
    // pipeline calls (the same answer object), so they stay, in their order (statements taken over keep
    // theirs); only the dropped and the added ones are asked, and merged in by their places.
    const removed = new Set(before.removed);
    const asked = new Set<SyntaxNode>();
    for (const statement of dropped) if (!removed.has(statement)) asked.add(statement);
    for (const statement of before.added) asked.add(statement);
    const found: SyntaxNode[] = [];
    for (const statement of asked) if (holdsGraphCalls(model, statement)) found.push(statement);
    // (A top-level statement's index is its place among the root's children: reconversion keeps it right.)
    found.sort((a, b) => a.index - b.index);
    statements = [];
    let next = 0;
    for (let i = 0; i < was.statements.length; i++) {
      const statement = was.statements[i];
      if (removed.has(statement) || asked.has(statement)) continue;
      while (next < found.length && found[next].index < statement.index) statements.push(found[next++]);
      statements.push(statement);
    }
    while (next < found.length) statements.push(found[next++]);
  } else {
    const candidates = model.tree.root.children;
    statements = [];
    for (let i = 0; i < candidates.length; i++) if (holdsGraphCalls(model, candidates[i])) statements.push(candidates[i]);
  }
  // (Read after the answers were asked for: taken over from the model before, if they were.)
  graphStatementsCache.set(model, { statements, answers: model.answerStore });
  return statements;
}

function holdsGraphCalls(model: SemanticModel, statement: SyntaxNode): boolean {
  const calls = pipelineCallsOf(model, statement);
  return calls.steps.length > 0 || calls.pipelines.length > 0;
}

export function isParameterSymbol(symbol: SdkSymbol): boolean {
  return hasRole(symbol, 'pipeline-variable-class') && /^Parameter/.test(symbol.id);
}

// ---------------------------------------------------------------------------------------------------
// Jobs and sessions

export type SessionKind = 'pipeline' | 'plain' | 'boto3' | 'unknown';

export interface JobSession {
  readonly kind: SessionKind;
  /** The `sagemaker_session=` argument value, when given. */
  readonly argument?: SyntaxNode;
  /** "no sagemaker_session (the SDK creates a sagemaker.Session())", "a sagemaker.Session()", ... */
  readonly description: string;
  /** The job whose constructor holds the session (a tuner's estimator or model trainer). */
  readonly owner?: InstanceValue;
}

const UNKNOWN_SESSION: JobSession = { kind: 'unknown', description: 'an unknown session' };

/** Which session a job instance was built with. Tuners take their estimator's or model trainer's. */
export function jobSession(model: SemanticModel, job: InstanceValue, depth = 0): JobSession {
  const role = jobRole(job.symbol);
  if (!role || depth > 4 || assignsSessionAttribute(model)) return UNKNOWN_SESSION;
  if (hasSplat(job.call)) return UNKNOWN_SESSION;
  if (role === 'tuner') {
    const inner = model.argument(job.call, 'estimator', 0) ?? model.argument(job.call, 'model_trainer', 0);
    if (!inner) return UNKNOWN_SESSION;
    const value = model.valueOf(inner);
    return value.kind === 'instance' ? jobSession(model, value, depth + 1) : UNKNOWN_SESSION;
  }
  // A local instance type makes v2 processors replace the session with a LocalSession (processing.py L157-160).
  const instanceType = model.literalArgument(job.call, 'instance_type');
  if (instanceType !== undefined && instanceType.startsWith('local')) return UNKNOWN_SESSION;
  const argument = model.argument(job.call, 'sagemaker_session');
  if (!argument) {
    // Positional arguments could reach sagemaker_session in long signatures; only trust keyword-only calls.
    const args = childByField(job.call, 'arguments');
    const positional = args ? args.children.filter((c) => c.named && c.type !== 'comment' && c.type !== 'keyword_argument').length : 0;
    if (positional > 3) return UNKNOWN_SESSION;
    return { kind: 'plain', description: 'no `sagemaker_session`, so the SDK uses a plain `sagemaker.Session()`', owner: job };
  }
  return { ...sessionOfValue(model, model.valueOf(argument), model.text(argument)), argument, owner: job };
}

/** Whether the module ever sets `x.sagemaker_session = ...`: then no constructor argument tells the session. */
const ASSIGNS_SESSION_ATTRIBUTE: ModuleFact<boolean> = {
  name: 'assigns-session-attribute',
  compute(model) {
    return model.tree.root.children.some((statement) => indexOf(model, statement).assignsSessionAttribute);
  },
  // The same when no statement the edit removed or added sets it (each removed one known not to: the
  // walk before may have stopped short of it).
  unchangedBy: (model, before) =>
    before.removed.every((statement) => builtStatementIndex(statement)?.assignsSessionAttribute === false) &&
    !before.added.some((statement) => indexOf(model, statement).assignsSessionAttribute),
};

function assignsSessionAttribute(model: SemanticModel): boolean {
  return model.fact(ASSIGNS_SESSION_ATTRIBUTE);
}

export function sessionOfValue(model: SemanticModel, value: Value, text: string): JobSession {
  switch (value.kind) {
    case 'instance':
      if (hasRole(value.symbol, 'pipeline-session') || hasRole(value.symbol, 'local-pipeline-session')) {
        return { kind: 'pipeline', description: `\`sagemaker_session=${text}\` (a ${value.symbol.id.replace(/^.*\./, '')})` };
      }
      if (hasRole(value.symbol, 'session') || hasRole(value.symbol, 'local-session')) {
        return { kind: 'plain', description: `\`sagemaker_session=${text}\`, a ${value.symbol.id.replace(/^.*\./, '')} and not a PipelineSession` };
      }
      return UNKNOWN_SESSION;
    case 'literal':
      return value.type === 'none' ? { kind: 'plain', description: '`sagemaker_session=None`, so the SDK uses a plain `sagemaker.Session()`' } : UNKNOWN_SESSION;
    case 'boto3-session':
    case 'boto3-client':
      return { kind: 'boto3', description: `\`sagemaker_session=${text}\`, a boto3 ${value.kind === 'boto3-session' ? 'Session' : 'client'}` };
    default:
      return UNKNOWN_SESSION;
  }
}

/** The PipelineSession-aware method a job's method call resolves to, following the catalog's `extends`. */
export function pipelineSessionMethod(job: SdkSymbol, method: string, generation: Generation): PipelineSessionMethod | undefined {
  const seen = new Set<string>();
  const queue = [job.id];
  while (queue.length) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const found = PIPELINE_SESSION_METHODS.find((m) => m.generation === generation && m.method === `${id}.${method}`);
    if (found) return found;
    const symbol = symbolById(id);
    for (const parent of symbol?.extends?.[generation] ?? []) queue.push(parent);
  }
  return undefined;
}


export interface JobCall {
  readonly job: InstanceValue;
  readonly method: string;
  readonly call: SyntaxNode;
  readonly generation: Generation;
}

/** `job.method(...)` when the value is exactly one such call on a known SDK job. */
export function jobCallOf(model: SemanticModel, value: Value): JobCall | undefined {
  if (value.kind !== 'method-call' || value.self.kind !== 'instance' || !jobRole(value.self.symbol)) return undefined;
  return { job: value.self, method: value.name, call: value.call, generation: generationOfCall(model, value.self.call) };
}

/** A name bound at module level to a PipelineSession (or LocalPipelineSession) visible at `at`. */
export function pipelineSessionName(model: SemanticModel, at: SyntaxNode): string | undefined {
  for (const [name, definitions] of model.scopes.module.definitions) {
    if (!definitions.some((d) => d.kind === 'assign')) continue;
    const value = model.lookupNameAt(name, at);
    if (value.kind === 'instance' && (hasRole(value.symbol, 'pipeline-session') || hasRole(value.symbol, 'local-pipeline-session'))) return name;
  }
  return undefined;
}

/**
 * Calls a step reaches: its own arguments, recursively through names, job constructors and method calls.
 * `seenCalls` shared between calls makes a walk skip what an earlier one went through: callers that want
 * the union of what several steps reach pass one set, so that steps chained by depends_on are walked
 * once in all rather than once per step (5,000 chained steps: quadratic, tens of seconds). `enters`
 * stops the walk at the objects it turns down (their calls are still visited, their arguments are not).
 */
export function forEachReachedValue(
  model: SemanticModel,
  root: SyntaxNode,
  visit: (node: SyntaxNode, value: Value) => boolean | void,
  seenCalls = new Set<SyntaxNode>(),
  /** Whether the walk goes into the arguments of the SDK object a reached value was built by (always when absent). */
  enters?: (value: Extract<Value, { kind: 'instance' | 'method-call' }>) => boolean,
): void {
  const stack: SyntaxNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.broken) continue;
    if (node.type === 'identifier' && node.parent?.type === 'keyword_argument' && node.field === 'name') continue;
    if (node.type === 'identifier' || node.type === 'attribute' || node.type === 'call' || node.type === 'subscript') {
      const value = model.valueOf(node);
      if (visit(node, value) === false) continue;
      const follow = (v: Value) => {
        switch (v.kind) {
          case 'instance':
          case 'method-call':
            if (!seenCalls.has(v.call)) {
              seenCalls.add(v.call);
              const args = enters && !enters(v) ? undefined : childByField(v.call, 'arguments');
              if (args) stack.push(args);
            }
            if (v.kind === 'method-call') follow(v.self);
            return;
          case 'literal':
            if (node.type === 'identifier' && !seenCalls.has(v.node)) {
              seenCalls.add(v.node);
              stack.push(v.node);
            }
            return;
          case 'properties':
          case 'derived-variable':
            follow(v.kind === 'properties' ? v.step : v.from);
            return;
          case 'union':
            v.options.forEach(follow);
            return;
          default:
            return;
        }
      };
      follow(value);
      if (node.type === 'call' && !seenCalls.has(node)) {
        // Arguments of calls that are not SDK objects are still part of the expression.
        seenCalls.add(node);
        const args = childByField(node, 'arguments');
        if (args) stack.push(args);
      }
      continue;
    }
    for (const child of node.children) stack.push(child);
  }
}

// ---------------------------------------------------------------------------------------------------
// Steps lists changed after the Pipeline(...) call

/** What one use of a list (a name bound to it, or `pipeline.steps`) does to its contents. */
type ListUse =
  | { readonly kind: 'read' }
  | { readonly kind: 'shrink' }
  | { readonly kind: 'element'; readonly node: SyntaxNode }
  | { readonly kind: 'list'; readonly node: SyntaxNode }
  | { readonly kind: 'opaque' };

const READ_ONLY_BUILTINS = new Set(['len', 'print', 'list', 'tuple', 'sorted', 'enumerate', 'reversed', 'iter', 'str', 'repr', 'set', 'any', 'all']);
const SHRINKING_METHODS = new Set(['remove', 'pop', 'clear', 'sort', 'reverse']);
const READING_METHODS = new Set(['copy', 'index', 'count']);

/** Positional arguments of a call (comments and keywords left out). */
function positionalArguments(call: SyntaxNode): SyntaxNode[] {
  const args = childByField(call, 'arguments');
  return args ? args.children.filter(isPositional) : [];
}

/** How many positional arguments a call has (those positionalArguments lists). */
function positionalCount(call: SyntaxNode): number {
  const args = childByField(call, 'arguments');
  let count = 0;
  if (args) for (let i = 0; i < args.children.length; i++) if (isPositional(args.children[i])) count++;
  return count;
}

/** A call's positional argument at `index` (as positionalArguments lists them). */
function positionalArgument(call: SyntaxNode, index: number): SyntaxNode | undefined {
  const args = childByField(call, 'arguments');
  if (!args) return undefined;
  let at = 0;
  for (let i = 0; i < args.children.length; i++) {
    const child = args.children[i];
    if (isPositional(child) && at++ === index) return child;
  }
  return undefined;
}

function isPositional(child: SyntaxNode): boolean {
  return child.named && child.type !== 'comment' && child.type !== 'keyword_argument';
}

/**
 * How `use` (an expression that evaluates to the list) is used where it stands. Anything that could
 * change the list in a way not followed here — passing it to an unknown function, aliasing it — is opaque.
 */
function classifyListUse(model: SemanticModel, use: SyntaxNode): ListUse {
  const parent = use.parent;
  if (!parent) return { kind: 'opaque' };
  switch (parent.type) {
    case 'attribute': {
      if (use.field !== 'object') return { kind: 'opaque' };
      const method = childByField(parent, 'attribute');
      const name = method ? model.text(method) : '';
      const call = parent.parent;
      if (!call || call.type !== 'call' || parent.field !== 'function') return { kind: 'opaque' };
      // (Counted in place: this runs for every use of a list name, the module's `steps` at every stage.)
      const count = positionalCount(call);
      if (name === 'append' && count === 1) return { kind: 'element', node: positionalArgument(call, 0)! };
      if (name === 'insert' && count === 2) return { kind: 'element', node: positionalArgument(call, 1)! };
      if (name === 'extend' && count === 1) return { kind: 'list', node: positionalArgument(call, 0)! };
      if (SHRINKING_METHODS.has(name)) return { kind: 'shrink' };
      if (READING_METHODS.has(name)) return { kind: 'read' };
      return { kind: 'opaque' };
    }
    case 'augmented_assignment': {
      const operator = parent.children.find((c) => !c.named);
      const right = childByField(parent, 'right');
      if (use.field === 'left' && operator && model.text(operator) === '+=' && right) return { kind: 'list', node: right };
      return use.field === 'right' ? { kind: 'read' } : { kind: 'opaque' };
    }
    case 'subscript': {
      if (use.field !== 'value') return { kind: 'read' };
      const holder = parent.parent;
      if (holder?.type === 'assignment' && parent.field === 'left') {
        const right = childByField(holder, 'right');
        if (!right) return { kind: 'opaque' };
        return childByField(parent, 'subscript')?.type === 'slice' ? { kind: 'list', node: right } : { kind: 'element', node: right };
      }
      if (holder?.type === 'delete_statement') return { kind: 'shrink' };
      return { kind: 'read' };
    }
    case 'keyword_argument':
    case 'argument_list': {
      const call = parent.type === 'argument_list' ? parent.parent : parent.parent?.parent;
      if (!call || call.type !== 'call') return { kind: 'opaque' };
      const callee = childByField(call, 'function');
      const calleeValue = callee ? model.valueOf(callee) : undefined;
      if (calleeValue?.kind === 'builtin' && READ_ONLY_BUILTINS.has(calleeValue.name)) return { kind: 'read' };
      // An SDK constructor keeps the list (Pipeline(steps=...), ConditionStep(if_steps=...)): not a change.
      const result = model.valueOf(call);
      if (result.kind === 'instance' && result.call === call) return { kind: 'read' };
      return { kind: 'opaque' };
    }
    case 'for_statement':
      return use.field === 'right' ? { kind: 'read' } : { kind: 'opaque' };
    case 'list_splat':
    case 'binary_operator':
    case 'comparison_operator':
    case 'for_in_clause':
      return { kind: 'read' };
    case 'expression_statement':
      return { kind: 'read' };
    default:
      return { kind: 'opaque' };
  }
}

interface ListChanges {
  /** Expressions added as single elements. */
  readonly elements: SyntaxNode[];
  /** Expressions whose elements are added (extend, +=, a slice or a whole new list assigned). */
  readonly lists: SyntaxNode[];
  opaque: boolean;
  /** Whether anything at all changes the list (additions, removals, reordering). */
  changed: boolean;
}

function addUse(changes: ListChanges, use: ListUse): void {
  switch (use.kind) {
    case 'element':
      changes.elements.push(use.node);
      changes.changed = true;
      return;
    case 'list':
      changes.lists.push(use.node);
      changes.changed = true;
      return;
    case 'shrink':
      changes.changed = true;
      return;
    case 'opaque':
      changes.opaque = true;
      changes.changed = true;
      return;
    default:
      return;
  }
}

const identifierIndex = new WeakMap<SemanticModel, Map<string, SyntaxNode[]>>();

/** Every identifier of the module outside error regions with this name (the statements' indexes, last statement first). */
function identifiersNamed(model: SemanticModel, name: string): readonly SyntaxNode[] {
  // A fact of the whole module, cached per model: reading it reads every statement (semantic/reads.ts).
  model.recordWholeModule();
  let index = identifierIndex.get(model);
  if (!index) identifierIndex.set(model, (index = new Map()));
  let found = index.get(name);
  if (found) return found;
  found = identifiersAsBefore(model, name);
  if (!found) {
    found = [];
    const statements = model.tree.root.children;
    for (let i = statements.length - 1; i >= 0; i--) indexOf(model, statements[i]).identifiers.addTo(name, found);
  }
  index.set(name, found);
  return found;
}

/**
 * The list the model before the edit made for `name`, when no statement the edit removed or added has an
 * identifier of that name: the list then holds the same nodes, of statements taken over in order.
 */
function identifiersAsBefore(model: SemanticModel, name: string): SyntaxNode[] | undefined {
  const before = model.predecessor;
  const previous = before && identifierIndex.get(before.model)?.get(name);
  if (!before || !previous) return undefined;
  for (const statement of before.removed) if (indexOf(before.model, statement).identifiers.has(name)) return undefined;
  for (const statement of before.added) if (indexOf(model, statement).identifiers.has(name)) return undefined;
  return previous;
}

/** Places where an identifier names something other than a variable being read (a binding, an attribute, a keyword). */
const NOT_READ_PARENTS = new Set([
  'parameters', 'default_parameter', 'typed_parameter', 'typed_default_parameter', 'lambda_parameters', 'list_splat_pattern', 'dictionary_splat_pattern',
  'function_definition', 'class_definition', 'dotted_name', 'aliased_import', 'global_statement', 'nonlocal_statement',
  'pattern_list', 'tuple_pattern', 'list_pattern', 'as_pattern_target', 'keyword_pattern', 'case_pattern',
]);

function isReadReference(identifier: SyntaxNode): boolean {
  const parent = identifier.parent;
  if (!parent || NOT_READ_PARENTS.has(parent.type)) return false;
  if (parent.type === 'attribute' && identifier.field === 'attribute') return false;
  if (parent.type === 'keyword_argument' && identifier.field === 'name') return false;
  if ((parent.type === 'assignment' || parent.type === 'for_statement' || parent.type === 'for_in_clause') && identifier.field === 'left') return false;
  if (parent.type === 'named_expression' && identifier.field === 'name') return false;
  return true;
}

function isArgument(identifier: SyntaxNode): boolean {
  const parent = identifier.parent;
  return parent?.type === 'argument_list' || (parent?.type === 'keyword_argument' && identifier.field === 'value');
}

function holdsLiteral(value: Value, literal: SyntaxNode): boolean {
  if (value.kind === 'literal') return value.node === literal;
  if (value.kind === 'union') return value.options.some((o) => o.kind === 'literal' && o.node === literal);
  return false;
}

/** What is done, anywhere in the module, to the list literal bound to `name` through every name that evaluates to it. */
function namedListChanges(model: SemanticModel, name: string, literal: SyntaxNode): ListChanges {
  const changes: ListChanges = { elements: [], lists: [], opaque: false, changed: false };
  for (const identifier of identifiersNamed(model, name)) {
    if (!isReadReference(identifier)) continue;
    const value = model.valueOf(identifier);
    const use = classifyListUse(model, identifier);
    if (holdsLiteral(value, literal)) addUse(changes, use);
    // The same name with an unknown value may be the same list (after `steps += [...]` the model no
    // longer knows the name's value): a change through it cannot be followed.
    else if (value.kind === 'unknown' && (use.kind !== 'read' && use.kind !== 'opaque' || isArgument(identifier))) addUse(changes, { kind: 'opaque' });
  }
  return changes;
}

/** One element of a list as far as its contents go: a single expression, or an expression whose elements are spread in. */
interface PossibleElement {
  readonly node: SyntaxNode;
  readonly spread: boolean;
}

/**
 * Every expression that may be an element of the list `node` evaluates to: a literal's elements, `*x`
 * and `a + b` spread, and for a name bound to a literal, whatever is added to it in place anywhere in
 * the module. Undefined when the list, or a change to it, is not visible.
 */
export function possibleListElements(model: SemanticModel, node: SyntaxNode): PossibleElement[] | undefined {
  const bare = unparenthesize(node);
  if (bare.type === 'list' || bare.type === 'tuple') {
    return bare.children
      .filter((c) => c.named && c.type !== 'comment')
      .map((c) => (c.type === 'list_splat' || c.type === 'parenthesized_list_splat' ? { node: c.children.find((x) => x.named) ?? c, spread: true } : { node: c, spread: false }));
  }
  if (bare.type === 'binary_operator') {
    const operator = bare.children.find((c) => !c.named);
    const left = childByField(bare, 'left');
    const right = childByField(bare, 'right');
    if (!operator || model.text(operator) !== '+' || !left || !right) return undefined;
    return [{ node: left, spread: true }, { node: right, spread: true }];
  }
  if (bare.type !== 'identifier') return undefined;
  const value = model.valueOf(bare);
  const options = value.kind === 'union' ? value.options : [value];
  const result: PossibleElement[] = [];
  for (const option of options) {
    if (option.kind !== 'literal' || (option.type !== 'list' && option.type !== 'tuple')) return undefined;
    const changes = namedListChanges(model, model.text(bare), option.node);
    if (changes.opaque) return undefined;
    result.push({ node: option.node, spread: true });
    for (const element of changes.elements) result.push({ node: element, spread: false });
    for (const list of changes.lists) result.push({ node: list, spread: true });
  }
  return result;
}

interface StepsChanges {
  /** A change to some `x.steps` whose x is not provably a known Pipeline or another object. */
  readonly opaque: boolean;
  get(call: SyntaxNode): ListChanges | undefined;
}

/**
 * Changes made after construction to each Pipeline's `steps` attribute: `pipeline.steps = [...]`,
 * `pipeline.steps.append(...)`, ... (the SDK reads `self.steps` when it builds the definition).
 */
function stepsChanges(model: SemanticModel, pipelineCalls: readonly SyntaxNode[]): StepsChanges {
  const byCall = new Map<SyntaxNode, ListChanges>();
  let opaque = false;
  for (const attributeName of identifiersNamed(model, 'steps')) {
    const attribute = attributeName.parent;
    if (attribute?.type !== 'attribute' || attributeName.field !== 'attribute') continue;
    const object = childByField(attribute, 'object');
    if (!object) continue;
    const holder = attribute.parent;
    const assigned = holder?.type === 'assignment' && attribute.field === 'left';
    const use: ListUse = assigned ? { kind: 'list', node: childByField(holder, 'right') ?? attribute } : classifyListUse(model, attribute);
    if (use.kind === 'read') continue;
    const value = model.valueOf(object);
    if (value.kind === 'instance' && pipelineCalls.includes(value.call)) {
      let changes = byCall.get(value.call);
      if (!changes) byCall.set(value.call, (changes = { elements: [], lists: [], opaque: false, changed: false }));
      addUse(changes, use);
    } else if (value.kind === 'unknown' || value.kind === 'union') {
      // `self.steps.append(step)`, a pipeline returned by a function: it may be any Pipeline of the module.
      opaque = true;
    }
  }
  // A pipeline handed to a function of the user's (`add_monitoring_steps(pipeline)`) may get steps there.
  // Only names assigned a Pipeline(...) call, or assigned from such a name, can hold one.
  const pipelineNames = new Set<string>();
  const assignedNames = (value: SyntaxNode): string[] => {
    const holder = value.parent;
    if (holder?.type !== 'assignment' || value.field !== 'right') return [];
    const left = childByField(holder, 'left');
    return left?.type === 'identifier' ? [model.text(left)] : [];
  };
  for (const call of pipelineCalls) for (const name of assignedNames(call)) pipelineNames.add(name);
  for (let added = true; added; ) {
    added = false;
    for (const name of [...pipelineNames]) {
      for (const identifier of identifiersNamed(model, name)) {
        for (const alias of assignedNames(identifier)) if (!pipelineNames.has(alias)) { pipelineNames.add(alias); added = true; }
      }
    }
  }
  for (const name of pipelineNames) {
    for (const identifier of identifiersNamed(model, name)) {
      const parent = identifier.parent;
      if (parent?.type !== 'argument_list' && !(parent?.type === 'keyword_argument' && identifier.field === 'value')) continue;
      const value = model.valueOf(identifier);
      if (value.kind !== 'instance' || !pipelineCalls.includes(value.call)) continue;
      if (classifyListUse(model, identifier).kind !== 'opaque') continue;
      let changes = byCall.get(value.call);
      if (!changes) byCall.set(value.call, (changes = { elements: [], lists: [], opaque: false, changed: false }));
      addUse(changes, { kind: 'opaque' });
    }
  }
  return { opaque, get: (call) => byCall.get(call) };
}

// ---------------------------------------------------------------------------------------------------
// What ends up in a pipeline definition

/**
 * The calls that reach a pipeline definition (callsReachingPipeline), counted: how many times the walks
 * from the module's roots reach each (a call is in the set while counted), with the answers counted for
 * each statement. The next model takes it over and updates it by the statements the edit removed and
 * added and by those whose answers it dropped (SemanticModel.answersDropped): the others count the same
 * answers, the same objects. A keystroke then walks no statement list and fills no set of every call.
 */
interface PipelineReach {
  readonly counts: Map<SyntaxNode, number>;
  /** For each top-level statement with roots: its pipeline calls and the walk of each root, as counted. */
  readonly statements: Map<SyntaxNode, { readonly calls: StatementPipelineCalls; readonly reaches: readonly CallReach[] }>;
  /** The statement of each root counted. */
  readonly rootStatements: Map<SyntaxNode, SyntaxNode>;
  /** The model's store of carried answers when counted (SemanticModel.answerStore). */
  readonly answers: object;
  /** When updated from the model before's: the calls that joined or left the set. */
  readonly changed?: ReadonlySet<SyntaxNode>;
}

const pipelineReachCache = new WeakMap<SemanticModel, PipelineReach>();

/**
 * Every call whose result ends up in a pipeline definition: the step constructors, the jobs and method
 * calls they are built from (`step_args=processor.run(...)`, `estimator=...`), their inputs, outputs and
 * conditions, recursively through names; and the jobs built with a PipelineSession and their pipeline
 * methods (whose only use is to make step arguments). A job used only outside any pipeline (a plain
 * `Session`, a deploy after `pipeline.start()`) is not in it.
 */
const REACHES_PIPELINE: NodeQuery<boolean> = {
  name: 'reaches-pipeline',
  compute: (model, call) => callsReachingPipeline(model).has(call),
  // The calls that joined or left the set since the model before: a keystroke looks them up instead of
  // asking again for every call any reader asked about. Updated from the model before's counts, the
  // reach knows them; made anew, it is compared with the model before's (when its analysis made one).
  changedSince: (model, before) => {
    const now = pipelineReach(model);
    if (now.changed) return now.changed;
    const was = pipelineReachCache.get(before.model);
    if (!was) return undefined;
    // The calls in one set and not the other.
    const changed = new Set<SyntaxNode>();
    for (const call of was.counts.keys()) if (!now.counts.has(call)) changed.add(call);
    for (const call of now.counts.keys()) if (!was.counts.has(call)) changed.add(call);
    return changed;
  },
};

/** Whether a call's result ends up in a pipeline definition (callsReachingPipeline), as a node query. */
export function reachesPipeline(model: SemanticModel, call: SyntaxNode): boolean {
  return model.ask(REACHES_PIPELINE, call);
}

const IS_FIRST_STEP: NodeQuery<boolean> = {
  name: 'is-first-step',
  compute: (model, call) => pipelineGraph(model).steps[0]?.call === call,
  // Only the first step before and the first step now can have another answer, and only when they differ.
  changedSince: (model, before) => {
    const graph = cache.get(before.model);
    if (!graph) return undefined;
    const was = graph.steps[0]?.call;
    const now = pipelineGraph(model).steps[0]?.call;
    if (was === now) return [];
    const changed: SyntaxNode[] = [];
    if (was) changed.push(was);
    if (now) changed.push(now);
    return changed;
  },
};

/** Whether a call is the module's first step constructor call (where module-wide step checks run once). */
export function isFirstStep(model: SemanticModel, call: SyntaxNode): boolean {
  return model.ask(IS_FIRST_STEP, call);
}

export function callsReachingPipeline(model: SemanticModel): { has(call: SyntaxNode): boolean } {
  // A fact of the whole module, cached per model: reading it reads every statement (semantic/reads.ts).
  model.recordWholeModule();
  return pipelineReach(model).counts;
}

function pipelineReach(model: SemanticModel): PipelineReach {
  let reach = pipelineReachCache.get(model);
  if (reach) return reach;
  reach = reachAfterEdit(model) ?? reachOfModule(model);
  pipelineReachCache.set(model, reach);
  return reach;
}

/**
 * Counts every statement's roots. Every step is a root, so the walk from one root may stop at the steps it
 * meets: their own walks go on from there. Each walk and each statement's roots are taken over from the
 * model before the edit while what they read is unchanged, so even so a keystroke walks only what it changed.
 */
function reachOfModule(model: SemanticModel): PipelineReach {
  const counts = new Map<SyntaxNode, number>();
  const statementsCounted: PipelineReach['statements'] = new Map();
  const rootStatements = new Map<SyntaxNode, SyntaxNode>();
  // Indexed loops: this runs once per keystroke, rarely optimised, and an unoptimised for-of allocates an
  // iterator and a result per element (thousands of calls).
  const statements = model.tree.root.children;
  for (let s = 0; s < statements.length; s++) countStatement(model, statements[s], counts, statementsCounted, rootStatements, undefined);
  // (Read after the answers were asked for: taken over from the model before, if they were.)
  return { counts, statements: statementsCounted, rootStatements, answers: model.answerStore };
}

/**
 * The model before's reach, taken over and updated by the edit (it keeps none: asked again, it counts
 * anew), when the answers it counted were taken over whole with it; undefined otherwise.
 */
function reachAfterEdit(model: SemanticModel): PipelineReach | undefined {
  const before = model.predecessor;
  const was = before && pipelineReachCache.get(before.model);
  if (!before || !was) return undefined;
  const droppedCalls = model.answersDropped(PIPELINE_CALLS);
  const droppedWalks = model.answersDropped(CALL_REACH);
  if (!droppedCalls || !droppedWalks || model.answerStore !== was.answers) return undefined;
  pipelineReachCache.delete(before.model);
  const { counts, statements, rootStatements } = was;
  // Each call touched, with whether it was counted before the edit.
  const touched = new Map<SyntaxNode, boolean>();
  const removed = new Set(before.removed);
  // Statements taken over whose roots or walks were dropped: counted again.
  const again = new Set<SyntaxNode>();
  for (const statement of droppedCalls) if (!removed.has(statement)) again.add(statement);
  for (const root of droppedWalks) {
    const statement = rootStatements.get(root);
    if (statement && !removed.has(statement)) again.add(statement);
  }
  for (const statement of removed) uncountStatement(statement, counts, statements, rootStatements, touched);
  for (const statement of again) {
    uncountStatement(statement, counts, statements, rootStatements, touched);
    countStatement(model, statement, counts, statements, rootStatements, touched);
  }
  for (const statement of before.added) countStatement(model, statement, counts, statements, rootStatements, touched);
  const changed = new Set<SyntaxNode>();
  for (const [call, counted] of touched) if (counted !== counts.has(call)) changed.add(call);
  return { counts, statements, rootStatements, answers: model.answerStore, changed };
}

function countStatement(
  model: SemanticModel,
  statement: SyntaxNode,
  counts: Map<SyntaxNode, number>,
  statements: PipelineReach['statements'],
  rootStatements: Map<SyntaxNode, SyntaxNode>,
  touched: Map<SyntaxNode, boolean> | undefined,
): void {
  const calls = pipelineCallsOf(model, statement);
  const roots = calls.roots;
  if (!roots.length) return;
  const reaches: CallReach[] = [];
  for (let r = 0; r < roots.length; r++) {
    const reach = callReach(model, roots[r]);
    reaches.push(reach);
    rootStatements.set(roots[r], statement);
    count(counts, reach.calls, 1, touched);
  }
  statements.set(statement, { calls, reaches });
}

function uncountStatement(
  statement: SyntaxNode,
  counts: Map<SyntaxNode, number>,
  statements: PipelineReach['statements'],
  rootStatements: Map<SyntaxNode, SyntaxNode>,
  touched: Map<SyntaxNode, boolean>,
): void {
  const counted = statements.get(statement);
  if (!counted) return;
  statements.delete(statement);
  for (let r = 0; r < counted.reaches.length; r++) {
    rootStatements.delete(counted.calls.roots[r]);
    count(counts, counted.reaches[r].calls, -1, touched);
  }
}

function count(counts: Map<SyntaxNode, number>, calls: readonly SyntaxNode[], sign: 1 | -1, touched: Map<SyntaxNode, boolean> | undefined): void {
  for (let i = 0; i < calls.length; i++) {
    const call = calls[i];
    const n = counts.get(call) ?? 0;
    if (touched && !touched.has(call)) touched.set(call, n > 0);
    if (n + sign > 0) counts.set(call, n + sign);
    else counts.delete(call);
  }
}

/** The calls of one top-level statement the pipeline graph and its reach start from (see pipelineCallsOf). */
interface StatementPipelineCalls {
  /** Step constructor calls, in document order. */
  readonly steps: readonly SyntaxNode[];
  /** Pipeline(...) calls, in document order. */
  readonly pipelines: readonly SyntaxNode[];
  /**
   * The calls whose results are in a pipeline definition by what they are: step constructors, jobs
   * built with a PipelineSession, and their pipeline methods (`processor.run(...)`).
   */
  readonly roots: readonly SyntaxNode[];
}

const NO_PIPELINE_CALLS: StatementPipelineCalls = { steps: [], pipelines: [], roots: [] };

function exactly(nodes: SyntaxNode[]): readonly SyntaxNode[] {
  return nodes.length ? nodes.slice() : NO_PIPELINE_CALLS.steps;
}
const PIPELINE_CALLS = {};

/**
 * The pipeline calls of one top-level statement. It holds only syntax nodes, so the next model takes it
 * over while what it read is unchanged (model.carriedMemo): a keystroke evaluates the calls of the
 * statements it changed, not every call of the module.
 */
function pipelineCallsOf(model: SemanticModel, statement: SyntaxNode): StatementPipelineCalls {
  if (!indexOf(model, statement).calls.length) return NO_PIPELINE_CALLS;
  // (No closure: this is asked for every statement, twice a keystroke, and nearly always known.)
  return model.carriedMemo(PIPELINE_CALLS, statement, findPipelineCalls);
}

function findPipelineCalls(model: SemanticModel, statement: SyntaxNode): StatementPipelineCalls {
  const index = indexOf(model, statement);
  const steps: SyntaxNode[] = [];
  const pipelines: SyntaxNode[] = [];
  const roots: SyntaxNode[] = [];
  for (const node of index.calls) {
    const value = model.valueOf(node);
    if (value.kind !== 'instance' || value.call !== node) continue;
    // The graph's steps are the step constructor calls outside errors (stepOf, which the graph lists).
    if (isStepSymbol(value.symbol)) steps.push(node);
    else if (hasRole(value.symbol, 'pipeline')) pipelines.push(node);
  }
  for (const node of callsLastFirst(index)) {
    const value = model.valueOf(node);
    if (value.kind === 'instance' && value.call === node && (isStepSymbol(value.symbol) || (jobRole(value.symbol) && jobSession(model, value).kind === 'pipeline'))) {
      roots.push(node);
      continue;
    }
    const jobCall = jobCallOf(model, value);
    if (jobCall && jobCall.call === node && jobSession(model, jobCall.job).kind === 'pipeline' && pipelineSessionMethod(jobCall.job.symbol, jobCall.method, jobCall.generation)) roots.push(node);
  }
  // Kept while the statement is unchanged: lists copied to their exact lengths (a pushed-to array keeps 17 slots).
  return steps.length || pipelines.length || roots.length ? { steps: exactly(steps), pipelines: exactly(pipelines), roots: exactly(roots) } : NO_PIPELINE_CALLS;
}

/** What a walk from one call reaches up to the arguments of other steps (see callReach). */
interface CallReach {
  /** The calls whose results end up where the start's does: the start, and every call reached from it. */
  readonly calls: readonly SyntaxNode[];
  /** The step calls whose values or properties the walk met, the start's own visit left out. */
  readonly steps: readonly SyntaxNode[];
  /** The calls of the steps it met whose arguments it did not go into (their own walks go on from there). */
  readonly onward: readonly SyntaxNode[];
}

const CALL_REACH = {};

/**
 * The walk of forEachReachedValue from a call (a step, a job, a job's method call), stopped at the other
 * steps it meets. It holds only syntax nodes, so the next model takes it over while what it read is
 * unchanged (model.carriedMemo).
 */
export function callReach(model: SemanticModel, start: SyntaxNode): CallReach {
  // (No closure: asked for every root of the module each keystroke, and nearly always known.)
  return model.carriedMemo(CALL_REACH, start, walkCallReach);
}

function walkCallReach(model: SemanticModel, start: SyntaxNode): CallReach {
  const calls: SyntaxNode[] = [];
  const steps: SyntaxNode[] = [];
  const onward: SyntaxNode[] = [];
  const enters = (value: Extract<Value, { kind: 'instance' | 'method-call' }>): boolean => {
    if (value.kind !== 'instance' || value.call === start || !stepOf(model, value)) return true;
    onward.push(value.call);
    return false;
  };
  forEachReachedValue(model, start, (node, value) => {
    if (node.type === 'call') calls.push(node);
    if (value.kind === 'instance' || value.kind === 'method-call') calls.push(value.call);
    if (node === start) return;
    const step = value.kind === 'properties' ? value.step : value;
    if (step.kind === 'instance' && isStepSymbol(step.symbol)) steps.push(step.call);
  }, new Set(), enters);
  return { calls, steps, onward };
}

/**
 * The steps a group of steps brings into a definition: the steps whose values or properties their
 * arguments read (depends_on objects, properties, ConditionStep branches), recursively. A step that reaches
 * itself through a cycle counts as brought in.
 */
export function referencedSteps(model: SemanticModel, graph: PipelineGraph, group: Iterable<StepInfo>): Set<StepInfo> {
  const found = new Set<StepInfo>();
  const entered = new Set<SyntaxNode>();
  const queue = [...group].map((step) => step.call);
  while (queue.length) {
    const call = queue.pop()!;
    if (entered.has(call)) continue;
    entered.add(call);
    const reach = callReach(model, call);
    for (const stepCall of reach.steps) {
      const step = graph.stepAt(stepCall);
      if (step) found.add(step);
    }
    for (const next of reach.onward) queue.push(next);
  }
  return found;
}
