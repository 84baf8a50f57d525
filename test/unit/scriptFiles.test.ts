/**
 * Files a module names (a Lambda helper's script), read by the analysis: bounded and confined to the
 * workspace (server/src/io/scriptFiles.ts), and recorded so that incremental analysis re-checks the
 * findings made from a file when that file changes on disk. Real files in a temporary folder.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WasmPythonParser } from '../../server/src/parse/wasmParser';
import { SCRIPT_MAX_BYTES, ScriptFiles } from '../../server/src/io/scriptFiles';
import { DocumentState } from '../../server/src/lsp/documents';
import { DEFAULT_SETTINGS } from '../../server/src/config/settings';
import { Analysis, analyze } from '../../server/src/analysis/analyze';
import { HANDLER_RETURNS as RETURNS, HANDLER_WAITS as WAITS } from '../helpers/lambdaScripts';

let parser: WasmPythonParser;
before(async () => {
  parser = await WasmPythonParser.create();
});


const MODULE = [
  'from sagemaker.lambda_helper import Lambda',
  'from sagemaker.workflow.lambda_step import LambdaStep',
  'from sagemaker.workflow.parameters import ParameterString',
  '',
  'bucket = ParameterString(name="Bucket")',
  'func = Lambda(function_name="f", execution_role_arn="arn:aws:iam::111122223333:role/r", script="train.py", handler="train.handler")',
  'step = LambdaStep(name="Train", lambda_func=func)',
  'print(bucket)',
  '',
].join('\n');

const made: string[] = [];
after(() => {
  for (const folder of made) fs.rmSync(folder, { recursive: true, force: true });
});

function workspace(): { root: string; outside: string } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'sagelint-scripts-'));
  made.push(base);
  const root = path.join(base, 'workspace');
  const outside = path.join(base, 'outside');
  fs.mkdirSync(root);
  fs.mkdirSync(outside);
  return { root, outside };
}

test('a script inside the workspace is read and parsed; anything else gives no source, with a fingerprint saying why', () => {
  const { root, outside } = workspace();
  fs.writeFileSync(path.join(root, 'train.py'), WAITS);
  fs.writeFileSync(path.join(root, 'broken.py'), 'def handler(:\n');
  fs.writeFileSync(path.join(root, 'notes.txt'), WAITS);
  fs.writeFileSync(path.join(root, 'huge.py'), `x = 1\n${'#'.repeat(SCRIPT_MAX_BYTES)}\n`);
  fs.writeFileSync(path.join(outside, 'secret.py'), WAITS);
  fs.symlinkSync(path.join(outside, 'secret.py'), path.join(root, 'link.py'));
  fs.symlinkSync(path.join(root, 'train.py'), path.join(root, 'alias.py'));
  fs.mkdirSync(path.join(root, 'folder.py'));
  const files = new ScriptFiles({ directory: root, within: [root] }, parser);

  const read = files.python('train.py')!;
  assert.equal(read.path, path.join(root, 'train.py'));
  assert.match(read.fingerprint, /^[0-9a-f]{64}$/);
  assert.equal(read.source?.tree.text, WAITS);
  // A link to a file inside the workspace is read (and both paths are reported as read).
  assert.equal(files.python('alias.py')!.source?.tree.text, WAITS);
  assert.ok(files.pathsRead.has(path.join(root, 'alias.py')) && files.pathsRead.has(fs.realpathSync(path.join(root, 'train.py'))));

  assert.deepEqual(files.python('absent.py'), { path: path.join(root, 'absent.py'), fingerprint: '!missing', source: undefined });
  assert.deepEqual(files.python('link.py'), { path: path.join(root, 'link.py'), fingerprint: '!outside', source: undefined });
  assert.deepEqual(files.python('huge.py'), { path: path.join(root, 'huge.py'), fingerprint: '!too-large', source: undefined });
  assert.deepEqual(files.python('notes.txt'), { path: path.join(root, 'notes.txt'), fingerprint: '!not-python', source: undefined });
  assert.deepEqual(files.python('folder.py'), { path: path.join(root, 'folder.py'), fingerprint: '!not-a-file', source: undefined });
  const broken = files.python('broken.py')!;
  assert.match(broken.fingerprint, /^[0-9a-f]{64}$/);
  assert.equal(broken.source, undefined);
  // Names that lead out of the workspace are not even looked at.
  assert.equal(files.python('../outside/secret.py'), undefined);
  assert.equal(files.python(path.join(outside, 'secret.py')), undefined);
  assert.equal(files.python('/etc/passwd'), undefined);
  // No workspace folder (an untrusted workspace): nothing is read.
  assert.equal(new ScriptFiles({ directory: root, within: [] }, parser).python('train.py'), undefined);
});

test('SM224 fires on a script inside the workspace and stays silent on a link pointing outside it', () => {
  const { root, outside } = workspace();
  fs.writeFileSync(path.join(outside, 'train.py'), WAITS);
  fs.symlinkSync(path.join(outside, 'train.py'), path.join(root, 'train.py'));
  const codes = () => {
    const parsed = parser.parse(MODULE)!;
    const tree = parsed.toSyntaxTree(MODULE);
    parsed.free();
    return analyze(tree, DEFAULT_SETTINGS, undefined, { scripts: { directory: root, within: [root] }, parser }).findings.map((f) => f.code);
  };
  assert.deepEqual(codes().filter((c) => c === 'SM224'), []);
  fs.unlinkSync(path.join(root, 'train.py'));
  fs.writeFileSync(path.join(root, 'train.py'), WAITS);
  assert.deepEqual(codes().filter((c) => c === 'SM224'), ['SM224']);
});

test('an incremental analysis re-checks a finding made from a script when the script changes, and keeps it while it does not', () => {
  const { root } = workspace();
  const script = path.join(root, 'train.py');
  fs.writeFileSync(script, WAITS);
  const state = new DocumentState(`file://${path.join(root, 'pipeline.py')}`, 1, MODULE);
  state.analyzeOptions = () => ({ scripts: { directory: root, within: [root] } });
  const analysisOf = (): Analysis => {
    const outcome = state.analysis(parser, DEFAULT_SETTINGS);
    assert.equal(outcome.kind, 'analyzed');
    return (outcome as { analysis: Analysis }).analysis;
  };
  const codes = (analysis: Analysis) => analysis.findings.map((f) => f.code).sort();
  const first = analysisOf();
  assert.deepEqual(codes(first), ['SM101', 'SM224']);
  assert.ok(first.filesRead.includes(script));

  // Another file changed: nothing to do.
  assert.equal(state.filesChanged(new Set([path.join(root, 'other.py')])), false);
  // The same content written again: analysed again, every statement reused, the finding kept.
  fs.writeFileSync(script, WAITS);
  assert.equal(state.filesChanged(new Set([script])), true);
  const same = analysisOf();
  assert.deepEqual(codes(same), ['SM101', 'SM224']);
  assert.equal(same.reusedStatements, 7);

  // The handler no longer waits: the Lambda's statement runs again, the others are reused.
  fs.writeFileSync(script, RETURNS);
  assert.equal(state.filesChanged(new Set([script])), true);
  const changed = analysisOf();
  assert.deepEqual(codes(changed), ['SM101']);
  assert.equal(changed.reusedStatements, 6);

  // Deleted, then back: silent, then the finding again.
  fs.unlinkSync(script);
  state.filesChanged(new Set([script]));
  assert.deepEqual(codes(analysisOf()), ['SM101']);
  fs.writeFileSync(script, WAITS);
  state.filesChanged(new Set([script]));
  assert.deepEqual(codes(analysisOf()), ['SM101', 'SM224']);
});
