import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeText, applyEdits, parsePython, syntaxProblems } from '../helpers/python';
import { fixAll, mainEdit } from '../helpers/fixes';

declare const SAGELINT_ROOT: string;
const fixesDir = path.join(SAGELINT_ROOT, 'test/fixtures/rules/fixes');
const update = process.env.UPDATE_FIXTURES === '1';

const inputs = fs.readdirSync(fixesDir).filter((n) => n.endsWith('.py') && !n.endsWith('.fixed.py')).sort();

for (const name of inputs) {
  test(`fix fixture ${name}`, async () => {
    const input = fs.readFileSync(path.join(fixesDir, name), 'utf8');
    const expectedFile = path.join(fixesDir, name.replace(/\.py$/, '.fixed.py'));
    const { text, applied } = await fixAll(input);
    assert.ok(applied.length > 0, `${name}: no finding had a fix`);
    if (update) fs.writeFileSync(expectedFile, text);
    assert.ok(fs.existsSync(expectedFile), `${expectedFile} is missing (UPDATE_FIXTURES=1 writes it)`);
    assert.equal(text, fs.readFileSync(expectedFile, 'utf8'), `${name}: fixed text differs from ${path.basename(expectedFile)}`);
    assert.deepEqual(syntaxProblems(await parsePython(text)), []);
    // Everything fixable was fixed; what is left has no fix.
    assert.deepEqual((await analyzeText(text)).findings.filter((f) => f.fix), []);
  });
}

/** The single fix of the only finding of `code` in `text`, applied once. */
async function fixOnce(text: string, code: string): Promise<{ text: string; title: string; applicability: string }> {
  const findings = (await analyzeText(text)).findings.filter((f) => f.code === code);
  assert.equal(findings.length, 1, `expected one ${code} finding, got ${findings.length}`);
  const fix = findings[0].fix;
  assert.ok(fix, `${code} finding has no fix`);
  mainEdit(findings[0]);
  return { text: applyEdits(text, fix.edits), title: fix.title, applicability: fix.applicability };
}

const HEADER = 'from sagemaker.workflow.parameters import ParameterString\n\nbucket = ParameterString(name="Bucket")\n';

test('Join fixes are safe; print/logging .expr fixes are unsafe; str() fix is safe', async () => {
  assert.equal((await fixOnce(`${HEADER}x = f"{bucket}"\n`, 'SM101')).applicability, 'safe');
  assert.equal((await fixOnce(`${HEADER}x = "a" + bucket\n`, 'SM102')).applicability, 'safe');
  assert.equal((await fixOnce(`${HEADER}print(bucket)\n`, 'SM101')).applicability, 'unsafe');
  assert.equal((await fixOnce(`${HEADER}x = str(bucket)\n`, 'SM101')).applicability, 'safe');
});

test('the Join import goes after the last top-level import, not after later code or nested imports', async () => {
  const text = `import os\n${HEADER}def f():\n    import json\n    return json\n\nx = f"{bucket}"\n`;
  const fixed = await fixOnce(text, 'SM101');
  assert.equal(
    fixed.text,
    `import os\nfrom sagemaker.workflow.parameters import ParameterString\nfrom sagemaker.workflow.functions import Join\n\nbucket = ParameterString(name="Bucket")\ndef f():\n    import json\n    return json\n\nx = Join(on="", values=[bucket])\n`,
  );
});

test('a CRLF file gets a CRLF import line', async () => {
  const text = `${HEADER}x = "s3://" + bucket\n`.replace(/\n/g, '\r\n');
  const fixed = await fixOnce(text, 'SM102');
  assert.equal(
    fixed.text,
    'from sagemaker.workflow.parameters import ParameterString\r\nfrom sagemaker.workflow.functions import Join\r\n\r\nbucket = ParameterString(name="Bucket")\r\nx = Join(on="", values=["s3://", bucket])\r\n',
  );
});

test('no Join fix when the name Join already means something else', async () => {
  const text = `${HEADER}Join = None\nx = f"{bucket}"\ny = "a" + bucket\n`;
  const findings = (await analyzeText(text)).findings;
  assert.deepEqual(findings.map((f) => f.code), ['SM101', 'SM102']);
  for (const finding of findings) assert.equal(finding.fix, undefined);
});

test('no fix for format specs, conversions, or numeric +', async () => {
  const text = `${HEADER}from sagemaker.workflow.parameters import ParameterInteger\ncount = ParameterInteger(name="C")\na = f"{bucket:>8}"\nb = f"{bucket!s}"\nc = "{:>8}".format(bucket)\nd = "%5s" % bucket\ne = count + 1\nf = format(bucket)\n`;
  const findings = (await analyzeText(text)).findings;
  assert.equal(findings.length, 6);
  for (const finding of findings) assert.equal(finding.fix, undefined, `${finding.code} at ${text.slice(finding.start, finding.end)} has a fix`);
});

test('a fixed f-string with two variables is one fix, reported on the first variable only', async () => {
  const text = `${HEADER}x = f"{bucket}-{bucket}"\n`;
  const findings = (await analyzeText(text)).findings;
  assert.equal(findings.length, 2);
  assert.ok(findings[0].fix);
  assert.equal(findings[1].fix, undefined);
  assert.equal(applyEdits(text, findings[0].fix!.edits).split('\n').at(-2), 'x = Join(on="", values=[bucket, "-", bucket])');
});
