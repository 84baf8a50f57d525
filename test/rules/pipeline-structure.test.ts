import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeText, applyEdits, parsePython, withExampleScripts, syntaxProblems } from '../helpers/python';
import type { AnalyzeOptions } from '../../server/src/analysis/analyze';
import { fixAll } from '../helpers/fixes';
import { RULES } from '../../server/src/rules/registry';
import { hoverAt } from '../../server/src/features/hover';

declare const SAGELINT_ROOT: string;
const fixturesDir = path.join(SAGELINT_ROOT, 'test/fixtures/rules');

/** Applies every fix of one rule (others off) and returns the result, checked to parse and to be clean of the rule. */
async function fixed(code: string, text: string): Promise<{ text: string; titles: string[] }> {
  const result = await fixAll(text, { select: [code] });
  assert.ok(result.applied.length > 0, `${code}: no fix applied`);
  assert.deepEqual(syntaxProblems(await parsePython(result.text)), []);
  const left = (await analyzeText(result.text, { select: [code] })).findings;
  assert.deepEqual(left.map((f) => f.message), [], `${code} still fires after its fixes:\n${result.text}`);
  return { text: result.text, titles: result.applied.map((a) => a.title) };
}

async function codesOf(text: string, code: string, options?: AnalyzeOptions): Promise<number> {
  return (await analyzeText(text, { select: [code] }, options)).findings.length;
}

test('every registered SM2xx rule has firing and silent fixtures', () => {
  for (const rule of RULES.filter((r) => r.code.startsWith('SM2'))) {
    const dir = path.join(fixturesDir, rule.code);
    assert.ok(fs.existsSync(dir), `${rule.code} has no fixture folder`);
    const names = fs.readdirSync(dir).filter((n) => n.endsWith('.py'));
    assert.ok(names.some((n) => n.startsWith('silent_')), `${rule.code} has no silent fixture`);
    assert.ok(names.some((n) => !n.startsWith('silent_')), `${rule.code} has no firing fixture`);
  }
});

const V2_PROCESSOR = [
  'from sagemaker.sklearn.processing import SKLearnProcessor',
  'from sagemaker.workflow.steps import ProcessingStep',
  '',
  'processor = SKLearnProcessor(',
  '    framework_version="1.2-1",',
  '    role="r",',
  '    instance_type="ml.m5.xlarge",',
  '    instance_count=1,',
  ')',
  'step = ProcessingStep(name="Prep", step_args=processor.run(code="prep.py"))',
  '',
].join('\n');

test('SM201 fix creates a PipelineSession, imports it and passes it (multi-line call)', async () => {
  const { text } = await fixed('SM201', V2_PROCESSOR);
  assert.equal(
    text,
    [
      'from sagemaker.sklearn.processing import SKLearnProcessor',
      'from sagemaker.workflow.steps import ProcessingStep',
      'from sagemaker.workflow.pipeline_context import PipelineSession',
      '',
      'pipeline_session = PipelineSession()',
      'processor = SKLearnProcessor(',
      '    framework_version="1.2-1",',
      '    role="r",',
      '    instance_type="ml.m5.xlarge",',
      '    instance_count=1,',
      '    sagemaker_session=pipeline_session,',
      ')',
      'step = ProcessingStep(name="Prep", step_args=processor.run(code="prep.py"))',
      '',
    ].join('\n'),
  );
});

test('SM201 fix reuses an existing PipelineSession and replaces a plain session (unsafe)', async () => {
  const input = [
    'import sagemaker',
    'from sagemaker.estimator import Estimator',
    'from sagemaker.workflow.pipeline_context import PipelineSession',
    'from sagemaker.workflow.steps import TrainingStep',
    '',
    'ps = PipelineSession()',
    'a = Estimator(image_uri="i", role="r", instance_type="ml.m5.xlarge", instance_count=1)',
    'b = Estimator(image_uri="i", role="r", instance_type="ml.m5.xlarge", instance_count=1, sagemaker_session=sagemaker.Session())',
    'TrainingStep(name="A", step_args=a.fit())',
    'TrainingStep(name="B", step_args=b.fit())',
    '',
  ].join('\n');
  const findings = (await analyzeText(input, { select: ['SM201'] })).findings;
  assert.deepEqual(findings.map((f) => f.fix?.applicability), ['safe', 'unsafe']);
  const { text } = await fixed('SM201', input);
  assert.match(text, /instance_count=1, sagemaker_session=ps\)\nb = /);
  assert.match(text, /instance_count=1, sagemaker_session=ps\)\nTrainingStep/);
});

