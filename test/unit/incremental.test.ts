/**
 * Incremental analysis (analyze with `previous`): a statement keeps its findings without running rules
 * only while everything its rules read is unchanged. Each test edits one statement and checks a finding
 * of ANOTHER, unchanged statement that the edit changes: the incremental result must equal a fresh
 * analysis, and the finding must really have changed (a cache that did not invalidate would keep it).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DocumentState } from '../../server/src/lsp/documents';
import { WasmPythonParser } from '../../server/src/parse/wasmParser';
import { DEFAULT_SETTINGS } from '../../server/src/config/settings';
import { analyzeNotebook } from '../../server/src/notebook/analyzeNotebook';
import { Analysis, analyze } from '../../server/src/analysis/analyze';
import { Readers, RecordedReads } from '../../server/src/analysis/readers';
import { callsReachingPipeline, nameUses, pipelineGraph } from '../../server/src/semantic/pipeline';
import { Rule } from '../../server/src/rules/types';
import { sagemakerClientWithoutStubs } from '../../server/src/rules/environment/SM702-sagemaker-client-without-stubs';
import type { AnalyzeOptions } from '../../server/src/analysis/analyze';
import { CarriedAnswers } from '../../server/src/semantic/carriedAnswers';
import { ReadSet } from '../../server/src/semantic/reads';
import fs from 'node:fs';
import path from 'node:path';

declare const SAGELINT_ROOT: string;

let parser: WasmPythonParser;
before(async () => {
  parser = await WasmPythonParser.create();
});

const describe = (analysis: Analysis): string[] => analysis.findings.map((f) => `${f.start}-${f.end} ${f.code} ${f.message} ${JSON.stringify(f.fix ?? null)} ${f.noqaLine}`);

function analysisOf(state: DocumentState): Analysis {
  const outcome = state.analysis(parser, DEFAULT_SETTINGS);
  assert.equal(outcome.kind, 'analyzed');
  return (outcome as { analysis: Analysis }).analysis;
}

/**
 * Opens `before`, replaces the first `find` with `replace` (an incremental edit), and checks the new
 * analysis against a fresh one. Returns the codes found on the line holding `watch` before and after.
 */
function editAndCompare(text: string, find: string, replace: string, watch: string): { before: string[]; after: string[]; reused: number } {
  const state = new DocumentState('file:///incremental.py', 1, text);
  const codesAt = (analysis: Analysis) => {
    const line = analysis.lines.positionAt(analysis.tree.text.indexOf(watch)).line;
    return analysis.findings.filter((f) => analysis.lines.positionAt(f.start).line === line).map((f) => f.code);
  };
  const first = analysisOf(state);
  const beforeCodes = codesAt(first);
  const at = text.indexOf(find);
  assert.ok(at >= 0, `${find} is in the text`);
  const range = { start: state.lines.positionAt(at), end: state.lines.positionAt(at + find.length) };
  state.applyChange({ range, text: replace });
  state.version = 2;
  const incremental = analysisOf(state);
  const fresh = new DocumentState('file:///fresh.py', 1, state.text);
  const scratch = analysisOf(fresh);
  assert.deepEqual(describe(incremental), describe(scratch), 'incremental analysis equals a fresh one');
  const result = { before: beforeCodes, after: codesAt(incremental), reused: incremental.reusedStatements ?? 0 };
  state.dispose();
  fresh.dispose();
  // The edit must leave most statements to reuse, or the test would not exercise the cache.
  assert.ok(result.reused > 0, 'some statements were reused');
  return result;
}

const HEADER = [
  'import sagemaker',
  'from sagemaker.workflow.parameters import ParameterString, ParameterInteger',
  'from sagemaker.workflow.pipeline import Pipeline',
  'from sagemaker.processing import ProcessingInput, ScriptProcessor',
  'from sagemaker.workflow.steps import ProcessingStep',
  '',
  'role = "arn:aws:iam::123456789012:role/Role"',
  'other = 1',
];

test('renaming a module-level binding invalidates an unchanged statement that uses the name', () => {
  const text = [...HEADER, 'bucket = ParameterString(name="Bucket")', 'unrelated = 2', 'print(bucket)', ''].join('\n');
  const { before, after } = editAndCompare(text, 'bucket = Param', 'bucket2 = Param', 'print(bucket)');
  assert.deepEqual(before, ['SM101']);
  assert.deepEqual(after, []);
});

test('a binding added between the definition and an unchanged use invalidates the use', () => {
  const text = [...HEADER, 'bucket = ParameterString(name="Bucket")', 'other = 3', 'print(bucket)', ''].join('\n');
  const { before, after } = editAndCompare(text, 'other = 3', 'bucket = "plain"', 'print(bucket)');
  assert.deepEqual(before, ['SM101']);
  assert.deepEqual(after, []);
});

test('a binding removed between the definition and an unchanged use invalidates the use', () => {
  // The names the edit rebinds are those the removed statements bound as well as the added ones.
  const text = [...HEADER, 'bucket = ParameterString(name="Bucket")', 'bucket = "plain"', 'print(bucket)', ''].join('\n');
  const { before, after } = editAndCompare(text, 'bucket = "plain"', 'other = 3', 'print(bucket)');
  assert.deepEqual(before, []);
  assert.deepEqual(after, ['SM101']);
});

test('an import added makes an unchanged statement resolve to the SDK', () => {
  const text = ['import sagemaker', 'other = 1', 'count = ParameterInteger(name="Count")', 'print(count)', ''].join('\n');
  const { before, after } = editAndCompare(text, 'other = 1', 'from sagemaker.workflow.parameters import ParameterInteger', 'print(count)');
  assert.deepEqual(before, []);
  assert.deepEqual(after, ['SM101']);
});

test('a pipeline parameter defined later in an edit reaches an unchanged use', () => {
  const text = [...HEADER, 'threshold = 0.5', 'other = 2', 'print(threshold)', ''].join('\n');
  const { before, after } = editAndCompare(text, 'threshold = 0.5', 'threshold = ParameterString(name="T")', 'print(threshold)');
  assert.deepEqual(before, []);
  assert.deepEqual(after, ['SM101']);
});

test('statements moved past each other (the same nodes, in another order) change what a use of a name evaluates to', () => {
  // Both statements are taken over unchanged, so the binding statements of `bucket` are the same objects
  // in the same order; only the order of the use relative to them changed. The value of `bucket` in
  // print() must not be taken over from the analysis before (SemanticModel.carryValuesFrom).
  const text = [...HEADER, 'bucket = ParameterString(name="Bucket")', 'print(bucket)', 'bucket = "plain"', 'unrelated = 2', ''].join('\n');
  const { before, after } = editAndCompare(text, 'print(bucket)\nbucket = "plain"', 'bucket = "plain"\nprint(bucket)', 'print(bucket)');
  assert.deepEqual(before, ['SM101']);
  assert.deepEqual(after, []);
});

