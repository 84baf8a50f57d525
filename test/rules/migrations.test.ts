import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeText } from '../helpers/python';
import { parseVersionSpecifier } from '../../server/src/environment/sdkVersionRange';
import { moduleExists, nameExists, modulesDefining } from '../../server/src/semantic/sdk/modules';

declare const SAGELINT_ROOT: string;
const fixesDir = path.join(SAGELINT_ROOT, 'test/fixtures/rules/fixes');

test('the migrated v1 script triggers no SM6xx finding at all', async () => {
  for (const name of ['migrate_v1_script.fixed.py', 'migrate_names.fixed.py']) {
    const text = fs.readFileSync(path.join(fixesDir, name), 'utf8');
    const findings = (await analyzeText(text)).findings.filter((f) => f.code.startsWith('SM6'));
    assert.deepEqual(findings.map((f) => `${f.code} ${text.slice(f.start, f.end)}`), [], name);
  }
});

test('every SM6xx fix on the v1 script is safe, so "Fix all" migrates it', async () => {
  const text = fs.readFileSync(path.join(fixesDir, 'migrate_v1_script.py'), 'utf8');
  const findings = (await analyzeText(text)).findings.filter((f) => f.code.startsWith('SM6'));
  assert.ok(findings.length >= 10);
  for (const finding of findings) assert.equal(finding.fix?.applicability, 'safe', `${finding.code} at ${text.slice(finding.start, finding.end)}`);
});

test('get_image_uri keeps its default repo_version="1"', async () => {
  const text = 'from sagemaker.amazon.amazon_estimator import get_image_uri\nuri = get_image_uri("us-east-1", "xgboost")\n';
  const [finding] = (await analyzeText(text)).findings.filter((f) => f.code === 'SM604');
  const edits = [...finding.fix!.edits].sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  assert.equal(out, 'from sagemaker import image_uris\nuri = image_uris.retrieve("xgboost", "us-east-1", "1")\n');
});

test('the same v2 imports get nothing in a v2 project and SM606 in a v3 project', async () => {
  const v2 = 'from sagemaker.workflow.steps import ProcessingStep\n';
  assert.deepEqual((await analyzeText(v2)).findings.map((f) => f.code), []);
  const v3 = `from sagemaker.mlops.workflow.pipeline import Pipeline\n${v2}`;
  assert.deepEqual((await analyzeText(v3)).findings.map((f) => f.code), ['SM606']);
});

test('SM606 never suggests the paths migration.md invents', async () => {
  const text = 'from sagemaker.train import ModelTrainer\nfrom sagemaker.workflow.pipeline import Pipeline\nfrom sagemaker.workflow.steps import TrainingStep\n';
  for (const finding of (await analyzeText(text)).findings) {
    for (const edit of finding.fix?.edits ?? []) assert.doesNotMatch(edit.newText, /sagemaker\.mlops\.(pipeline|steps|configs)\b/);
  }
});

test('the generated module table knows both generations', () => {
  assert.ok(moduleExists('v2', 'sagemaker.workflow.steps'));
  assert.ok(!moduleExists('v3', 'sagemaker.workflow.steps'));
  assert.ok(moduleExists('v3', 'sagemaker.mlops.workflow.steps'));
  assert.ok(!moduleExists('v2', 'sagemaker.pipeline.steps') && !moduleExists('v3', 'sagemaker.pipeline.steps'));
  assert.ok(nameExists('v2', 'sagemaker.workflow.steps', 'ProcessingStep'));
  assert.ok(!nameExists('v2', 'sagemaker.workflow', 'PipelineSession'));
  assert.ok(nameExists('v3', 'sagemaker.train', 'ModelTrainer'), 'lazy __getattr__ exports count');
  assert.ok(!moduleExists('v3', 'sagemaker.mlops.pipeline'), 'migration.md path that does not exist');
  assert.deepEqual(modulesDefining('v2', 'ProcessingStep'), ['sagemaker.workflow.steps']);
});

test('"Fix all" in one batch (safe fixes, non-overlapping, repeated) gives the same migration as fixing one at a time', async () => {
  const { chooseFixes, applyEdits, MAX_FIX_PASSES } = await import('../../server/src/cli/fix');
  for (const name of ['migrate_v1_script', 'migrate_names']) {
    let text = fs.readFileSync(path.join(fixesDir, `${name}.py`), 'utf8');
    for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
      const { edits } = chooseFixes((await analyzeText(text)).findings, false);
      if (!edits.length) break;
      text = applyEdits(text, edits);
    }
    assert.equal(text, fs.readFileSync(path.join(fixesDir, `${name}.fixed.py`), 'utf8'), name);
  }
});