test('SM205 fix adds missing parameters to the list, or creates parameters=[...]', async () => {
  const header = [
    'from sagemaker.workflow.fail_step import FailStep',
    'from sagemaker.workflow.functions import Join',
    'from sagemaker.workflow.parameters import ParameterString',
    'from sagemaker.workflow.pipeline import Pipeline',
    '',
    'a = ParameterString(name="A")',
    'b = ParameterString(name="B")',
    'fail = FailStep(name="Fail", error_message=Join(on=" ", values=[a, b]))',
  ].join('\n');
  assert.equal((await fixed('SM205', `${header}\np = Pipeline(name="P", parameters=[a], steps=[fail])\n`)).text, `${header}\np = Pipeline(name="P", parameters=[a, b], steps=[fail])\n`);
  assert.equal((await fixed('SM205', `${header}\np = Pipeline(name="P", steps=[fail])\n`)).text, `${header}\np = Pipeline(name="P", steps=[fail], parameters=[a, b])\n`);
  assert.equal((await fixed('SM205', `${header}\np = Pipeline(name="P", parameters=[], steps=[fail])\n`)).text, `${header}\np = Pipeline(name="P", parameters=[a, b], steps=[fail])\n`);
});

test('SM206 renames invalid step and pipeline names (unsafe); no fix for duplicates', async () => {
  const input = [
    'from sagemaker.workflow.fail_step import FailStep',
    'from sagemaker.workflow.pipeline import Pipeline',
    '',
    "f = FailStep(name='Fail here', error_message='x')",
    'p = Pipeline(name="my_pipeline.v2", steps=[f])',
    '',
  ].join('\n');
  const { text } = await fixed('SM206', input);
  assert.match(text, /name='Fail-here'/);
  assert.match(text, /name="my-pipeline-v2"/);
  const dup = 'from sagemaker.workflow.fail_step import FailStep\nfrom sagemaker.workflow.pipeline import Pipeline\n\na = FailStep(name="X", error_message="x")\nb = FailStep(name="X", error_message="y")\np = Pipeline(name="P", steps=[a, b])\n';
  const findings = (await analyzeText(dup, { select: ['SM206'] })).findings;
  assert.equal(findings.length, 1);
  assert.equal(findings[0].fix, undefined);
});

test('SM206: the step rename takes its references by name along and says which strings it leaves; invalid + duplicate is one finding naming both', async () => {
  const input = 'from sagemaker.workflow.fail_step import FailStep\nfrom sagemaker.workflow.pipeline import Pipeline\n\na = FailStep(name="Eval Model", error_message="x")\nb = FailStep(name="B", error_message="y", depends_on=["Eval Model"])\nstatus = {"Eval Model": "done"}\np = Pipeline(name="P", steps=[a, b])\n';
  const [finding] = (await analyzeText(input, { select: ['SM206'] })).findings;
  assert.equal(finding.fix?.title, 'Rename the step to "Eval-Model" and its 1 reference by name (1 other "Eval Model" string left as it is: check it)');
  assert.equal(applyEdits(input, finding.fix!.edits).match(/Eval-Model/g)?.length, 2);
  const dup = 'from sagemaker.workflow.fail_step import FailStep\nfrom sagemaker.workflow.pipeline import Pipeline\n\na = FailStep(name="Prep Data", error_message="x")\nb = FailStep(name="Prep Data", error_message="y")\np = Pipeline(name="P", steps=[a, b])\n';
  const findings = (await analyzeText(dup, { select: ['SM206'] })).findings;
  assert.equal(findings.length, 2);
  assert.doesNotMatch(findings[0].message, /also named/);
  assert.match(findings[1].message, /contains " "[\s\S]*Another step of pipeline "P" is also named "Prep Data": definition\(\) raises ValueError/);
});