test('a name bound to Join earlier in the module changes the fix of an unchanged concatenation', () => {
  // The fix of `"s3://" + bucket` builds a Join under the first module name bound to it: the statement
  // reads which names the module binds to Join (a module fact), not the whole module, and must see a
  // new one that comes first.
  const text = [...HEADER, 'from sagemaker.workflow.functions import Join as J', 'bucket = ParameterString(name="Bucket")', 'unrelated = 2', 'uri = "s3://" + bucket + "/out"', ''].join('\n');
  const state = new DocumentState('file:///fix-reference.py', 1, text);
  const fixOf = (analysis: Analysis) => JSON.stringify(analysis.findings.find((f) => f.code === 'SM102')?.fix?.edits);
  assert.match(fixOf(analysisOf(state)), /J\(on=/, 'the fix uses the name J');
  const at = text.indexOf('other = 1');
  state.applyChange({ range: { start: state.lines.positionAt(at), end: state.lines.positionAt(at + 'other = 1'.length) }, text: 'from sagemaker.workflow.functions import Join as K' });
  state.version = 2;
  const incremental = analysisOf(state);
  assert.ok((incremental.reusedStatements ?? 0) > 0, 'some statements were reused');
  const fresh = new DocumentState('file:///fix-reference-fresh.py', 1, state.text);
  assert.deepEqual(describe(incremental), describe(analysisOf(fresh)));
  assert.match(fixOf(incremental), /K\(on=/, 'the fix uses K, bound first');
  state.dispose();
  fresh.dispose();
});

test('an opened document first analysed without recording is recorded later with the same findings, and its first edit then reuses statements', () => {
  const text = [...HEADER, 'bucket = ParameterString(name="Bucket")', 'uri = "s3://" + bucket + "/out"', 'unrelated = 2', 'print(bucket)', ''].join('\n');
  const state = new DocumentState('file:///deferred.py', 1, text);
  state.deferRecording = true;
  const first = analysisOf(state);
  assert.equal(first.reuse, undefined, 'the first analysis recorded nothing');
  assert.ok(state.awaitsRecording);
  assert.ok(first.findings.length > 0);
  assert.equal(state.recordForEdits(parser, DEFAULT_SETTINGS), false, 'the recorded analysis found the same');
  assert.ok(!state.awaitsRecording);
  const recorded = analysisOf(state);
  assert.notEqual(recorded.reuse, undefined, 'the analysis now holds what the next edit may reuse');
  assert.deepEqual(describe(recorded), describe(first));
  const at = text.indexOf('unrelated = 2');
  state.applyChange({ range: { start: state.lines.positionAt(at), end: state.lines.positionAt(at + 'unrelated = 2'.length) }, text: 'unrelated = 3' });
  state.version = 2;
  const edited = analysisOf(state);
  assert.ok((edited.reusedStatements ?? 0) > 0, 'the first edit reused statements');
  const fresh = new DocumentState('file:///deferred-fresh.py', 1, state.text);
  assert.deepEqual(describe(edited), describe(analysisOf(fresh)));
  state.dispose();
  fresh.dispose();
});

test('an opened document edited before its recording records at its first edit, and the second edit reuses statements', () => {
  const text = [...HEADER, 'bucket = ParameterString(name="Bucket")', 'uri = "s3://" + bucket + "/out"', 'unrelated = 2', ''].join('\n');
  const state = new DocumentState('file:///deferred-edited.py', 1, text);
  state.deferRecording = true;
  analysisOf(state);
  const edit = (from: string, to: string, version: number) => {
    const at = state.text.indexOf(from);
    state.applyChange({ range: { start: state.lines.positionAt(at), end: state.lines.positionAt(at + from.length) }, text: to });
    state.version = version;
    return analysisOf(state);
  };
  const firstEdit = edit('unrelated = 2', 'unrelated = 3', 2);
  assert.notEqual(firstEdit.reuse, undefined, 'an edited document records');
  assert.ok(!state.awaitsRecording);
  const secondEdit = edit('unrelated = 3', 'unrelated = 4', 3);
  assert.ok((secondEdit.reusedStatements ?? 0) > 0);
  const fresh = new DocumentState('file:///deferred-edited-fresh.py', 1, state.text);
  assert.deepEqual(describe(secondEdit), describe(analysisOf(fresh)));
  state.dispose();
  fresh.dispose();
});

const STEP = [
  'processor = ScriptProcessor(image_uri="i", command=["python3"], role=role, instance_count=1, instance_type="ml.m5.xlarge")',
  'step = ProcessingStep(name="Prep", processor=processor, inputs=[ProcessingInput(source="data/local.csv", destination="/opt/ml/processing/input")], code="s3://b/prep.py")',
  'unrelated = 2',
];

test('a step added to Pipeline(steps=[...]) changes an unchanged step statement (it now reaches a pipeline)', () => {
  const text = [...HEADER, ...STEP, 'pipeline = Pipeline(name="P", steps=[])', ''].join('\n');
  const { before, after } = editAndCompare(text, 'steps=[]', 'steps=[step]', 'step = ProcessingStep');
  assert.notDeepEqual(before, after, `the step's findings change (${before} -> ${after})`);
});

test('a step removed from Pipeline(steps=[...]) changes an unchanged step statement', () => {
  const text = [...HEADER, ...STEP, 'pipeline = Pipeline(name="P", steps=[step])', ''].join('\n');
  const { before, after } = editAndCompare(text, 'steps=[step]', 'steps=[]', 'step = ProcessingStep');
  assert.notDeepEqual(before, after, `the step's findings change (${before} -> ${after})`);
});

// The finding is on the edited statement itself; what this adds is that the unchanged step statement's
// reads (the parameter it uses) come out the same when its findings are reused.
test('a parameter added to Pipeline(parameters=[...]) is checked against the unchanged steps', () => {
  const text = [
    ...HEADER,
    'bucket = ParameterString(name="Bucket")',
    'processor = ScriptProcessor(image_uri="i", command=["python3"], role=role, instance_count=1, instance_type="ml.m5.xlarge")',
    'step = ProcessingStep(name="Prep", processor=processor, inputs=[ProcessingInput(source=bucket, destination="/opt/ml/processing/input")], code="s3://b/prep.py")',
    'unrelated = 2',
    'pipeline = Pipeline(name="P", parameters=[], steps=[step])',
    '',
  ].join('\n');
  const { before, after } = editAndCompare(text, 'parameters=[]', 'parameters=[bucket]', 'pipeline = Pipeline');
  assert.deepEqual(before, ['SM205']);
  assert.deepEqual(after, []);
});

// A walk from a step through what its arguments reach (semantic/pipeline.ts callReach) is taken over from
// the analysis before while what it read is unchanged: an edit to a list the unchanged step names must
// not leave the walk, and the findings made from it, as they were.
const TWO_STEPS = [
  'from sagemaker.workflow.fail_step import FailStep',
  'step_a = FailStep(name="A", error_message="a")',
  'step_b = FailStep(name="B", error_message="b")',
];

test('a dependency added to a list an unchanged listed step depends on brings the unlisted step in (SM210)', () => {
  const text = [...HEADER, ...TWO_STEPS, 'deps = []', 'step_c = FailStep(name="C", error_message="c", depends_on=deps)', 'unrelated = 2', 'pipeline = Pipeline(name="P", steps=[step_a, step_c])', ''].join('\n');
  const { before, after } = editAndCompare(text, 'deps = []', 'deps = [step_b]', 'step_b = FailStep');
  assert.deepEqual(before, ['SM210']);
  assert.deepEqual(after, []);
});

test('a dependency removed from a list an unchanged listed step depends on leaves the other step out (SM210)', () => {
  const text = [...HEADER, ...TWO_STEPS, 'deps = [step_b]', 'step_c = FailStep(name="C", error_message="c", depends_on=deps)', 'unrelated = 2', 'pipeline = Pipeline(name="P", steps=[step_a, step_c])', ''].join('\n');
  const { before, after } = editAndCompare(text, 'deps = [step_b]', 'deps = []', 'step_b = FailStep');
  assert.deepEqual(before, []);
  assert.deepEqual(after, ['SM210']);
});

test('renaming the listed step to the unlisted one\'s name silences SM210 on the unchanged unlisted step', () => {
  // A step rebuilt under the name of a reached one counts as reached (a notebook cell run twice).
  const text = [...HEADER, ...TWO_STEPS, 'unrelated = 2', 'pipeline = Pipeline(name="P", steps=[step_a])', ''].join('\n');
  const { before, after } = editAndCompare(text, 'name="A"', 'name="B"', 'step_b = FailStep');
  assert.deepEqual(before, ['SM210']);
  assert.deepEqual(after, []);
});

test('a dependency cycle made by an edit elsewhere is reported from the unchanged first step (SM207)', () => {
  // The first step reports the module's cycles; its statement depends on the cycle findings (a node
  // query), so an edit that makes a cycle runs it again although nothing it reads itself changed.
  const text = [...HEADER, ...TWO_STEPS, 'deps = []', 'step_c = FailStep(name="C", error_message="c", depends_on=deps)', 'unrelated = 2', 'pipeline = Pipeline(name="P", steps=[step_a, step_b, step_c])', ''].join('\n');
  const { before, after } = editAndCompare(text, 'deps = []', 'deps = ["C"]', 'deps = ');
  assert.deepEqual(before, []);
  assert.deepEqual(after, ['SM207']);
});

test('the first step replaced by another value makes the unchanged next step the first, which reports the cycles (SM207)', () => {
  // The first step reports the module's cycles. Which step is first is a node query (is-first-step) that
  // tells which answers an edit changed: the first step before and the first step now. The unchanged
  // second step, whose own cycle the first step reported, must run again to report it itself.
  const text = [
    ...HEADER,
    'from sagemaker.workflow.fail_step import FailStep',
    'step_a = FailStep(name="A", error_message="a")',
    'step_b = FailStep(name="B", error_message="b", depends_on=["B"])',
    'unrelated = 2',
    'pipeline = Pipeline(name="P", steps=[step_b])',
    '',
  ].join('\n');
  const { before, after } = editAndCompare(text, 'step_a = FailStep(name="A", error_message="a")', 'step_a = None', 'step_b = FailStep');
  assert.deepEqual(before, ['SM207']);
  assert.deepEqual(after, ['SM207']);
});

test('a step removed from Pipeline(steps=[...]) leaves the unchanged local input of that step outside any pipeline (SM515 goes)', () => {
  // The reverse of the test below: a call that leaves the set of calls reaching a pipeline changes the
  // answer of reaches-pipeline for the unchanged statement that asked about it.
  const text = [
    ...HEADER,
    'local = ProcessingInput(source="data/local.csv", destination="/opt/ml/processing/input")',
    'processor = ScriptProcessor(image_uri="i", command=["python3"], role=role, instance_count=1, instance_type="ml.m5.xlarge")',
    'step = ProcessingStep(name="Prep", processor=processor, inputs=[local], code="s3://b/prep.py")',
    'unrelated = 2',
    'pipeline = Pipeline(name="P", steps=[step])',
    'step = None',
    '',
  ].join('\n');
  const { before, after } = editAndCompare(text, 'inputs=[local]', 'inputs=[]', 'local = ProcessingInput');
  assert.deepEqual(before, ['SM515']);
  assert.deepEqual(after, []);
});

// Readers (analysis/readers.ts) indexes the records that asked a query which tells what an edit changed
// by the nodes asked about, and by the statements holding them when the record was added: a node of a
// replaced block can be taken over under a new parent, and the record must still be reached when the
// statement that held the node is removed.
test('a record that asked an indexed query is reached when that node\'s answer changed or its statement was removed, and is not checked one by one', () => {
  type Node = { parent?: Node; name: string };
  const root: Node = { name: 'module' };
  const first: Node = { parent: root, name: 'first' };
  const second: Node = { parent: root, name: 'second' };
  const inFirst: Node = { parent: first, name: 'call in first' };
  const inSecond: Node = { parent: second, name: 'call in second' };
  const told = { name: 'told', compute: () => false, changedSince: () => undefined };
  const untold = { name: 'untold', compute: () => false };
  const recordOf = (queries: Map<unknown, Map<Node, boolean>>): RecordedReads =>
    ({ statements: new Map(), names: new Map(), facts: new Map(), queries, files: new Map(), wholeModule: false }) as unknown as RecordedReads;
  const asksFirst = recordOf(new Map([[told, new Map([[inFirst, true]])]]));
  const asksSecond = recordOf(new Map([[told, new Map([[inSecond, false]])]]));
  const asksUntold = recordOf(new Map([[untold, new Map([[inSecond, false]])]]));
  const readers = Readers.of([asksFirst, asksSecond, asksUntold]);
  assert.deepEqual(readers.checkedOneByOne, new Set([asksUntold]));
  const nothingChanged = () => [];
  assert.deepEqual(readers.reachedBy([], [], () => 0, nothingChanged), new Set());
  const onlyInSecond = () => [inSecond as never];
  assert.deepEqual(readers.reachedBy([], [], () => 0, onlyInSecond), new Set([asksSecond]));
  assert.deepEqual(readers.reachedBy([], [], () => 0, () => undefined), new Set([asksFirst, asksSecond]));
  // The node is taken over under another statement: the record is still found by the one it was in.
  inFirst.parent = second;
  assert.deepEqual(readers.reachedBy([first as never], [], () => 0, nothingChanged), new Set([asksFirst]));
  readers.remove(asksFirst);
  readers.remove(asksSecond);
  assert.deepEqual(readers.reachedBy([first as never, second as never], [], () => 0, () => undefined), new Set());
  assert.deepEqual(readers.indexed(), new Set([asksUntold]));
});

test('an input list an unchanged step reads, edited to hold a local input, makes the unchanged input reach the pipeline (SM515)', () => {
  const text = [
    ...HEADER,
    'local = ProcessingInput(source="data/local.csv", destination="/opt/ml/processing/input")',
    'inputs = []',
    'processor = ScriptProcessor(image_uri="i", command=["python3"], role=role, instance_count=1, instance_type="ml.m5.xlarge")',
    'step = ProcessingStep(name="Prep", processor=processor, inputs=inputs, code="s3://b/prep.py")',
    'unrelated = 2',
    'pipeline = Pipeline(name="P", steps=[step])',
    '',
  ].join('\n');
  const { before, after } = editAndCompare(text, 'inputs = []', 'inputs = [local]', 'local = ProcessingInput');
  assert.deepEqual(before, []);
  assert.deepEqual(after, ['SM515']);
});

// The carried answers of the pipeline walks (semantic/carriedAnswers.ts) are taken over whole by the next
// model, less those that read what the edit changed: a name it binds, a statement it removed, a module
// fact whose value is now another. Each test below changes only one of these for the answers involved.
test('a name bound by an added statement reaches the carried walk of an unchanged step that looked it up unbound (SM210)', () => {
  const text = [...HEADER, ...TWO_STEPS, 'unrelated = 2', 'step_c = FailStep(name="C", error_message="c", depends_on=deps)', 'pipeline = Pipeline(name="P", steps=[step_a, step_c])', ''].join('\n');
  const { before, after } = editAndCompare(text, 'unrelated = 2', 'deps = [step_b]', 'step_b = FailStep');
  assert.deepEqual(before, ['SM210']);
  assert.deepEqual(after, []);
});

test('x.sagemaker_session assigned in an added statement (a module fact) changes the carried pipeline calls of unchanged statements (SM515 goes)', () => {
  const text = [
    ...HEADER,
    'from sagemaker.workflow.pipeline_context import PipelineSession',
    'session = PipelineSession()',
    'processor = ScriptProcessor(image_uri="i", command=["python3"], role=role, instance_count=1, instance_type="ml.m5.xlarge", sagemaker_session=session)',
    'local = ProcessingInput(source="data/local.csv", destination="/opt/ml/processing/input")',
    'args = processor.run(code="s3://b/prep.py", inputs=[local])',
    'unrelated = 2',
    '',
  ].join('\n');
  const { before, after } = editAndCompare(text, 'unrelated = 2', 'other.sagemaker_session = None', 'local = ProcessingInput');
  assert.deepEqual(before, ['SM515']);
  assert.deepEqual(after, []);
});

test('carried answers taken over whole keep only those whose reads hold after the edit', () => {
  type Node = { parent?: Node };
  const root: Node = {};
  const [kept, removed, other] = [{ parent: root }, { parent: root }, { parent: root }];
  const inKept: Node = { parent: kept };
  const fact = { name: 'a fact', compute: () => 1 };
  const readSet = (fill: (reads: ReadSet) => void) => {
    const reads = new ReadSet();
    fill(reads);
    return reads;
  };
  const table = {};
  const store = new CarriedAnswers();
  const entries = {
    readsNothingChanged: { answer: 1, reads: readSet((r) => (r.addStatement(other as never), r.addName('same'), r.addFact(fact, 1))) },
    readsRemoved: { answer: 2, reads: readSet((r) => r.addStatement(removed as never)) },
    readsRebound: { answer: 3, reads: readSet((r) => r.addName('rebound')) },
    readsChangedFact: { answer: 4, reads: readSet((r) => r.addFact(fact, 0)) },
    readsWholeModule: { answer: 5, reads: readSet((r) => (r.wholeModule = true)) },
    recordedNothing: { answer: 6 },
  };
  const nodes = Object.keys(entries).map(() => ({ parent: inKept }) as Node);
  Object.values(entries).forEach((entry, i) => store.set({ table, node: nodes[i] as never, ...entry }));
  const onRemoved: Node = { parent: removed };
  store.set({ table, node: onRemoved as never, answer: 7, reads: readSet(() => {}) });
  store.carryOver([removed as never], new Set(['rebound']), () => 1);
  const left = Object.values(entries).map((entry, i) => store.get(table, nodes[i] as never)?.answer === entry.answer);
  assert.deepEqual(left, [true, false, false, false, false, false]);
  assert.equal(store.get(table, onRemoved as never), undefined, 'an answer for a node of a removed statement is dropped');
  assert.equal(store.size, 1);
});

/**
 * Edits one document several times in a row (each edit replaces the first `find` with `replace`), and
 * checks each incremental analysis against a fresh one. Returns each analysis.
 */
function editChain(text: string, edits: readonly { find: string; replace: string }[]): Analysis[] {
  const state = new DocumentState('file:///chain.py', 1, text);
  const analyses = [analysisOf(state)];
  for (const { find, replace } of edits) {
    const at = state.text.indexOf(find);
    assert.ok(at >= 0, `${find} is in the text`);
    state.applyChange({ range: { start: state.lines.positionAt(at), end: state.lines.positionAt(at + find.length) }, text: replace });
    state.version++;
    const incremental = analysisOf(state);
    const fresh = new DocumentState('file:///fresh.py', 1, state.text);
    assert.deepEqual(describe(incremental), describe(analysisOf(fresh)), `after ${find} -> ${replace}: incremental analysis equals a fresh one`);
    fresh.dispose();
    analyses.push(incremental);
  }
  state.dispose();
  return analyses;
}

// Which reused statements an edit can have changed comes from an index of who read what (analysis/
// readers.ts), kept up to date across edits: only those are asked again, and the index must follow each
// edit (a record left out of it would be kept when what it read changed).
test('a mid-file edit checks only the statements that read what it changed, and the index of readers follows a chain of edits', () => {
  const stages = Array.from({ length: 30 }, (_, i) => [`p_${i} = ParameterString(name="P${i}")`, `print(p_${i})`, `u_${i} = ${i}`]).flat();
  const text = [...HEADER, ...stages, 'pipeline = Pipeline(name="P", parameters=[p_0], steps=[])', ''].join('\n');
  const sm101 = (analysis: Analysis) => analysis.findings.filter((f) => f.code === 'SM101').length;
  const [first, inString, renamed, usedAgain, back] = editChain(text, [
    { find: 'name="P15"', replace: 'name="P15x"' },
    // The print of p_15 reads a name the edit rebinds: it must run again (its SM101 goes).
    { find: 'p_15 = ', replace: 'q_15 = ' },
    { find: 'u_15 = 15', replace: 'u_15 = q_15' },
    { find: 'q_15 = ', replace: 'p_15 = ' },
  ]);
  assert.equal(sm101(first), 30);
  assert.equal(sm101(inString), 30);
  assert.equal(sm101(renamed), 29);
  assert.equal(sm101(usedAgain), 29);
  assert.equal(sm101(back), 30);
  // About 100 statements are reused at each edit; without the index every one of them is checked.
  for (const analysis of [inString, renamed, usedAgain, back]) {
    assert.ok((analysis.reusedStatements ?? 0) > 80, `statements reused (${analysis.reusedStatements})`);
    assert.ok((analysis.checkedStatements ?? 0) <= 3, `statements checked one by one (${analysis.checkedStatements})`);
  }
  // The index holds the records of the last analysis that read anything, and no record of an earlier one
  // (those would keep old syntax trees alive).
  const reuse = (back as unknown as { reuse: { records: Map<unknown, RecordedReads>; readers: Readers<RecordedReads> } }).reuse;
  const reading = [...reuse.records.values()].filter((r) => r.statements.size || r.names.size || r.facts.size || r.queries.size || r.files.size || r.wholeModule);
  assert.ok(reading.length > 60, `records that read something (${reading.length})`);
  assert.deepEqual(reuse.readers.indexed(), new Set(reading));
});

// A step's StepInfo (its name and SDK generation) is taken over from the model before the edit
// (semantic/pipeline.ts stepOf): an import that makes the unchanged step a v3 step must give it a new one.
test('an import edited to the v3 module makes an unchanged step a v3 step (SM213 says TypeError, not ignored)', () => {
  const text = [
    'from sagemaker.workflow.steps import ProcessingStep',
    'from sagemaker.workflow.pipeline import Pipeline',
    'unrelated = 2',
    'prep = ProcessingStep(name="Prep", step_args=args, code="prep.py")',
    'pipeline = Pipeline(name="P", steps=[prep])',
    '',
  ].join('\n');
  const [first, edited] = editChain(text, [{ find: 'from sagemaker.workflow.steps', replace: 'from sagemaker.mlops.workflow.steps' }]);
  const sm213 = (analysis: Analysis) => analysis.findings.filter((f) => f.code === 'SM213').map((f) => f.message);
  assert.match(sm213(first).join(), /silently ignored/);
  assert.match(sm213(edited).join(), /The v3 ProcessingStep has no `code=`/);
  assert.ok((edited.reusedStatements ?? 0) > 0, 'some statements were reused');
});

// Module facts computed from the imports or the statements' own syntax are taken over from the model before
// an edit that replaced no statement holding an import, or setting x.sagemaker_session (ModuleFact.unchangedBy):
// such a statement nested in a compound one, or removed, must make them computed again.
test('an import nested in an added try block makes the module a v3 one for an unchanged import (SM606: the facts of the imports are computed again)', () => {
  const text = [
    'import sagemaker',
    'from sagemaker.workflow.pipeline import Pipeline',
    'unrelated = 2',
    'count = 3',
    'pipeline = Pipeline(name="P", steps=[])',
    '',
  ].join('\n');
  const [first, edited] = editChain(text, [{ find: 'unrelated = 2', replace: 'try:\n    from sagemaker.mlops.workflow.steps import ProcessingStep\nexcept ImportError:\n    raise' }]);
  const sm606 = (analysis: Analysis) => analysis.findings.filter((f) => f.code === 'SM606').map((f) => analysis.tree.text.slice(f.start, f.end));
  assert.deepEqual(sm606(first), []);
  assert.deepEqual(sm606(edited), ['sagemaker.workflow.pipeline']);
  assert.ok((edited.reusedStatements ?? 0) > 0, 'some statements were reused');
});

test('x.sagemaker_session assigned in a removed statement (a module fact) brings SM515 back on an unchanged statement', () => {
  const text = [
    ...HEADER,
    'from sagemaker.workflow.pipeline_context import PipelineSession',
    'session = PipelineSession()',
    'processor = ScriptProcessor(image_uri="i", command=["python3"], role=role, instance_count=1, instance_type="ml.m5.xlarge", sagemaker_session=session)',
    'local = ProcessingInput(source="data/local.csv", destination="/opt/ml/processing/input")',
    'args = processor.run(code="s3://b/prep.py", inputs=[local])',
    'if other:',
    '    other.sagemaker_session = None',
    '',
  ].join('\n');
  const { before, after } = editAndCompare(text, 'if other:\n    other.sagemaker_session = None', 'unrelated = 2', 'local = ProcessingInput');
  assert.deepEqual(before, []);
  assert.deepEqual(after, ['SM515']);
});

// The calls reaching a pipeline are counted per statement and taken over by the next model, updated by the
// statements the edit removed and added and those whose pipeline calls or walks it dropped (semantic/
// pipeline.ts reachAfterEdit): after each edit of a chain they must be a fresh analysis's, call by call.
test('the calls reaching a pipeline, updated edit by edit, are those of a fresh analysis', () => {
  const text = [
    ...HEADER,
    'from sagemaker.workflow.pipeline_context import PipelineSession',
    'session = PipelineSession()',
    'processor = ScriptProcessor(image_uri="i", command=["python3"], role=role, instance_count=1, instance_type="ml.m5.xlarge", sagemaker_session=session)',
    'local = ProcessingInput(source="data/local.csv", destination="/opt/ml/processing/input")',
    'args = processor.run(code="s3://b/prep.py", inputs=[local])',
    'unrelated = 2',
    'step = ProcessingStep(name="S", step_args=args)',
    'pipeline = Pipeline(name="P", steps=[step])',
    '',
  ].join('\n');
  const reaching = (analysis: Analysis): string[] => {
    const reached = callsReachingPipeline(analysis.model!);
    const found: string[] = [];
    const stack = [analysis.tree.root];
    while (stack.length) {
      const node = stack.pop()!;
      if (node.type === 'call' && reached.has(node)) found.push(`${node.start} ${analysis.tree.textOf(node)}`);
      stack.push(...node.children);
    }
    return found.sort();
  };
  const state = new DocumentState('file:///reach.py', 1, text);
  const seen = [reaching(analysisOf(state))];
  const edits = [
    { find: 'unrelated = 2', replace: 'unrelated = ProcessingInput(source="s3://b/x", destination="/opt/ml/processing/x")' },
    { find: 'step_args=args)', replace: 'step_args=args2)' },
    { find: 'unrelated = ProcessingInput(source="s3://b/x", destination="/opt/ml/processing/x")', replace: 'args2 = processor.run(code="s3://b/other.py")' },
    { find: 'session = PipelineSession()', replace: 'session = sagemaker.Session()' },
    { find: 'step_args=args2)', replace: 'step_args=args)' },
    { find: 'session = sagemaker.Session()', replace: 'session = PipelineSession()' },
  ];
  for (const { find, replace } of edits) {
    const at = state.text.indexOf(find);
    assert.ok(at >= 0, `${find} is in the text`);
    state.applyChange({ range: { start: state.lines.positionAt(at), end: state.lines.positionAt(at + find.length) }, text: replace });
    state.version++;
    const incremental = analysisOf(state);
    assert.ok((incremental.reusedStatements ?? 0) > 0, `statements were reused after ${find} -> ${replace}`);
    const fresh = new DocumentState('file:///reach-fresh.py', 1, state.text);
    const now = reaching(incremental);
    assert.deepEqual(now, reaching(analysisOf(fresh)), `after ${find} -> ${replace}: the calls reaching the pipeline are a fresh analysis's`);
    assert.deepEqual(describe(incremental), describe(analysisOf(fresh)), `after ${find} -> ${replace}: incremental analysis equals a fresh one`);
    fresh.dispose();
    seen.push(now);
  }
  state.dispose();
  assert.ok(new Set(seen.map((calls) => calls.length)).size >= 3, `the edits change which calls reach the pipeline (${seen.map((calls) => calls.length)})`);
});

// The pipeline graph lists the statements with steps of the model before, less the removed ones, plus the
// added ones and those whose pipeline calls the edit dropped (semantic/pipeline.ts statementsWithGraphCalls).
test('a name bound by an added statement makes an unchanged call a step that the pipeline graph lists (SM210)', () => {
  const text = [...HEADER, ...TWO_STEPS, 'unrelated = 2', 'step_x = Alias(name="X", error_message="x")', 'pipeline = Pipeline(name="P", steps=[step_a, step_b])', ''].join('\n');
  const { before, after } = editAndCompare(text, 'unrelated = 2', 'Alias = FailStep', 'step_x = Alias');
  assert.deepEqual(before, []);
  assert.deepEqual(after, ['SM210']);
});

test('a step call rebound to another callee leaves the pipeline graph (SM210 goes)', () => {
  const text = [...HEADER, ...TWO_STEPS, 'Alias = FailStep', 'step_x = Alias(name="X", error_message="x")', 'pipeline = Pipeline(name="P", steps=[step_a, step_b])', ''].join('\n');
  const { before, after } = editAndCompare(text, 'Alias = FailStep', 'Alias = print', 'step_x = Alias');
  assert.deepEqual(before, ['SM210']);
  assert.deepEqual(after, []);
});

test('the pipeline graph after an edit lists its steps in document order, as a fresh analysis does', () => {
  const text = [...HEADER, TWO_STEPS[0], 'unrelated = 2', ...TWO_STEPS.slice(1), 'other = 3', 'pipeline = Pipeline(name="P", steps=[step_a, step_b])', ''].join('\n');
  const names = (analysis: Analysis) => pipelineGraph(analysis.model!).steps.map((step) => step.name);
  const [, first, second] = editChain(text, [
    { find: 'unrelated = 2', replace: 'step_z = FailStep(name="Z", error_message="z")' },
    { find: 'other = 3', replace: 'step_y = FailStep(name="Y", error_message="y")' },
  ]);
  const fresh = (analysis: Analysis) => {
    const state = new DocumentState('file:///graph-fresh.py', 1, analysis.tree.text);
    const result = names(analysisOf(state));
    state.dispose();
    return result;
  };
  assert.deepEqual(names(first), ['Z', 'A', 'B']);
  assert.deepEqual(names(first), fresh(first));
  assert.deepEqual(names(second), ['Z', 'A', 'B', 'Y']);
  assert.deepEqual(names(second), fresh(second));
  assert.ok((second.reusedStatements ?? 0) > 0, 'statements were reused');
});

// The next analysis takes the name uses of the one before over and changes them in place
// (semantic/pipeline.ts nameUses): the analysis before must not be left with the new version's counts.
test('name uses taken over by the next analysis are the new version\'s, and the analysis before counts its own again', () => {
  const text = [...HEADER, 'steps = []', 'steps.append(1)', 'x = 1', 'pipeline = Pipeline(name="P", steps=steps)', ''].join('\n');
  const snapshot = (analysis: Analysis) => {
    const uses = nameUses(analysis.model!);
    return JSON.stringify([[...uses.mutated].sort(), [...uses.counts].sort()]);
  };
  const state = new DocumentState('file:///uses.py', 1, text);
  const first = analysisOf(state);
  const firstUses = snapshot(first);
  const at = text.indexOf('x = 1');
  state.applyChange({ range: { start: state.lines.positionAt(at), end: state.lines.positionAt(at + 5) }, text: 'x = steps[0]' });
  state.version = 2;
  const second = analysisOf(state);
  assert.ok((second.reusedStatements ?? 0) > 0, 'statements were reused');
  const fresh = new DocumentState('file:///uses-fresh.py', 1, state.text);
  assert.equal(snapshot(second), snapshot(analysisOf(fresh)));
  assert.notEqual(snapshot(second), firstUses, 'the edit changed the uses');
  assert.equal(snapshot(first), firstUses);
  state.dispose();
  fresh.dispose();
});

test('an edit inside a comment reuses every statement and the module rules, with moved findings', () => {
  const text = ['# header', ...HEADER, 'bucket = ParameterString(name="Bucket")', 'print(bucket)', '# end', ''].join('\n');
  const { before, after, reused } = editAndCompare(text, '# header', '# a longer header comment', 'print(bucket)');
  assert.deepEqual(before, ['SM101']);
  assert.deepEqual(after, ['SM101']);
  assert.ok(reused >= HEADER.length, `statements reused (${reused})`);
});

test('a notebook cell edit reaches a later, unchanged cell', () => {
  const cells = [
    { index: 0, text: HEADER.join('\n') },
    { index: 1, text: 'bucket = ParameterString(name="Bucket")\n' },
    { index: 2, text: 'other = 5\nprint(bucket)\n' },
  ];
  const first = analyzeNotebook(parser, cells, DEFAULT_SETTINGS, { incremental: true });
  assert.deepEqual(first.findings.map((f) => `${f.cell} ${f.code}`), ['2 SM101']);
  cells[1] = { index: 1, text: 'bucket = "s3://plain"\n' };
  const incremental = analyzeNotebook(parser, cells, DEFAULT_SETTINGS, undefined, first.analysis);
  const fresh = analyzeNotebook(parser, cells, DEFAULT_SETTINGS);
  assert.ok((incremental.analysis?.reusedStatements ?? 0) > 0, 'the unchanged cells reused statements');
  assert.deepEqual(incremental.findings, fresh.findings);
  assert.deepEqual(incremental.findings.map((f) => `${f.cell} ${f.code}`), []);
});

test('a LambdaStep added under an unchanged Lambda(timeout=700) gives the Lambda statement its SM223 finding', () => {
  const text = [
    'from sagemaker.lambda_helper import Lambda',
    'from sagemaker.workflow.lambda_step import LambdaStep',
    'role = "arn:aws:iam::123456789012:role/Role"',
    'func = Lambda(function_name="f", execution_role_arn=role, script="f.py", handler="f.handler", timeout=700)',
    'other = 1',
    'step = None',
    '',
  ].join('\n');
  const { before, after } = editAndCompare(text, 'step = None', 'step = LambdaStep(name="F", lambda_func=func)', 'func = Lambda');
  assert.deepEqual(before, []);
  assert.deepEqual(after, ['SM223']);
});

test('output.app_managed = True added after an unchanged ProcessingOutput(feature_store_output=...) silences its SM526', () => {
  const text = [
    'from sagemaker.processing import FeatureStoreOutput, ProcessingOutput',
    'out = ProcessingOutput(output_name="c", feature_store_output=FeatureStoreOutput(feature_group_name="c-fg"))',
    'other = 1',
    'step = None',
    '',
  ].join('\n');
  const { before, after } = editAndCompare(text, 'step = None', 'out.app_managed = True', 'out = ProcessingOutput');
  assert.deepEqual(before, ['SM526']);
  assert.deepEqual(after, []);
});

/** How often `pattern` (global) occurs in each server source file that has it, by path from the project root. */
function countInServerSources(pattern: RegExp): Record<string, number> {
  const found: Record<string, number> = {};
  const stack = [path.join(SAGELINT_ROOT, 'server/src')];
  while (stack.length) {
    const dir = stack.pop()!;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) stack.push(file);
      else if (entry.name.endsWith('.ts')) {
        const count = (fs.readFileSync(file, 'utf8').match(pattern) ?? []).length;
        if (count) found[path.relative(SAGELINT_ROOT, file)] = count;
      }
    }
  }
  return found;
}

