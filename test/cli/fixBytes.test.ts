/**
 * --fix and --diff change only the bytes a fix edits (issue 13, items 1 and 2): files in other codings,
 * files that do not decode, requirements files and notebooks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI } from './run';

const b = (text: string) => Buffer.from(text, 'latin1');

function withDir(files: Record<string, Buffer | string>, body: (dir: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sagelint-bytes-'));
  try {
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
    body(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function run(dir: string, args: string[], input?: Buffer): { status: number | null; stdout: Buffer; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, 'check', '--no-config', ...args], { cwd: dir, input: input ?? Buffer.alloc(0), timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString('utf8') };
}

const HEAD = 'from sagemaker.workflow.parameters import ParameterString\nbucket = ParameterString(name="B")\n';

test('--fix on a latin-1 file (PEP 263) keeps every byte it does not edit', () => {
  const before = b(`# -*- coding: latin-1 -*-\n${HEAD}x = str(bucket)  # \xe9t\xe9\ny = "\xe9t\xe9\x80\x9f"\n`);
  const expected = b(`# -*- coding: latin-1 -*-\n${HEAD}x = bucket.to_string()  # \xe9t\xe9\ny = "\xe9t\xe9\x80\x9f"\n`);
  withDir({ 'a.py': before }, (dir) => {
    const diff = run(dir, ['--diff', 'a.py']);
    assert.equal(diff.status, 1, diff.stderr);
    // The diff shows the characters the file means (é), not replacement characters.
    assert.match(diff.stdout.toString('utf8'), /^-x = str\(bucket\)  # été\n\+x = bucket\.to_string\(\)  # été\n/m);
    const fixed = run(dir, ['--fix', 'a.py']);
    assert.equal(fixed.status, 0, fixed.stderr);
    assert.deepEqual(fs.readFileSync(path.join(dir, 'a.py')), expected);
  });
});

test('--fix on cp1252 and on a coding line in the second line', () => {
  const before = b(`#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\n${HEAD}x = str(bucket)  # \x80 \x93q\x94\n`);
  withDir({ 'a.py': before }, (dir) => {
    assert.equal(run(dir, ['--fix', 'a.py']).status, 0);
    assert.deepEqual(fs.readFileSync(path.join(dir, 'a.py')), b(before.toString('latin1').replace('str(bucket)', 'bucket.to_string()')));
  });
});

for (const [what, bytes] of [
  ['a latin-1 é without a coding line', '\xe9t\xe9'],
  ['a lone surrogate', '\xed\xa0\x80'],
  ['an overlong encoding', '\xc0\xaf'],
  ['a truncated sequence at the end', '\xe2\x82'],
] as const) {
  test(`--fix leaves a file that is not valid UTF-8 untouched and says so: ${what}`, () => {
    const before = b(`${HEAD}x = str(bucket)  # ${bytes}`);
    withDir({ 'a.py': before, 'ok.py': `${HEAD}x = str(bucket)\n` }, (dir) => {
      const fixed = run(dir, ['--fix', '.']);
      assert.equal(fixed.status, 1, 'the problem in a.py remains');
      assert.deepEqual(fs.readFileSync(path.join(dir, 'a.py')), before);
      assert.equal(fs.readFileSync(path.join(dir, 'ok.py'), 'utf8'), `${HEAD}x = bucket.to_string()\n`, 'the other file is fixed');
      assert.match(fixed.stderr, /warning: a\.py left as it is, no fix applied: it is not valid UTF-8 \(byte \d+ is not\)/);
      assert.match(fixed.stdout.toString(), /Found 2 problems \(1 fixed, 1 remaining; 2 files checked\)\.\n1 file left unfixed: a\.py \(it is not valid UTF-8/);
      // --diff shows exactly what --fix writes: nothing for a.py.
      fs.writeFileSync(path.join(dir, 'ok.py'), `${HEAD}x = str(bucket)\n`);
      const diff = run(dir, ['--diff', '.']);
      assert.doesNotMatch(diff.stdout.toString(), /a\.py/);
      assert.match(diff.stdout.toString(), /^--- ok\.py\n/);
      assert.match(diff.stderr, /Would fix 1 problem in 1 file\.\n1 file left unfixed/);
    });
  });
}

test('standard input: --fix prints the fixed bytes in the input coding, or the input unchanged when it does not decode', () => {
  withDir({}, (dir) => {
    const latin = b(`# coding: latin-1\n${HEAD}x = str(bucket)  # \xe9\n`);
    const fixed = run(dir, ['--fix', '-'], latin);
    assert.deepEqual(fixed.stdout, b(latin.toString('latin1').replace('str(bucket)', 'bucket.to_string()')));
    const broken = b(`${HEAD}x = str(bucket)  # \xe9\n`);
    const untouched = run(dir, ['--fix', '-'], broken);
    assert.deepEqual(untouched.stdout, broken);
    assert.match(untouched.stderr, /left as it is, no fix applied/);
  });
});

test('requirements files: a coding line is honoured, invalid UTF-8 is never rewritten', () => {
  const declared = b('# -*- coding: latin-1 -*-\nboto3==1.34.0\nboto3-stubs[sagemaker]==1.33.0  # caf\xe9\n');
  const undeclared = b('boto3==1.34.0\nboto3-stubs[sagemaker]==1.33.0  # caf\xe9\n');
  withDir({ 'requirements.txt': declared }, (dir) => {
    run(dir, ['--fix', '--unsafe-fixes', 'requirements.txt']);
    assert.deepEqual(fs.readFileSync(path.join(dir, 'requirements.txt')), b(declared.toString('latin1').replace('==1.33.0', '==1.34.0')));
  });
  withDir({ 'requirements.txt': undeclared }, (dir) => {
    const result = run(dir, ['--fix', '--unsafe-fixes', 'requirements.txt']);
    assert.deepEqual(fs.readFileSync(path.join(dir, 'requirements.txt')), undeclared);
    assert.match(result.stderr, /requirements\.txt left as it is/);
  });
});

/** A compact notebook with everything a re-serialisation would change. */
const NOTEBOOK =
  '{"cells":[{"cell_type":"markdown","metadata":{},"source":5},' +
  '{"cell_type":"code","execution_count":9007199254740993,"metadata":{"x":1.0,"y":1e-05,"x":2,"big":123456789012345678901234567890},"outputs":[{"text":"caf\\u00e9 a\\/b"}],"source":["import os\\n","print(1)"]},' +
  '{"cell_type":"code","execution_count":null,"metadata":{},"outputs":[],"source":["from sagemaker.workflow.parameters import ParameterString\\n","bucket = ParameterString(name=\\"B\\")  # caf\\u00e9\\n","x = str(bucket)\\n","y = 1"]},' +
  '{"cell_type":"code","metadata":{},"outputs":[],"source":[1, "odd"]}],' +
  '"metadata":{"language_info":{"name":"python"}},"nbformat":4,"nbformat_minor":5}';

