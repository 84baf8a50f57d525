/**
 * Inputs that used to cost quadratic time, at sizes where the old code took minutes and the new takes
 * well under a second here. The tests check the results at that size and print the time each took; they
 * assert no time (speed lives in the benchmark): wall-clock bounds failed on a machine at load 24-28,
 * however generous. A return to quadratic behaviour shows as a suite that takes minutes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mentionsSagelint, parsePyproject } from '../../server/src/config/pyproject';
import { parseRequirement, parseRequirementsText } from '../../server/src/environment/declared';
import { chooseFixes, applyEdits } from '../../server/src/cli/fix';
import { nonOverlappingSafeEdits } from '../../server/src/lsp/server';
import { noqaLine } from '../../server/src/analysis/noqa';
import { analyze, AnalyzedFinding } from '../../server/src/analysis/analyze';
import { DEFAULT_SETTINGS } from '../../server/src/config/settings';
import { LineIndex } from '../../server/src/text/lineIndex';
import { parsePython } from '../helpers/python';

/** Runs `run` and prints how long it took (for the reader of the test log; nothing is asserted on it). */
function timed<T>(what: string, run: () => T): T {
  const started = performance.now();
  const result = run();
  console.log(`  ${what}: ${(performance.now() - started).toFixed(0)} ms`);
  return result;
}

test('scaling: 40,000 bad keys under [tool.sagelint.severity] (each problem located once; was 33 s for 20,000)', () => {
  const text = `[tool.sagelint.severity]\n${Array.from({ length: 40_000 }, (_, i) => `K${i} = "warning"`).join('\n')}\n`;
  const config = timed('40,000 severity keys', () => parsePyproject(text, 'pyproject.toml'))!;
  assert.equal(config.unknownCodes.length, 40_000);
  assert.match(config.unknownCodes[39_999], /^pyproject\.toml:40001: "severity" has the key "K39999"/);
});

test('scaling: a pyproject.toml of a million blank lines (line starts scanned once)', () => {
  const text = `${'\n'.repeat(1_000_000)}x = 1\n`;
  assert.equal(timed('1,000,000 blank lines', () => mentionsSagelint(text)), false);
});

test('scaling: a requirements line with 200,000 spaces (was 2 s for 20,000, quadratic)', () => {
  const spaces = ' '.repeat(200_000);
  const text = `boto3${spaces}==1.35.0\nx${spaces}--hash=sha256:0 \\\n>${spaces}z\n`;
  const lines = timed('200,000 spaces', () => parseRequirementsText(text));
  assert.deepEqual(lines.map((l) => l.requirement?.replace(/ +/g, ' ')), ['boto3 ==1.35.0', 'x', '> z']);
  assert.deepEqual(timed('parse the requirement', () => parseRequirement(lines[0].requirement!)), { name: 'boto3', extras: [], version: '1.35.0', exact: '1.35.0' });
});

test('scaling: choosing and applying 100,000 fixes (each edit checked against its neighbours, the text copied once)', () => {
  const unit = 'instance_type="m5.large"\n';
  const text = unit.repeat(100_000);
  const findings = Array.from({ length: 100_000 }, (_, i): AnalyzedFinding => {
    const start = i * unit.length + 'instance_type="'.length;
    const edit = { start, end: start, newText: 'ml.' };
    return { code: 'SM501', message: '', severity: 'error', start, end: start + 8, fix: { title: 'x', applicability: 'safe', edits: [edit] }, noqaLine: i, noqaEdit: edit };
  });
  // A duplicate of each fix (two findings fixed by one edit) and an overlapping one are not applied twice.
  const doubled = findings.flatMap((f) => [f, { ...f, code: 'SM502' }]);
  const chosen = timed('choose 200,000 fixes', () => chooseFixes(doubled, false));
  assert.equal(chosen.edits.length, 100_000);
  assert.equal(chosen.fixed.length, 200_000);
  const fixed = timed('apply 100,000 edits', () => applyEdits(text, chosen.edits));
  assert.equal(fixed, 'instance_type="ml.m5.large"\n'.repeat(100_000));
  assert.equal(timed('fix-all in the editor', () => nonOverlappingSafeEdits(doubled)).length, 100_000);
});

test('scaling: the noqa line of 150,000 findings in one module (a binary search per finding)', async () => {
  // One name per line: the cheapest module with 150,000 statements to parse.
  const text = 'x\n'.repeat(150_000);
  const tree = await parsePython(text);
  const lines = new LineIndex(text);
  timed('150,000 noqa lines', () => {
    for (let i = 0; i < 150_000; i += 1) assert.equal(noqaLine(tree, lines, i * 2), i);
  });
});

test('scaling: 5,000 steps chained by depends_on and properties (each call walked once per rule)', async () => {
  const lines = [
    'from sagemaker.workflow.pipeline import Pipeline',
    'from sagemaker.workflow.steps import ProcessingStep',
    'from sagemaker.workflow.parameters import ParameterString',
    'from sagemaker.processing import Processor, ProcessingInput',
    'from sagemaker.workflow.pipeline_context import PipelineSession',
    'session = PipelineSession()',
    'p = ParameterString(name="P")',
    'q = ParameterString(name="Q")',
    'proc = Processor(role="arn:aws:iam::111122223333:role/r", image_uri="i", instance_count=1, instance_type="ml.m5.large", sagemaker_session=session)',
    's0 = ProcessingStep(name="step0", step_args=proc.run(inputs=[], outputs=[], arguments=[q]))',
  ];
  const n = 5_000;
  for (let i = 1; i < n; i++) {
    lines.push(`s${i} = ProcessingStep(name="step${i}", depends_on=[s${i - 1}], step_args=proc.run(inputs=[ProcessingInput(source=s${i - 1}.properties.ProcessingOutputConfig.Outputs["o"].S3Output.S3Uri, destination="/opt/ml/processing/in")], outputs=[], arguments=[p]))`);
  }
  // Only the last step is listed: the others come in through it, and q (used by the first) is missing.
  lines.push(`pipeline = Pipeline(name="x", parameters=[p], steps=[s${n - 1}])`, 'orphan = ProcessingStep(name="orphan", step_args=proc.run(inputs=[], outputs=[]))');
  const tree = await parsePython(`${lines.join('\n')}\n`);
  const analysis = timed(`${n} chained steps`, () => analyze(tree, DEFAULT_SETTINGS));
  assert.deepEqual(analysis.ruleErrors, []);
  const codes = analysis.findings.map((f) => f.code).filter((c) => c === 'SM205' || c === 'SM210');
  assert.deepEqual(codes, ['SM205', 'SM210'], 'q is missing from parameters, the orphan step from the pipeline');
});