/**
 * A per-model cache kept outside the model (a WeakMap keyed by it) answers a second reader without
 * the reads the first one recorded: such a reader's findings would be reused when they should not be.
 * Each one must be behind model.recordWholeModule(), model.fact or model.ask (semantic/reads.ts).
 */
test('per-model caches outside the semantic model are the known ones, behind recorded accessors', () => {
  const known: Record<string, number> = {
    // pipelineGraph (and the statements it lists), nameUses, identifiersNamed, callsReachingPipeline,
    // addDependsOnCalls: each calls recordWholeModule().
    'server/src/semantic/pipeline.ts': 6,
    // Read only inside model.ask (monkeypatched) and model.fact (fileImportsModule).
    'server/src/rules/migrations/attributeChains.ts': 2,
  };
  const found = countInServerSources(/WeakMap<SemanticModel\b/g);
  assert.deepEqual(found, known, 'a new per-model cache: make it a model.fact / model.ask, or record its reads, then list it here');
});

test('caches kept with syntax nodes across analyses are the known ones', () => {
  // A node taken over by the next tree keeps what these caches hold for it, under another model: they may
  // hold only what the node's own subtree determines (what it binds, its calls and identifiers).
  const known: Record<string, number> = {
    'server/src/semantic/scopes.ts': 1,
    'server/src/semantic/statementIndex.ts': 1,
    'server/src/analysis/noqa.ts': 1,
  };
  const found = countInServerSources(/WeakMap<SyntaxNode\b/g);
  assert.deepEqual(found, known, 'a new cache keyed by syntax node: it must hold only what the node\'s subtree determines; then list it here');
});