test('the detected environment decides the generation: sagemaker 3.x makes plain v2 imports SM606, 2.x silences them', async () => {
  const { parsePython } = await import('../helpers/python');
  const { analyze } = await import('../../server/src/analysis/analyze');
  const { DEFAULT_SETTINGS } = await import('../../server/src/config/settings');
  const text = 'from sagemaker.workflow.steps import ProcessingStep\n';
  const codes = async (major: number) =>
    analyze(await parsePython(text), DEFAULT_SETTINGS, undefined, { environment: { sdk: { major, version: `${major}.0.0`, source: 'declared', range: parseVersionSpecifier(`>=${major}.0.0,<${major + 1}`)! } } }).findings.map((f) => f.code);
  assert.deepEqual(await codes(3), ['SM606']);
  assert.deepEqual(await codes(2), []);
});

test('v2 modules named like v3 ones (sagemaker.serve, sagemaker.train) do not make a module "v3"', async () => {
  const text = 'from sagemaker.serve.builder.model_builder import ModelBuilder\nfrom sagemaker.session import Session\n';
  assert.deepEqual((await analyzeText(text)).findings.map((f) => f.code), []);
});

test('imports guarded by `except ImportError` are not judged', async () => {
  const text = 'try:\n    from sagemaker.pipeline.steps import ProcessingStep\nexcept ImportError:\n    ProcessingStep = None\n';
  assert.deepEqual((await analyzeText(text)).findings.map((f) => f.code), []);
});

test('SM606 names the v3 namesake of a v2 submodule imported by name (from sagemaker import image_uris)', async () => {
  const text = 'from sagemaker.train import ModelTrainer\nfrom sagemaker import image_uris\nfrom sagemaker import session\nfrom sagemaker.workflow import pipeline_context\n';
  const findings = (await analyzeText(text)).findings.filter((f) => f.code === 'SM606');
  assert.equal(findings.length, 3);
  const [imageUris, session, context] = findings;
  assert.match(imageUris.message, /`sagemaker\.core\.image_uris`/);
  assert.doesNotMatch(imageUris.message, /no v3 equivalent/);
  assert.deepEqual(imageUris.fix?.edits.map((e) => e.newText), ['from sagemaker.core import image_uris']);
  assert.equal(imageUris.fix?.applicability, 'unsafe');
  // v3 has no sagemaker.core.session module: the pointer comes from v3's own import guard table.
  assert.match(session.message, /sagemaker\.core\.helper\.session_helper import Session/);
  assert.match(context.message, /`sagemaker\.core\.workflow\.pipeline_context`/);
});

test('a v2 module reached through `import sagemaker` is SM606 when the environment says sagemaker 3.x, silent on 2.x and when unknown', async () => {
  const { parsePython } = await import('../helpers/python');
  const { analyze } = await import('../../server/src/analysis/analyze');
  const { DEFAULT_SETTINGS } = await import('../../server/src/config/settings');
  const text = 'import sagemaker\n\nuri = sagemaker.image_uris.retrieve("xgboost", "us-east-1", "1.7-1")\nsession = sagemaker.Session()\n';
  const findings = async (major?: number) =>
    analyze(await parsePython(text), DEFAULT_SETTINGS, undefined, major === undefined ? {} : { environment: { sdk: { major, version: `${major}.0.0`, source: 'installed', range: parseVersionSpecifier(`==${major}.0.0`)! } } }).findings;
  const v3 = await findings(3);
  assert.deepEqual(v3.map((f) => `${f.code} ${text.slice(f.start, f.end)}`), ['SM606 sagemaker.image_uris', 'SM606 sagemaker.Session']);
  assert.match(v3[0].message, /^`sagemaker\.image_uris` fails in this v3 project \(AttributeError\): use the module `sagemaker\.core\.image_uris`\./);
  assert.equal(v3[0].fix?.applicability, 'safe');
  assert.deepEqual(v3[0].fix?.edits.map((e) => e.newText), ['\nimport sagemaker.core.image_uris', 'sagemaker.core.image_uris.retrieve']);
  assert.deepEqual(await findings(2), []);
  assert.deepEqual(await findings(), []);
});

test('SM606 offers no fix for a v2 chain reached through an alias or a name whose v3 API changed', async () => {
  const text = 'import sagemaker as sm\nimport sagemaker\nfrom sagemaker.core.workflow.functions import Join\n\nuri = sm.image_uris.retrieve("xgboost", "us-east-1")\ninp = sagemaker.processing.ProcessingInput(source="s3://b/k", destination="/opt/ml/processing/input")\nest = sagemaker.estimator.Estimator\n';
  const findings = (await analyzeText(text)).findings.filter((f) => f.code === 'SM606');
  assert.deepEqual(findings.map((f) => `${text.slice(f.start, f.end)} ${f.fix ? 'fix' : 'no fix'}`), ['sm.image_uris no fix', 'sagemaker.processing no fix', 'sagemaker.estimator no fix']);
  assert.match(findings[1].message, /ProcessingInput|ProcessingJob/);
  assert.match(findings[2].message, /ModelTrainer/);
});
