import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SyntaxNode, childByField, walk } from '../../server/src/parse/syntaxNode';
import { classSignature, constructorSignature, formatType, functionSignature, methodSignature, parseType, signatureOfCallee } from '../../server/src/semantic/sdk/signatures';
import { modelFor } from '../helpers/python';

declare const SAGELINT_ROOT: string;
const DIR = path.join(SAGELINT_ROOT, 'server/src/semantic/sdk/signatures');
const MIRROR = '/work/.mirror/aws+sagemaker-python-sdk/repo';

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

test('the committed signature data is what the script wrote (checksums in manifest.json)', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(DIR, 'manifest.json'), 'utf8'));
  for (const generation of ['v2', 'v3']) {
    assert.equal(sha256(path.join(DIR, `data-${generation}.json`)), manifest[`data-${generation}.json`].sha256, `data-${generation}.json was edited by hand: regenerate it (README.md there)`);
  }
  assert.equal(sha256(path.join(SAGELINT_ROOT, 'scripts/gen-sdk-signatures.py')), manifest.script_sha256, 'scripts/gen-sdk-signatures.py changed since the data was generated: regenerate it (README.md there)');
});

test('the signature data is not stale: regenerated from the SDK mirror when it is here', { skip: !fs.existsSync(MIRROR) && 'no SDK mirror on this machine (the checksum test still runs)' }, () => {
  const result = spawnSync('python3', ['scripts/gen-sdk-signatures.py', '--mirror', MIRROR, '--check'], { cwd: SAGELINT_ROOT, encoding: 'utf8', timeout: 600_000 });
  assert.equal(result.status, 0, result.stderr);
});

test('v2 PyTorch: EstimatorBase parameters reached through **kwargs, unknown keywords dropped, v1 names known', () => {
  const signature = constructorSignature('sagemaker.pytorch.PyTorch', 'v2')!;
  assert.equal(signature.qualifiedName, 'sagemaker.pytorch.estimator.PyTorch.__init__');
  assert.deepEqual(signature.unknownKeyword, { kind: 'dropped' });
  assert.deepEqual(signature.forwardedThrough, ['sagemaker.estimator.Framework.__init__', 'sagemaker.estimator.EstimatorBase.__init__']);
  const maxRun = signature.params.find((p) => p.name === 'max_run')!;
  assert.equal(maxRun.via, 'sagemaker.estimator.EstimatorBase.__init__');
  assert.equal(maxRun.kind, 'keyword-only');
  assert.equal(formatType(maxRun.type), 'int | PipelineVariable');
  assert.equal(maxRun.default, '24 * 60 * 60');
  assert.match(maxRun.doc!, /Timeout in seconds for training/);
  assert.ok(signature.params.some((p) => p.name === 'use_spot_instances'));
  assert.ok(signature.readKeys.includes('train_max_run'));
  assert.equal(signature.params.filter((p) => p.name === 'entry_point').length, 1);
});

test('v2 classes without **kwargs raise TypeError; required parameters are marked', () => {
  const input = constructorSignature('sagemaker.inputs.TrainingInput', 'v2')!;
  assert.deepEqual(input.unknownKeyword, { kind: 'type-error' });
  assert.equal(input.params.find((p) => p.name === 's3_data')!.required, true);
  const processor = constructorSignature('sagemaker.sklearn.SKLearnProcessor', 'v2')!;
  assert.deepEqual(processor.unknownKeyword, { kind: 'type-error' });
  assert.equal(processor.params[0].name, 'framework_version');
  assert.deepEqual(methodSignature('sagemaker.pytorch.PyTorch', 'fit', 'v2')!.unknownKeyword, { kind: 'type-error' });
  // Model.deploy(**kwargs) never reads kwargs (v2.257.6 model.py L1263).
  assert.deepEqual(methodSignature('sagemaker.model.Model', 'deploy', 'v2')!.unknownKeyword, { kind: 'dropped' });
});

test('v3 pydantic models: fields as keyword parameters, extra="forbid" from model_config', () => {
  const trainer = classSignature('sagemaker.train.ModelTrainer', 'v3')!;
  assert.equal(trainer.pydantic, 'forbid');
  assert.deepEqual(trainer.init!.unknownKeyword, { kind: 'pydantic-forbid' });
  assert.ok(trainer.init!.params.some((p) => p.name === 'compute'));
  const compute = constructorSignature('sagemaker.train.configs.Compute', 'v3')!;
  assert.equal(formatType(compute.params.find((p) => p.name === 'instance_count')!.type), 'int | PipelineVariable | None');
  assert.deepEqual(methodSignature('sagemaker.train.ModelTrainer', 'train', 'v3')!.unknownKeyword, { kind: 'type-error' });
  assert.ok(constructorSignature('sagemaker.serve.model_builder.ModelBuilder', 'v3')!.params.some((p) => p.name === 'schema_builder'));
});

test('functions and the type language', () => {
  assert.ok(functionSignature('sagemaker.image_uris.retrieve', 'v2')!.params.some((p) => p.name === 'framework'));
  assert.deepEqual(parseType('list[str|PipelineVariable]'), { kind: 'list', item: { kind: 'union', options: [{ kind: 'str' }, { kind: 'pipeline-variable' }] } });
  assert.deepEqual(parseType('dict[str,?]'), { kind: 'dict', key: { kind: 'str' }, value: { kind: 'unknown' } });
  assert.deepEqual(parseType('sagemaker.inputs.TrainingInput|None'), { kind: 'union', options: [{ kind: 'class', name: 'sagemaker.inputs.TrainingInput' }, { kind: 'none' }] });
});

function calls(text: string): Promise<{ targets: (string | undefined)[] }> {
  return modelFor(text).then((model) => {
    const found: SyntaxNode[] = [];
    for (const node of walk(model.tree.root)) if (node.type === 'call' && model.text(childByField(node, 'function')!).startsWith('probe')) found.push(node);
    found.sort((a, b) => a.start - b.start);
    return {
      targets: found.map((call) => {
        const inner = childByField(call, 'arguments')!.children.find((c) => c.named)!;
        const target = signatureOfCallee(model, inner);
        return target && `${target.kind} ${target.qualifiedName}${target.method ? `.${target.method}` : ''} [${target.candidates.map((c) => c.generation).join(',')}]`;
      }),
    };
  });
}

test('signatureOfCallee: SDK constructors, functions and methods on SDK objects; nothing else', async () => {
  const { targets } = await calls(`
from sagemaker.pytorch import PyTorch
from sagemaker import image_uris
import sagemaker.processing as processing
from sagemaker.train import ModelTrainer

class Mine(PyTorch):
    def __init__(self, **kw):
        super().__init__(**kw)

est = PyTorch(entry_point="t.py")
trainer = ModelTrainer()
probe(PyTorch(entry_point="t.py"))
probe(est.fit(inputs="s3://b/k"))
probe(image_uris.retrieve("xgboost", "us-east-1"))
probe(processing.ProcessingInput(source="s3://b/k"))
probe(Mine(x=1))
probe(unknown.fit())
probe(trainer.train())
`);
  assert.deepEqual(targets, [
    'constructor sagemaker.pytorch.estimator.PyTorch [v2]',
    'method sagemaker.pytorch.estimator.PyTorch.fit [v2]',
    'function sagemaker.image_uris.retrieve [v2]',
    'constructor sagemaker.processing.ProcessingInput [v2]',
    undefined,
    undefined,
    'method sagemaker.train.model_trainer.ModelTrainer.train [v3]',
  ]);
});