test("an unchanged statement's findings keep their finished objects across an edit, while their noqa line and edit stay the same", () => {
  const text = [...HEADER, 'bucket = ParameterString(name="Bucket")', 'print(bucket)', 'x = 1', ''].join('\n');
  const state = new DocumentState('file:///finished.py', 1, text);
  const full = (analysis: Analysis) => JSON.stringify(analysis.findings);
  const fresh = () => {
    const scratch = new DocumentState('file:///finished-fresh.py', 1, state.text);
    const result = full(analysisOf(scratch));
    scratch.dispose();
    return result;
  };
  let version = 1;
  const edit = (at: number, removed: number, inserted: string): Analysis => {
    state.applyChange({ range: { start: state.lines.positionAt(at), end: state.lines.positionAt(at + removed) }, text: inserted });
    state.version = ++version;
    const analysis = analysisOf(state);
    assert.equal(full(analysis), fresh(), `after inserting ${JSON.stringify(inserted)}: the same findings, noqa lines and edits as a fresh analysis`);
    return analysis;
  };
  const first = analysisOf(state);
  const finding = () => first.findings.find((f) => f.code === 'SM101')!;
  assert.ok(finding(), 'print(bucket) is reported');
  // A comment line typed at the end: nothing before it moved, so the finding is the object it was.
  const appended = edit(state.text.length, 0, '# note\n');
  assert.equal(appended.findings.find((f) => f.code === 'SM101'), finding());
  // White space typed after `print(bucket)`: the statement is the same, its noqa edit is not (it replaces the white space).
  const lineEnd = state.text.indexOf('print(bucket)') + 'print(bucket)'.length;
  const spaced = edit(lineEnd, 0, '   ');
  const moved = spaced.findings.find((f) => f.code === 'SM101')!;
  assert.notEqual(moved, finding());
  assert.deepEqual([moved.noqaEdit.start, moved.noqaEdit.end], [lineEnd, lineEnd + 3]);
  // A noqa comment for another code on that line: the edit now extends it.
  const extended = edit(lineEnd + 3, 0, '# noqa: SM999').findings.find((f) => f.code === 'SM101')!;
  assert.equal(extended.noqaEdit.newText, '# noqa: SM999, SM101');
  // One for every code: the finding is suppressed.
  assert.equal(edit(lineEnd + 3, '# noqa: SM999'.length, '# noqa').findings.find((f) => f.code === 'SM101'), undefined);
  state.dispose();
});

