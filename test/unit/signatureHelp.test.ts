/**
 * Signature help and keyword completion against the generated signature model (v2.257.6 and v3
 * a24812666d): which signature, which parameter is active, which generation, and where nothing is shown.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signatureHelpAt } from '../../server/src/features/signatureHelp';
import { completionsAt } from '../../server/src/features/completion';
import { sdkCallTarget } from '../../server/src/features/sdkCallTarget';
import { treeParser } from '../../server/src/features/probe';
import type { SdkEnvironment } from '../../server/src/environment/types';
import { exactVersion } from '../../server/src/environment/sdkVersionRange';
import { getParser } from '../helpers/python';

const V3: SdkEnvironment = { sdk: { major: 3, version: '3.0.1', source: 'declared', range: exactVersion('3.0.1') } };

async function help(textWithCursor: string, environment?: SdkEnvironment) {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1);
  const result = signatureHelpAt(text, offset, treeParser(await getParser()), sdkCallTarget, environment);
  if (!result) return undefined;
  const signature = result.signatures[0];
  const param = signature.parameters?.[signature.activeParameter ?? -1];
  const range = param?.label as [number, number] | undefined;
  return {
    label: signature.label,
    active: range ? signature.label.slice(range[0], range[1]) : undefined,
    count: result.signatures.length,
    documentation: typeof signature.documentation === 'string' ? signature.documentation : signature.documentation?.value ?? '',
  };
}

async function complete(textWithCursor: string) {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1);
  return completionsAt(text, offset, treeParser(await getParser()), sdkCallTarget);
}

const PYTORCH = 'from sagemaker.pytorch import PyTorch\n';

test('every parameter label range lies in the label and names that parameter', async () => {
  const offset = `${PYTORCH}PyTorch(`.length;
  const text = `${PYTORCH}PyTorch(`;
  const result = signatureHelpAt(text, offset, treeParser(await getParser()), sdkCallTarget)!;
  const signature = result.signatures[0];
  assert.ok(signature.parameters!.length > 40, 'the constructor with what **kwargs reaches');
  for (const param of signature.parameters!) {
    const [start, end] = param.label as [number, number];
    assert.ok(start >= 0 && end <= signature.label.length && start < end);
    assert.match(signature.label.slice(start, end), /^\*{0,2}[a-z_]\w*/);
  }
  assert.match(signature.label, /recipe_overrides=None, \*, container_log_level=logging.INFO, /, 'forwarded keywords after a *; no types in a label this long');
  const fit = signatureHelpAt(`${PYTORCH}PyTorch().fit(`, `${PYTORCH}PyTorch().fit(`.length, treeParser(await getParser()), sdkCallTarget)!;
  assert.match(fit.signatures[0].label, /^fit\(inputs: str \| dict \| TrainingInput \| FileSystemInput \| None = None, wait: bool = True, /, 'types in a short one');
});

test('the active parameter: by keyword, by a typed name after keywords, by position, none after an unknown keyword', async () => {
  assert.match((await help(`${PYTORCH}PyTorch("train.py", |`))!.active!, /^framework_version\b/, 'the second positional slot');
  assert.match((await help(`${PYTORCH}PyTorch(entry_point="x", max_r|`))!.active!, /^max_run\b/);
  assert.match((await help(`${PYTORCH}PyTorch(entry_point="x", max_run=36|00)`))!.active!, /^max_run\b/);
  assert.equal((await help(`${PYTORCH}PyTorch(entry_point="x", use_spot_instance=|`))!.active, undefined, 'no parameter is called that');
  assert.equal((await help(`${PYTORCH}PyTorch(entry_point="x", |`))!.active, undefined, 'a positional slot after a keyword does not exist');
  const splat = await help('from sagemaker.pytorch import PyTorch as P\nkw = {}\nP(**kw, |');
  assert.match(splat!.label, /^PyTorch\(/, 'through an alias');
  assert.equal(splat!.active, undefined, 'after **kw');
});

test('the cursor anywhere in a multi-line call, comments and strings around it', async () => {
  const text = [
    'import sagemaker',
    PYTORCH,
    'estimator = PyTorch(',
    '    entry_point="train.py",  # the script, (not a call)',
    '    role=role,',
    '    instance_type=|,',
    '    instance_count=1,',
    ')',
    'estimator.fit({"train": "s3://b/t"})',
  ].join('\n');
  const found = await help(text);
  assert.match(found!.active!, /^instance_type\b/);
});

test('functions and methods: image_uris.retrieve, est.fit, est.deploy through a chain', async () => {
  const retrieve = await help('from sagemaker import image_uris\nimage_uris.retrieve("pytorch", |');
  assert.match(retrieve!.label, /^retrieve\(framework, region, version=None, .*\) -> str$/, 'unannotated parameters as Python writes them');
  assert.match(retrieve!.active!, /^region\b/);
  const deploy = await help(`${PYTORCH}est = PyTorch(entry_point="x")\nest.deploy(initial_instance_count=1, |`);
  assert.match(deploy!.label, /^deploy\(/);
});

test('v3: the detected generation decides; ModelTrainer is a pydantic model that rejects unknown fields', async () => {
  const trainer = await help('from sagemaker.train import ModelTrainer\ntrainer = ModelTrainer(|', V3);
  assert.match(trainer!.label, /^ModelTrainer\(/);
  assert.match(trainer!.documentation, /ValidationError/);
  assert.equal(trainer!.count, 1);
  assert.match(trainer!.documentation, /SDK v3/);
});

test('nothing for user code, builtins, subclasses and names the SDK does not define', async () => {
  assert.equal(await help('import sagemaker\nfrom mylib import PyTorch\nPyTorch(|'), undefined);
  assert.equal(await help(`${PYTORCH}print(|`), undefined);
  assert.equal(await help(`${PYTORCH}class Mine(PyTorch):\n    def __init__(self, a):\n        pass\nMine(|`), undefined);
  assert.equal(await help(`${PYTORCH}est = PyTorch(entry_point="x")\nest.not_a_method(|`), undefined);
});

test('keyword completion leaves out keywords given by name or by position, in the signature\'s order with the required first', async () => {
  const items = await complete(`${PYTORCH}PyTorch("train.py", role=r, |`);
  const labels = items.map((i) => i.label);
  assert.ok(!labels.includes('role'));
  assert.ok(!labels.includes('entry_point'), 'given by position');
  assert.ok(labels.includes('instance_type'));
  assert.ok(items.every((i) => i.kind === 'parameter' && i.insertText === `${i.label}=`));
  const sorted = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? '')).map((i) => i.label);
  assert.deepEqual(sorted.slice(0, 3), ['framework_version', 'py_version', 'source_dir'], 'in the signature\'s order');
  // Not inside a nested bracket, and not after `=`.
  assert.deepEqual(await complete(`${PYTORCH}PyTorch(tags=[|`), []);
  assert.deepEqual(await complete(`${PYTORCH}PyTorch(role=|`), []);
});
