/**
 * Signature help, keyword completion and hovers on code as it looks while typed: random cuts and
 * random single-character edits of an SDK module never throw, and every parameter range lies inside
 * its label and every completion's replaced text inside the document. Seeded, so a failure repeats.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signatureHelpAt } from '../../server/src/features/signatureHelp';
import { completionsAt } from '../../server/src/features/completion';
import { sdkCallTarget } from '../../server/src/features/sdkCallTarget';
import { treeParser } from '../../server/src/features/probe';
import { hoverAt } from '../../server/src/features/hover';
import { analyzeText, getParser } from '../helpers/python';

const MODULE = [
  'import sagemaker',
  'from sagemaker.pytorch import PyTorch',
  'from sagemaker.inputs import TrainingInput',
  'from sagemaker.workflow.parameters import ParameterString',
  '',
  'bucket = ParameterString(name="Bucket", default_value="b")',
  'def build(role, **config):',
  '    est = PyTorch(',
  '        entry_point="train.py",  # (the script, with commas',
  '        role=role, source_dir=f"s3://{bucket}/src",',
  '        hyperparameters={"epochs": 3, "lr": [0.1, (1, 2)]},',
  '        instance_count=1, instance_type="ml.g5.xlarge", **config,',
  '    )',
  '    est.fit({"train": TrainingInput("s3://b/train", content_type="text/csv")}, wait=False)',
  '    return est.deploy(initial_instance_count=1, instance_type="ml.m5.xlarge")',
  'x = """a ( "" b', "' , (\"\"\"",
  'model = build(sagemaker.get_execution_role(), use_spot_instances=True)',
  '',
].join('\n');

/** Mulberry32: a small seeded generator. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('signature help, completion and hovers never throw on cut or mangled SDK code', async () => {
  const parse = treeParser(await getParser());
  const next = random(14);
  const pick = (n: number) => Math.floor(next() * n);
  let helped = 0;
  for (let i = 0; i < 250; i++) {
    let text = MODULE;
    const edits = pick(4);
    for (let e = 0; e < edits; e++) {
      const at = pick(text.length);
      text = next() < 0.5 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + '(,"\')=#\n*'[pick(10)] + text.slice(at);
    }
    if (next() < 0.5) text = text.slice(0, pick(text.length + 1));
    const offset = pick(text.length + 1);
    const where = `case ${i}: offset ${offset} in ${JSON.stringify(text)}`;
    const help = signatureHelpAt(text, offset, parse, sdkCallTarget);
    if (help) helped++;
    for (const signature of help?.signatures ?? []) {
      for (const param of signature.parameters ?? []) {
        const [start, end] = param.label as [number, number];
        assert.ok(start >= 0 && start < end && end <= signature.label.length, where);
      }
    }
    for (const item of completionsAt(text, offset, parse, sdkCallTarget)) assert.ok(item.replaceStart >= 0 && item.replaceStart <= offset, where);
    const analysis = await analyzeText(text);
    const hover = hoverAt(analysis, offset);
    if (hover) assert.ok(hover.start <= hover.end && hover.end <= text.length, where);
  }
  assert.ok(helped > 20, `signature help in ${helped} of 250 cases: the cases reach SDK calls`);
});
