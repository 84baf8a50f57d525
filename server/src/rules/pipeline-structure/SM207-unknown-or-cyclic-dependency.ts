import { SyntaxNode, childByField } from '../../parse/syntaxNode';
import { closestName } from '../../api/closest';
import { plainStringValue } from '../../semantic/model';
import { SemanticModel } from '../../semantic/model';
import { StepInfo, addDependsOnCalls, isFirstStep, listElements, pipelineGraph, pipelineOf, stepOf } from '../../semantic/pipeline';
import { Fix, Rule, RuleContext } from '../types';
import { NodeQuery } from '../../semantic/reads';

interface Edge {
  readonly from: StepInfo;
  readonly to: StepInfo;
  readonly element: SyntaxNode;
}

/** depends_on elements of a step: its constructor's `depends_on=[...]` and `step.add_depends_on([...])` calls. */
function dependencyElements(model: SemanticModel, step: StepInfo): SyntaxNode[] | undefined {
  const result: SyntaxNode[] = [];
  // A call whose text does not hold the keyword has no such argument: its text is searched instead of its
  // argument nodes read one by one (the cycles are looked for in every step at every keystroke).
  if (!holdsDependsOn(model, step.call)) return result;
  const dependsOn = model.argument(step.call, 'depends_on');
  if (dependsOn) {
    const items = listElements(model, dependsOn);
    if (!items) return undefined;
    result.push(...items);
  }
  return result;
}

const DEPENDS_ON = 'depends_on';
const dependsOnPlaces = {};

/**
 * Whether the text of `node` holds `depends_on`: the word's places in the module are found once per
 * model, and each node looks for one inside it, instead of copying the text of every step call at every
 * keystroke. It reads only the node's own text: nothing is recorded.
 */
function holdsDependsOn(model: SemanticModel, node: SyntaxNode): boolean {
  const table = model.syntaxMemoTable<number[]>(dependsOnPlaces);
  let places = table.get(model.tree.root);
  if (!places) {
    places = [];
    const text = model.tree.text;
    for (let at = text.indexOf(DEPENDS_ON); at >= 0; at = text.indexOf(DEPENDS_ON, at + 1)) places.push(at);
    table.set(model.tree.root, places);
  }
  // The first place at or after the node's start.
  let low = 0;
  let high = places.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (places[middle] < node.start) low = middle + 1;
    else high = middle;
  }
  return low < places.length && places[low] + DEPENDS_ON.length <= node.end;
}

/** The steps `step.add_depends_on([...])` calls add dependencies to, with the list elements. */
function addedDependencies(model: SemanticModel): { step: StepInfo; items: SyntaxNode[] }[] {
  const graph = pipelineGraph(model);
  const found: { step: StepInfo; items: SyntaxNode[] }[] = [];
  for (const call of addDependsOnCalls(model)) {
    const object = childByField(childByField(call, 'function')!, 'object');
    const step = object ? graph.stepFor(model.valueOf(object)) : undefined;
    const list = model.argument(call, 'step_names', 0);
    const items = list ? listElements(model, list) : undefined;
    if (step && items) found.push({ step, items });
  }
  return found;
}

function checkUnknownNames(context: RuleContext, node: SyntaxNode): void {
  const { model } = context;
  const pipeline = pipelineOf(model, node);
  if (!pipeline?.members) return;
  if (pipeline.members.some((m) => m.name === undefined || m.symbol.id === 'RegisterModel' || m.symbol.id === 'EstimatorTransformer' || m.symbol.id === 'MonitorBatchTransformStep')) return;
  const names = new Set<string>();
  for (const member of pipeline.members) {
    names.add(member.name!);
    if (member.symbol.id === 'ModelStep' && member.generation === 'v2') {
      // Sub-steps of a v2 ModelStep; a RepackModel sub-step name depends on the model, so allow any.
      names.add(`${member.name}-RegisterModel`);
      names.add(`${member.name}-CreateModel`);
    }
  }
  const repackPrefixes = pipeline.members.filter((m) => m.symbol.id === 'ModelStep').map((m) => `${m.name}-RepackModel-`);
  for (const member of pipeline.members) {
    const items = dependencyElements(model, member);
    if (!items) continue;
    for (const item of items) {
      const name = plainStringValue(model.tree, item);
      if (name === undefined || names.has(name) || repackPrefixes.some((p) => name.startsWith(p))) continue;
      const closest = closestName(name, names);
      const fix: Fix | undefined = closest
        ? { title: `Depend on "${closest}"`, applicability: 'unsafe', edits: [{ start: item.start, end: item.end, newText: `${model.text(item).trimStart()[0] === "'" ? "'" : '"'}${closest}${model.text(item).trimStart()[0] === "'" ? "'" : '"'}` }] }
        : undefined;
      context.report({
        node: item,
        message: `Step "${member.name}" depends on "${name}", but ${pipeline.name !== undefined ? `pipeline "${pipeline.name}"` : 'this pipeline'} has no step of that name${closest ? ` (did you mean "${closest}"?)` : ''}. definition() raises ValueError("The input steps do not contain the step of name: ${name}"). Name an existing step, or pass the step object itself.`,
        fix,
      });
    }
  }
}