test('a statement that no longer starts its line (the line break before it became a semicolon) loses the fix it had there', () => {
  // SM606's fix rewrites the import as lines of their own, so it is withheld when code precedes the
  // statement on its line. The statement is the same text at the same offset: its record must not keep the fix.
  const text = ['from sagemaker.train import ModelTrainer', 'x = 1', 'from sagemaker.workflow.pipeline_context import PipelineSession', 'y = 2', ''].join('\n');
  const state = new DocumentState('file:///semicolon.py', 1, text);
  const fixOf = (analysis: Analysis) => analysis.findings.find((f) => f.code === 'SM606')?.fix?.title;
  assert.equal(fixOf(analysisOf(state)), 'Import from sagemaker.core.workflow.pipeline_context');
  const at = text.indexOf('x = 1') + 'x = 1'.length;
  state.applyChange({ range: { start: state.lines.positionAt(at), end: state.lines.positionAt(at + 1) }, text: ';' });
  state.version = 2;
  const incremental = analysisOf(state);
  const fresh = new DocumentState('file:///semicolon-fresh.py', 1, state.text);
  assert.deepEqual(describe(incremental), describe(analysisOf(fresh)), 'incremental analysis equals a fresh one');
  assert.equal(incremental.findings.some((f) => f.code === 'SM606'), true);
  assert.equal(fixOf(incremental), undefined);
  assert.ok((incremental.reusedStatements ?? 0) > 0, 'some statements were reused');
  state.dispose();
  fresh.dispose();
});