test('SM207 replaces an unknown depends_on name with the closest step name', async () => {
  const input = 'from sagemaker.workflow.fail_step import FailStep\nfrom sagemaker.workflow.pipeline import Pipeline\n\na = FailStep(name="Prepare", error_message="x")\nb = FailStep(name="Train", error_message="y", depends_on=["Prepair"])\np = Pipeline(name="P", steps=[a, b])\n';
  assert.match((await fixed('SM207', input)).text, /depends_on=\["Prepare"\]/);
});

test('SM208 rewrites comparisons to condition classes and imports them', async () => {
  const input = [
    'from sagemaker.workflow.condition_step import ConditionStep',
    'from sagemaker.workflow.parameters import ParameterString',
    '',
    'mode = ParameterString(name="Mode")',
    'c = ConditionStep(name="C", conditions=[mode == "a", mode != "b", mode not in ["c"]], if_steps=[])',
    '',
  ].join('\n');
  const { text } = await fixed('SM208', input);
  assert.equal(
    text,
    [
      'from sagemaker.workflow.condition_step import ConditionStep',
      'from sagemaker.workflow.parameters import ParameterString',
      'from sagemaker.workflow.conditions import ConditionEquals',
      'from sagemaker.workflow.conditions import ConditionNot',
      'from sagemaker.workflow.conditions import ConditionIn',
      '',
      'mode = ParameterString(name="Mode")',
      'c = ConditionStep(name="C", conditions=[ConditionEquals(left=mode, right="a"), ConditionNot(expression=ConditionEquals(left=mode, right="b")), ConditionNot(expression=ConditionIn(value=mode, in_values=["c"]))], if_steps=[])',
      '',
    ].join('\n'),
  );
  // SM103 no longer reports the comparisons SM208 owns.
  assert.equal(await codesOf(input, 'SM103'), 0);
});

test('SM208 uses v3 import paths in a v3 module', async () => {
  const input = 'from sagemaker.mlops.workflow.condition_step import ConditionStep\nfrom sagemaker.core.workflow.parameters import ParameterInteger\n\nn = ParameterInteger(name="N")\nc = ConditionStep(name="C", conditions=[n > 3], if_steps=[])\n';
  assert.match((await fixed('SM208', input)).text, /from sagemaker\.core\.workflow\.conditions import ConditionGreaterThan\n[\s\S]*conditions=\[ConditionGreaterThan\(left=n, right=3\)\]/);
});

test('SM211 passes the parameter itself', async () => {
  const input = [
    'from sagemaker.sklearn.processing import SKLearnProcessor',
    'from sagemaker.workflow.parameters import ParameterInteger',
    'from sagemaker.workflow.pipeline_context import PipelineSession',
    '',
    'count = ParameterInteger(name="Count", default_value=1)',
    'n = count.default_value',
    'p = SKLearnProcessor(framework_version="1.2-1", role="r", instance_type="ml.m5.xlarge", instance_count=n, volume_size_in_gb=count.default_value, sagemaker_session=PipelineSession())',
    '',
  ].join('\n');
  assert.match((await fixed('SM211', input)).text, /instance_count=count, volume_size_in_gb=count, sagemaker_session/);
});

test('SM213 removes legacy arguments next to step_args', async () => {
  const input = [
    'from sagemaker.sklearn.processing import SKLearnProcessor',
    'from sagemaker.workflow.pipeline_context import PipelineSession',
    'from sagemaker.workflow.steps import ProcessingStep',
    '',
    'p = SKLearnProcessor(framework_version="1.2-1", role="r", instance_type="ml.m5.xlarge", instance_count=1, sagemaker_session=PipelineSession())',
    'step = ProcessingStep(name="Prep", processor=p, step_args=p.run(code="a.py"), code="a.py")',
    '',
  ].join('\n');
  assert.match((await fixed('SM213', input)).text, /step = ProcessingStep\(name="Prep", step_args=p\.run\(code="a\.py"\)\)/);
});