test('--fix on a notebook edits only the changed cell source, everything else byte for byte', () => {
  withDir({ 'nb.ipynb': NOTEBOOK }, (dir) => {
    const result = run(dir, ['--fix', 'nb.ipynb']);
    assert.equal(result.status, 0, result.stderr + result.stdout.toString());
    const expected = NOTEBOOK.replace('"x = str(bucket)\\n"', '"x = bucket.to_string()\\n"');
    assert.notEqual(expected, NOTEBOOK);
    assert.equal(fs.readFileSync(path.join(dir, 'nb.ipynb'), 'utf8'), expected);
  });
});

test('--fix on a notebook with an invalid UTF-8 byte in an output leaves it untouched and says so', () => {
  const before = Buffer.concat([Buffer.from(NOTEBOOK.slice(0, NOTEBOOK.indexOf('caf'))), b('caf\xe9'), Buffer.from(NOTEBOOK.slice(NOTEBOOK.indexOf('caf') + 9))]);
  withDir({ 'nb.ipynb': before }, (dir) => {
    const result = run(dir, ['--fix', 'nb.ipynb']);
    assert.equal(result.status, 1);
    assert.deepEqual(fs.readFileSync(path.join(dir, 'nb.ipynb')), before);
    assert.match(result.stderr, /nb\.ipynb left as it is, no fix applied: it is not valid UTF-8/);
  });
});

for (const eol of ['\r', '\r\n', '\n']) {
  test(`an added import ends with the file's own line break (${JSON.stringify(eol)})`, () => {
    const before = ['"""Doc."""', 'from sagemaker.workflow.parameters import ParameterString', 'bucket = ParameterString(name="B")', 'uri = f"s3://{bucket}/x"', ''].join(eol);
    withDir({ 'a.py': before }, (dir) => {
      run(dir, ['--fix', '--unsafe-fixes', 'a.py']);
      const after = fs.readFileSync(path.join(dir, 'a.py'), 'latin1');
      assert.equal(after, ['"""Doc."""', 'from sagemaker.workflow.parameters import ParameterString', 'from sagemaker.workflow.functions import Join', 'bucket = ParameterString(name="B")', 'uri = Join(on="", values=["s3://", bucket, "/x"])', ''].join(eol));
    });
  });
}