test('a notebook with a syntax error in one cell: the other cells keep their findings, and an edit beside the error equals a fresh analysis', () => {
  const cells = [
    { index: 0, text: [...HEADER, 'from sagemaker.train import ModelTrainer'].join('\n') },
    { index: 1, text: 'bucket = ParameterString(name="Bucket")\nprint(bucket)\n' },
    { index: 2, text: 'def f(:\n    pass\n' },
    { index: 3, text: 'from sagemaker.workflow.pipeline_context import PipelineSession\nprint(bucket)\n' },
  ];
  const codes = (result: ReturnType<typeof analyzeNotebook>) => result.findings.map((f) => `${f.cell} ${f.code} ${f.fix?.title ?? ''}`);
  let previous = analyzeNotebook(parser, cells, DEFAULT_SETTINGS, { incremental: true }).analysis;
  const edit = (cell: number, text: string) => {
    cells[cell] = { index: cell, text };
    const incremental = analyzeNotebook(parser, cells, DEFAULT_SETTINGS, { incremental: true }, previous);
    const fresh = analyzeNotebook(parser, cells, DEFAULT_SETTINGS);
    assert.deepEqual(incremental.findings, fresh.findings, `after editing cell ${cell}: the findings of a fresh analysis`);
    previous = incremental.analysis;
    return incremental;
  };
  // An edit in the cell with the error: the other cells' statements are taken over with their findings.
  const beside = edit(2, 'def f(:\n    passs\n');
  assert.ok((beside.analysis?.reusedStatements ?? 0) > 0, 'statements of the other cells were reused');
  assert.ok(codes(beside).includes('3 SM606 Import from sagemaker.core.workflow.pipeline_context'), 'the import in the last cell has its fix');
  // `return ` typed before the import (the statement-beside-error repro, in a cell): its fix is withheld, as a fresh analysis does.
  const typed = edit(3, 'return from sagemaker.workflow.pipeline_context import PipelineSession\nprint(bucket)\n');
  assert.deepEqual(typed.findings.filter((f) => f.cell === 3 && f.code === 'SM606' && f.fix), []);
});