test('SM214 wraps a boto3 session in a PipelineSession when the module builds steps, else in a Session', async () => {
  const withSteps = 'import boto3\nfrom sagemaker.estimator import Estimator\nfrom sagemaker.workflow.steps import TrainingStep\n\nb = boto3.Session()\ne = Estimator(image_uri="i", role="r", instance_type="ml.m5.xlarge", instance_count=1, sagemaker_session=b)\n';
  assert.match((await fixed('SM214', withSteps)).text, /from sagemaker\.workflow\.pipeline_context import PipelineSession\n[\s\S]*sagemaker_session=PipelineSession\(boto_session=b\)\)/);
  const plain = 'import boto3\nfrom sagemaker.estimator import Estimator\n\ne = Estimator(image_uri="i", role="r", instance_type="ml.m5.xlarge", instance_count=1, sagemaker_session=boto3.client("sagemaker"))\n';
  assert.match((await fixed('SM214', plain)).text, /from sagemaker\.session import Session\n[\s\S]*sagemaker_session=Session\(sagemaker_client=boto3\.client\("sagemaker"\)\)\)/);
});

test('SM203 rewrites legacy TrainingStep and ProcessingStep forms to step_args when the job has a PipelineSession', async () => {
  const input = [
    'from sagemaker.estimator import Estimator',
    'from sagemaker.sklearn.processing import SKLearnProcessor',
    'from sagemaker.workflow.pipeline_context import PipelineSession',
    'from sagemaker.workflow.steps import ProcessingStep, TrainingStep',
    '',
    'ps = PipelineSession()',
    'e = Estimator(image_uri="i", role="r", instance_type="ml.m5.xlarge", instance_count=1, sagemaker_session=ps)',
    'p = SKLearnProcessor(framework_version="1.2-1", role="r", instance_type="ml.m5.xlarge", instance_count=1, sagemaker_session=ps)',
    't = TrainingStep(name="T", estimator=e, inputs="s3://b/train")',
    's = ProcessingStep(',
    '    name="P",',
    '    processor=p,',
    '    code="prep.py",',
    '    job_arguments=["--x", "1"],',
    ')',
    '',
  ].join('\n');
  const messages = (await analyzeText(input, { select: ['SM203'] })).findings.map((f) => f.message);
  assert.ok(messages.some((m) => m.includes('Build an estimator with sagemaker_session=PipelineSession()')), messages.join('\n'));
  assert.ok(messages.some((m) => m.includes('Build a processor with sagemaker_session=PipelineSession()')), messages.join('\n'));
  const { text } = await fixed('SM203', input);
  assert.match(text, /t = TrainingStep\(name="T", step_args=e\.fit\(inputs="s3:\/\/b\/train"\)\)/);
  assert.match(text, /s = ProcessingStep\(\n    name="P",\n    step_args=p\.run\(code="prep\.py", arguments=\["--x", "1"\]\),\n\)/);
  // The rewritten code is accepted by the other structure rules.
  assert.equal(await codesOf(text, 'SM2'), 0);
  // Without a PipelineSession there is no fix: the rewrite would start a job now.
  const plain = input.replace(/, sagemaker_session=ps\)/g, ')');
  for (const finding of (await analyzeText(plain, { select: ['SM203'] })).findings) assert.equal(finding.fix, undefined);
});

test('each SM2xx doc example triggers its rule and the "use instead" code does not', async () => {
  for (const rule of RULES.filter((r) => r.code.startsWith('SM2'))) {
    assert.deepEqual(syntaxProblems(await parsePython(rule.doc.example)), [], `${rule.code} example does not parse`);
    await withExampleScripts(rule, async (options) => {
      assert.ok((await codesOf(rule.doc.example, rule.code, options)) > 0, `${rule.code}: its example does not trigger it`);
      assert.equal(await codesOf(rule.doc.useInstead, rule.code, options), 0, `${rule.code}: its "use instead" code triggers it`);
    });
  }
});