interface CycleFinding {
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

/** The findings for every depends_on cycle of the module, one per edge that closes a cycle. */
function dependencyCycles(model: SemanticModel): CycleFinding[] {
  const found: CycleFinding[] = [];
  const graph = pipelineGraph(model);
  const byName = new Map<string, StepInfo | null>();
  for (const step of graph.steps) if (step.name !== undefined) byName.set(step.name, byName.has(step.name) ? null : step);
  const edges: Edge[] = [];
  const addEdges = (step: StepInfo, items: SyntaxNode[]) => {
    for (const element of items) {
      const name = plainStringValue(model.tree, element);
      const to = name !== undefined ? byName.get(name) ?? undefined : graph.stepFor(model.valueOf(element));
      if (to) edges.push({ from: step, to, element });
    }
  };
  for (const step of graph.steps) {
    const items = dependencyElements(model, step);
    if (items) addEdges(step, items);
  }
  for (const { step, items } of addedDependencies(model)) addEdges(step, items);
  const outgoing = new Map<StepInfo, Edge[]>();
  for (const edge of edges) {
    const list = outgoing.get(edge.from) ?? [];
    list.push(edge);
    outgoing.set(edge.from, list);
  }
  // Iterative DFS; an edge to a step on the current path closes a cycle.
  const state = new Map<StepInfo, 'open' | 'done'>();
  const label = (s: StepInfo) => (s.name !== undefined ? `"${s.name}"` : s.symbol.id);
  for (const start of graph.steps) {
    if (state.has(start)) continue;
    const path: { step: StepInfo; edges: Edge[]; index: number; via?: Edge }[] = [{ step: start, edges: outgoing.get(start) ?? [], index: 0 }];
    state.set(start, 'open');
    while (path.length) {
      const top = path[path.length - 1];
      if (top.index >= top.edges.length) {
        state.set(top.step, 'done');
        path.pop();
        continue;
      }
      const edge = top.edges[top.index++];
      const status = state.get(edge.to);
      if (status === 'open') {
        const from = path.findIndex((p) => p.step === edge.to);
        const cycle = [...path.slice(from).map((p) => label(p.step)), label(edge.to)].join(' → ');
        found.push({
          start: edge.element.start,
          end: edge.element.end,
          message: `These depends_on entries form a cycle: ${cycle}. No step of the cycle can ever start; definition() does not notice, local mode raises ValueError("Cycle detected in pipeline step graph.") and the service rejects the pipeline. Remove one of the dependencies.`,
        });
      } else if (!status) {
        state.set(edge.to, 'open');
        path.push({ step: edge.to, edges: outgoing.get(edge.to) ?? [], index: 0, via: edge });
      }
    }
  }
  return found;
}

/**
 * The cycle findings as a node query asked on the module's first step: the statement that reports them
 * depends on the findings (usually none), not on every step of the module, so an edit elsewhere that
 * leaves them as they were does not run that statement's rules again.
 */
const DEPENDENCY_CYCLES: NodeQuery<string> = {
  name: 'dependency-cycles',
  compute: (model) => JSON.stringify(dependencyCycles(model)),
};

function checkCycles(context: RuleContext, node: SyntaxNode): void {
  const { model } = context;
  // Run once per module, on the first step call; other calls are turned away without reading the graph.
  if (stepOf(model, model.valueOf(node))?.call !== node || !isFirstStep(model, node)) return;
  for (const cycle of JSON.parse(model.ask(DEPENDENCY_CYCLES, node)) as CycleFinding[]) context.report(cycle);
}

export const unknownOrCyclicDependency: Rule = {
  code: 'SM207',
  name: 'unknown-or-cyclic-dependency',
  defaultSeverity: 'error',
  summary: 'depends_on names a step that is not in the pipeline, or dependencies form a cycle',
  nodeTypes: ['call'],
  check(node, context) {
    checkUnknownNames(context, node);
    checkCycles(context, node);
  },
  doc: {
    what: 'Checks the string entries of `depends_on=[...]` of every step in a `Pipeline(steps=[...])` (including ConditionStep branches) against the names of the pipeline\'s steps (and the `-RegisterModel`/`-CreateModel` sub-steps of a v2 ModelStep). It also follows `depends_on` (names and step objects) and `step.add_depends_on([...])` across the module and reports dependency cycles. It stays silent when a step name is not a literal or the steps list is not a literal list of steps.',
    why: '`definition()` resolves each name against the steps it was given and raises `ValueError("The input steps do not contain the step of name: <name>")` for an unknown one. Cycles are not detected by `definition()`: it writes both `DependsOn` entries; only the local-mode `PipelineGraph` raises `ValueError("Cycle detected in pipeline step graph.")`, and no execution can start the steps of a cycle.',
    example: [
      'from sagemaker.workflow.fail_step import FailStep',
      'from sagemaker.workflow.pipeline import Pipeline',
      '',
      'step_a = FailStep(name="Prep", error_message="a")',
      'step_b = FailStep(name="Train", error_message="b", depends_on=["Perp"])',
      'pipeline = Pipeline(name="MyPipeline", steps=[step_a, step_b])',
    ].join('\n'),
    useInstead: [
      'from sagemaker.workflow.fail_step import FailStep',
      'from sagemaker.workflow.pipeline import Pipeline',
      '',
      'step_a = FailStep(name="Prep", error_message="a")',
      'step_b = FailStep(name="Train", error_message="b", depends_on=[step_a])',
      'pipeline = Pipeline(name="MyPipeline", steps=[step_a, step_b])',
    ].join('\n'),
    fixSafety: 'Unsafe fix for an unknown name close to an existing one: replaces it with that name, which is a guess. No fix for cycles.',
    sdkVersions: 'sagemaker v2 (all versions) and v3 (all versions).',
    references: [
      'v2.257.6 src/sagemaker/workflow/_steps_compiler.py L215-235 (_simplify_step_list)',
      'v2.257.6 src/sagemaker/workflow/pipeline.py L1120 (PipelineGraph cycle check)',
      'v3 sagemaker-mlops/src/sagemaker/mlops/workflow/_steps_compiler.py L230',
    ],
  },
};