/**
 * Edits at the end of a module or in its comments change no statement: the analysis takes over the
 * records, the statement list, the statements' starts and the f-strings' replacement fields of the one
 * before as they are. Each is kept only while it is right: these edits make each of them wrong once.
 */
function endEditor(text: string, options?: () => AnalyzeOptions) {
  const state = new DocumentState('file:///end-edits.py', 1, text);
  state.analyzeOptions = options;
  let version = 1;
  const check = (label: string): Analysis => {
    const analysis = analysisOf(state);
    const fresh = new DocumentState('file:///end-edits-fresh.py', 1, state.text);
    fresh.analyzeOptions = options;
    assert.deepEqual(describe(analysis), describe(analysisOf(fresh)), `${label}: incremental analysis equals a fresh one`);
    fresh.dispose();
    return analysis;
  };
  const edit = (at: number, removed: number, inserted: string): Analysis => {
    state.applyChange({ range: { start: state.lines.positionAt(at), end: state.lines.positionAt(at + removed) }, text: inserted });
    state.version = ++version;
    return check(`after inserting ${JSON.stringify(inserted)} at ${at}`);
  };
  return { state, first: check('first analysis'), edit, append: (line: string) => edit(state.text.length, 0, line) };
}

test('an f-string fix after a comment line typed above it is fitted to the moved replacement field (fields are kept only at the same starts)', () => {
  const text = 'from sagemaker.workflow.parameters import ParameterString\nbucket = ParameterString(name="B")\nx = f"{upload(f\'{bucket}\')=!s}"\n';
  const editor = endEditor(text);
  const joinFix = (analysis: Analysis) => analysis.findings.find((f) => f.code === 'SM101' && f.fix?.title.includes('Join'))?.fix;
  const requoted = (analysis: Analysis) => joinFix(analysis)?.edits.map((e) => e.newText).join('');
  assert.match(requoted(editor.first) ?? '', /on=''/, 'the fix is requoted to the quote the field allows');
  // Nothing moves: the fields of the analysis before are right.
  assert.match(requoted(editor.append('# note\n')) ?? '', /on=''/);
  // Every statement moves: fields at the old offsets would leave the fix outside any field, not requoted.
  const moved = editor.edit(0, 0, '# a comment line on top\n');
  assert.match(requoted(moved) ?? '', /on=''/, 'the moved fix is requoted too');
  editor.append('# another note\n');
  editor.state.dispose();
});