test('hovers on sessions, steps and Pipeline explain the trap and show a generation-specific example', async () => {
  const hover = async (text: string, word: string, occurrence = 1) => {
    const analysis = await analyzeText(text);
    let at = -1;
    for (let i = 0; i < occurrence; i++) at = text.indexOf(word, at + 1);
    return hoverAt(analysis, at + 1)?.markdown ?? '';
  };
  const v2 = 'from sagemaker.workflow.pipeline_context import PipelineSession\nfrom sagemaker.workflow.steps import ProcessingStep\nfrom sagemaker.workflow.pipeline import Pipeline\nfrom sagemaker.workflow.fail_step import FailStep\n\ns = PipelineSession()\nstep = ProcessingStep(name="P", step_args=x)\nf = FailStep(name="F")\np = Pipeline(name="p", steps=[step])\n';
  assert.match(await hover(v2, 'PipelineSession(', 1), /\*\*Trap:\*\*[\s\S]*sagemaker\.workflow\.pipeline_context/);
  assert.match(await hover(v2, 'ProcessingStep(', 1), /processor\.run/);
  assert.match(await hover(v2, 'Pipeline(', 1), /upsert/);
  assert.match(await hover(v2, 'FailStep(', 1), /Stops the execution/);
  const v3 = 'from sagemaker.core.workflow.pipeline_context import PipelineSession\nfrom sagemaker.core.helper.session_helper import Session\n\ns = PipelineSession()\nt = Session()\n';
  assert.match(await hover(v3, 'PipelineSession(', 1), /sagemaker\.core\.workflow\.pipeline_context import PipelineSession\n\npipeline_session/);
  assert.match(await hover(v3, 'Session(', 2), /runs jobs immediately/);
});

test('SM209 wraps a plain-string JsonGet s3_uri in a Join', async () => {
  const input = 'from sagemaker.workflow.functions import JsonGet\n\nx = JsonGet(s3_uri="s3://b/r.json", json_path="a")\n';
  assert.equal((await fixed('SM209', input)).text, 'from sagemaker.workflow.functions import JsonGet\nfrom sagemaker.workflow.functions import Join\n\nx = JsonGet(s3_uri=Join(on="", values=["s3://b/r.json"]), json_path="a")\n');
});

test('SM223 in a LambdaStep names the step\'s 10-minute limit, the function running on, and the callback pattern; outside a step the 900-second message stays', async () => {
  const lines = [
    'from sagemaker.lambda_helper import Lambda',
    'from sagemaker.workflow.lambda_step import LambdaStep',
    'in_step = Lambda(function_name="a", execution_role_arn=role, script="a.py", handler="a.handler", timeout=700)',
    'step = LambdaStep(name="A", lambda_func=in_step)',
    'alone = Lambda(function_name="b", execution_role_arn=role, script="b.py", handler="b.handler", timeout=1000)',
    '',
  ].join('\n');
  const findings = (await analyzeText(lines, { select: ['SM223'] })).findings;
  assert.equal(findings.length, 2);
  const [step, alone] = findings;
  assert.match(step.message, /^timeout=700 is above the 10 minutes a LambdaStep waits: use at most 600, and a CallbackStep for longer work\./);
  assert.match(step.message, /the step fails while the function keeps running/);
  assert.match(step.message, /CallbackStep: the worker ends it with send_pipeline_execution_step_success\/failure/);
  assert.match(step.message, /pipeline step of its own/);
  assert.match(alone.message, /^timeout=1000 is above the 900 seconds a Lambda function may run: use at most 900/);
});

test('SM210 follows the steps a Pipeline lists through a starred list and a list extended later, and reports only the step none holds', async () => {
  const text = [
    'from sagemaker.workflow.fail_step import FailStep',
    'from sagemaker.workflow.pipeline import Pipeline',
    '',
    'step_a = FailStep(name="A", error_message="a")',
    'step_b = FailStep(name="B", error_message="b")',
    'step_c = FailStep(name="C", error_message="c")',
    'step_d = FailStep(name="D", error_message="d")',
    'first = [step_a]',
    'rest = []',
    'rest.extend([step_c])',
    'pipeline = Pipeline(name="P", steps=[*first, *rest])',
    '',
  ].join('\n');
  const findings = (await analyzeText(text, { select: ['SM210'] })).findings;
  assert.deepEqual(findings.map((f) => text.slice(f.start, f.end)), ['FailStep', 'FailStep']);
  assert.deepEqual(findings.map((f) => text.lastIndexOf('\n', f.start)), [text.indexOf('\nstep_b'), text.indexOf('\nstep_d')]);
});
