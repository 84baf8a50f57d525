import { childByField } from '../../parse/syntaxNode';
import { SemanticModel } from '../../semantic/model';
import { StepInfo, pipelineGraph, referencedSteps } from '../../semantic/pipeline';
import { Rule } from '../types';

/** The name a step is assigned to (`step_b = FailStep(...)`), if it is assigned to a plain name. */
function boundVariable(model: SemanticModel, step: StepInfo): string | undefined {
  const parent = step.call.parent;
  if (parent?.type !== 'assignment' || step.call.field !== 'right') return undefined;
  const left = childByField(parent, 'left');
  return left?.type === 'identifier' ? model.text(left) : undefined;
}

export const stepNotInPipeline: Rule = {
  code: 'SM210',
  name: 'step-not-in-pipeline',
  defaultSeverity: 'warning',
  summary: 'A step is built but not reachable from Pipeline(steps=[...]): the SDK silently leaves it out',
  nodeTypes: ['module'],
  check(_node, context) {
    const { model } = context;
    const graph = pipelineGraph(model);
    if (!graph.pipelines.length || graph.pipelines.some((p) => !p.mayHold)) return;
    const scopes = new Set(graph.pipelines.map((p) => model.scopes.scopeOf(p.call)));
    // The walk from the listed steps is transitive: everything it finds is reached.
    const reached = referencedSteps(model, graph, graph.pipelines.flatMap((p) => p.mayHold!));
    for (const pipeline of graph.pipelines) for (const step of pipeline.mayHold!) reached.add(step);
    // A step rebuilt under the name of a reached one (a notebook cell run twice: `step_b = FailStep(name="B")`
    // again after the ConditionStep that lists the first) is that step as far as the user is concerned;
    // so is one whose name is not a literal, rebuilt under the variable of a reached one with no literal name.
    const reachedNames = new Set<string | undefined>([...reached].map((s) => s.name));
    const reachedVariables = new Set<string | undefined>([...reached].filter((s) => s.name === undefined).map((s) => boundVariable(model, s)));
    reachedNames.delete(undefined);
    reachedVariables.delete(undefined);
    const candidates = graph.steps.filter(
      (s) =>
        !reached.has(s) &&
        scopes.has(model.scopes.scopeOf(s.call)) &&
        !reachedNames.has(s.name) &&
        !(s.name === undefined && reachedVariables.has(boundVariable(model, s))),
    );
    if (!candidates.length) return;
    // Report only the roots: steps no other unreached step brings in.
    const brought = referencedSteps(model, graph, candidates);
    for (const step of candidates) {
      if (brought.has(step)) continue;
      const pipelineName = graph.pipelines.length === 1 && graph.pipelines[0].name !== undefined ? `pipeline "${graph.pipelines[0].name}"` : 'any Pipeline(...) of this module';
      context.report({
        node: childByField(step.call, 'function') ?? step.call,
        message: `This ${step.symbol.id} is in no pipeline, so it never runs: add it to steps=[...], or delete it. ${step.symbol.id}${step.name !== undefined ? ` "${step.name}"` : ''} is built but is not part of ${pipelineName}: it is not in steps=[...], not in a ConditionStep branch, and no listed step depends on it or reads its properties. The SDK silently leaves it out of the definition.`,
      });
    }
  },
  doc: {
    what: 'Finds steps built in the same scope as the module\'s `Pipeline(...)` calls that none of them reaches: not listed in `steps=[...]`, not added later (`pipeline.steps = [...]`, `pipeline.steps.append(...)`, `.extend`, `+=` on the pipeline\'s list or on the named list passed in), not inside a listed ConditionStep\'s branches, and not brought in by a listed step through `depends_on` or by reading its properties. It stays silent unless every Pipeline\'s steps, and every change made to them, are known steps; a step rebuilt under the name or variable of a reached one (a notebook cell run twice) counts as reached; only the first step of a dropped chain is reported.',
    why: 'The SDK builds the definition from `steps=` (plus ConditionStep branches and the steps they reference); anything else is silently left out, with no warning. The step — often a registration or a quality check that was forgotten in the list — never runs.',
    example: [
      'from sagemaker.workflow.fail_step import FailStep',
      'from sagemaker.workflow.pipeline import Pipeline',
      '',
      'step_a = FailStep(name="A", error_message="a")',
      'step_b = FailStep(name="B", error_message="b")',
      'pipeline = Pipeline(name="P", steps=[step_a])',
    ].join('\n'),
    useInstead: [
      'from sagemaker.workflow.fail_step import FailStep',
      'from sagemaker.workflow.pipeline import Pipeline',
      '',
      'step_a = FailStep(name="A", error_message="a")',
      'step_b = FailStep(name="B", error_message="b")',
      'pipeline = Pipeline(name="P", steps=[step_a, step_b])',
    ].join('\n'),
    fixSafety: 'No automatic fix: the step may be meant for another pipeline, or be dead code.',
    sdkVersions: 'sagemaker v2 (all versions) and v3 (all versions).',
    references: ['v2.257.6 src/sagemaker/workflow/_steps_compiler.py (StepsCompiler: steps are compiled from the list and their references)', 'v3 sagemaker-mlops/src/sagemaker/mlops/workflow/_steps_compiler.py'],
  },
};