test('a record made again at an edit that changes no statement is the one kept for the next edit (the map before is not kept then)', () => {
  // SM702 reads the text: typing a comment that names the stubs makes its record again, without the finding.
  // A later edit that changes a statement must start from that record, not from the one before the comment.
  const editor = endEditor('import boto3\n\nprint(boto3.client("sagemaker"))\nx = 1\n', () => ({ environment: sagemakerClientWithoutStubs.exampleEnvironment }));
  const sm702 = (analysis: Analysis) => analysis.findings.filter((f) => f.code === 'SM702').length;
  assert.equal(sm702(editor.first), 1);
  assert.equal(sm702(editor.append('# typed with mypy_boto3_sagemaker\n')), 0);
  const at = editor.state.text.indexOf('x = 1') + 'x = '.length;
  assert.equal(sm702(editor.edit(at, 1, '2')), 0, 'still silenced after a statement edit');
  editor.state.dispose();
});

test('a rule that checks comments still sees a comment line typed at the end (top-level comments are walked only for such rules)', () => {
  const todo: Rule = {
    code: 'SM990', name: 'todo-comment', defaultSeverity: 'warning', summary: 'TODO comment.', nodeTypes: ['comment'],
    doc: { what: '', why: '', example: '', useInstead: '', fixSafety: '', sdkVersions: '', references: [] },
    check(node, context) {
      if (context.tree.textOf(node).includes('TODO')) context.report({ node, message: 'A TODO is left.' });
    },
  };
  const editor = endEditor('import sagemaker\nsession = sagemaker.Session()\n', () => ({ rules: [todo] }));
  assert.deepEqual(editor.first.findings.map((f) => f.code), []);
  assert.deepEqual(editor.append('# TODO: more\n').findings.map((f) => f.code), ['SM990']);
  assert.deepEqual(editor.append('# done\n').findings.map((f) => f.code), ['SM990']);
  editor.state.dispose();
});

// A mid-file edit takes the records of the analysis before over in place (analyze.ts takeRecords): the
// records of the statements it removed must leave the map (else each keystroke leaves its replaced
// statement's record, with its syntax tree, in the map for good), and the analysis before is spent.
test('the records taken over in place by mid-file edits hold only the current statements, and the analysis before is not reused', () => {
  const stages = Array.from({ length: 20 }, (_, i) => [`p_${i} = ParameterString(name="P${i}")`, `print(p_${i})`]).flat();
  const text = [...HEADER, ...stages, 'pipeline = Pipeline(name="P", parameters=[p_0], steps=[])', ''].join('\n');
  const edits = [
    { find: 'name="P7"', replace: 'name="P7x"' },
    // A statement split in two, then the two joined again, then one removed.
    { find: 'print(p_9)', replace: 'print(p_9)\nprint(p_9, 1)' },
    { find: 'print(p_9)\nprint(p_9, 1)', replace: 'print(p_9, 2)' },
    { find: 'print(p_11)\n', replace: '' },
    { find: 'name="P12"', replace: 'name=12' },
  ];
  // (The map is handed on along the chain: each chain's last analysis is the one that holds it.)
  for (let k = 1; k <= edits.length; k++) {
    const analysis = editChain(text, edits.slice(0, k))[k];
    assert.ok((analysis.reusedStatements ?? 0) > 30, `statements reused (${analysis.reusedStatements})`);
    const records = (analysis as unknown as { reuse: { records: Map<unknown, unknown> } }).reuse.records;
    const current = new Set<unknown>(analysis.tree.root.children);
    const stale = [...records.keys()].filter((statement) => !current.has(statement)).length;
    assert.equal(stale, 0, `records of statements no longer in the module, after edit ${k}`);
  }
  // Analysed again from the spent analysis before, nothing is reused (its records are the next one's now).
  const first = parser.parse(text)!;
  const one = analyze(first.toSyntaxTree(text), DEFAULT_SETTINGS, undefined, { parser, incremental: true });
  const edited = text.replace('name="P7"', 'name="P7x"');
  const second = parser.parse(edited)!;
  const tree = second.toSyntaxTree(edited, one.tree);
  const two = analyze(tree, DEFAULT_SETTINGS, undefined, { parser, incremental: true, previous: one });
  assert.ok((two.reusedStatements ?? 0) > 30);
  const again = analyze(tree, DEFAULT_SETTINGS, undefined, { parser, incremental: true, previous: one });
  assert.equal(again.reusedStatements, 0, 'a spent analysis is not reused');
  assert.deepEqual(describe(again), describe(two));
  first.free();
  second.free();
});

// The `x.add_depends_on(...)` calls of the module are handed on from the model before while an edit
// neither adds nor removes one (semantic/pipeline.ts addDependsOnCalls): one typed, edited or removed
// must change the cycles SM207 reports on the unchanged first step.
test('an add_depends_on call typed, edited and removed elsewhere changes the dependency cycles an unchanged step reports (SM207)', () => {
  const text = [
    'from sagemaker.workflow.fail_step import FailStep',
    'from sagemaker.workflow.pipeline import Pipeline',
    'step_a = FailStep(name="A", error_message="a")',
    'step_b = FailStep(name="B", error_message="b", depends_on=[step_a])',
    'unrelated = 1',
    'pipeline = Pipeline(name="P", steps=[step_a, step_b])',
    '',
  ].join('\n');
  const cycles = (analysis: Analysis) => analysis.findings.filter((f) => f.code === 'SM207').length;
  const [first, edited, typed, renamed, away] = editChain(text, [
    { find: 'unrelated = 1', replace: 'unrelated = 2' },
    { find: 'unrelated = 2', replace: 'step_a.add_depends_on([step_b])' },
    { find: 'step_a.add_depends_on([step_b])', replace: 'step_a.add_depends_on([step_a])' },
    { find: 'step_a.add_depends_on([step_a])', replace: 'unrelated = 3' },
  ]);
  assert.equal(cycles(first), 0);
  assert.equal(cycles(edited), 0);
  assert.ok(cycles(typed) > 0, 'the cycle step_a -> step_b -> step_a is reported');
  assert.ok(cycles(renamed) > 0, 'step_a depending on itself is a cycle');
  assert.equal(cycles(away), 0);
});
