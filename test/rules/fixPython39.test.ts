/**
 * Every fix produces code that Python 3.9-3.11 parse (issue 13, item 3): the SDK supports 3.9+, and
 * before 3.12 (PEP 701) an f-string's replacement field cannot reuse its quote, hold a backslash or a
 * comment. Checked with our validator of those rules and, where a python3 before 3.12 exists (CI's
 * machines have 3.11), with `ast.parse(..., feature_version=(3, 9))`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeText, applyEdits, parsePython } from '../helpers/python';
import { pre312Problems, requote } from '../../server/src/analysis/fstringFields';
import { Fix } from '../../server/src/rules/types';

declare const SAGELINT_ROOT: string;
const fixturesDir = path.join(SAGELINT_ROOT, 'test/fixtures/rules');

/** The python3 on PATH when it is older than 3.12 (its parser then enforces the old f-string rules). */
function oldPython(): string | undefined {
  const probe = spawnSync('python3', ['-c', 'import sys; print(sys.version_info[:2] < (3, 12))'], { encoding: 'utf8' });
  return probe.status === 0 && probe.stdout.trim() === 'True' ? 'python3' : undefined;
}

/** For each text, the SyntaxError python3 gives with feature_version=(3, 9), or null; one process for all. */
function python39Errors(python: string, texts: readonly string[]): (string | null)[] {
  const script = [
    'import ast, json, sys',
    'out = []',
    'for text in json.load(sys.stdin):',
    '    try:',
    '        ast.parse(text, feature_version=(3, 9))',
    '        out.append(None)',
    '    except SyntaxError as e:',
    '        out.append(f"{e.msg} (line {e.lineno})")',
    'json.dump(out, sys.stdout)',
  ].join('\n');
  const result = spawnSync(python, ['-c', script], { input: JSON.stringify(texts), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as (string | null)[];
}

function fixtureFiles(): string[] {
  const files: string[] = [];
  const stack = [fixturesDir];
  while (stack.length) {
    const dir = stack.pop()!;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.name.endsWith('.py') && !entry.name.endsWith('.fixed.py')) files.push(full);
    }
  }
  return files.sort();
}

test('every fix of every rule fixture parses as Python 3.9 where its input did', async () => {
  const cases: { name: string; before: string; after: string; title: string }[] = [];
  for (const file of fixtureFiles()) {
    const text = fs.readFileSync(file, 'utf8');
    const analysis = await analyzeText(text);
    const fixes = analysis.findings.flatMap((f) => [f.fix, ...(f.moreFixes ?? [])]).filter((f): f is Fix => !!f);
    for (const fix of fixes) cases.push({ name: path.relative(fixturesDir, file), before: text, after: applyEdits(text, fix.edits), title: fix.title });
  }
  assert.ok(cases.length > 300, `only ${cases.length} fixes in the fixtures`);
  // Our validator of the pre-3.12 rules: a fix adds no problem.
  const problemsBefore = new Map<string, number>();
  for (const c of cases) {
    if (!problemsBefore.has(c.before)) problemsBefore.set(c.before, pre312Problems((await parsePython(c.before)).root, c.before).length);
    const before = { length: problemsBefore.get(c.before)! };
    const after = pre312Problems((await parsePython(c.after)).root, c.after);
    assert.ok(after.length <= before.length, `${c.name}: "${c.title}" needs Python 3.12: ${after.join('; ')}`);
  }
  const python = oldPython();
  if (!python) return; // no python3 before 3.12 here: the validator above still ran
  const inputs = [...new Set(cases.map((c) => c.before))];
  const inputResults = python39Errors(python, inputs);
  const inputErrors = new Map(inputs.map((text, i) => [text, inputResults[i]]));
  const valid = cases.filter((c) => inputErrors.get(c.before) === null);
  assert.ok(valid.length > 300, `only ${valid.length} fixes on inputs that parse as 3.9`);
  const errors = python39Errors(python, valid.map((c) => c.after));
  const broken = valid.map((c, i) => (errors[i] ? `${c.name}: "${c.title}": ${errors[i]}` : '')).filter(Boolean);
  assert.deepEqual(broken, []);
});

const HEAD = 'from sagemaker.workflow.parameters import ParameterString\nbucket = ParameterString(name="B")\n';

test('the Join fix inside a replacement field takes the quote the field allows (issue 13 shape), or is not offered', async () => {
  // The inner f-string is an argument inside the outer field (a Join formatted by the field itself would
  // fail the same way, so an f-string the field formats gets no Join fix at all).
  const cases: [string, string | undefined][] = [
    [`x = f"{upload(f'{bucket}')=!s}"\n`, `x = f"{upload(Join(on='', values=[bucket]))=!s}"\n`],
    [`x = f'{upload(f"{bucket}/x")}'\n`, `x = f'{upload(Join(on="", values=[bucket, "/x"]))}'\n`],
    [`x = f"""{upload(f'{bucket}-{"y"}')}"""\n`, `x = f"""{upload(Join(on="", values=[bucket, '-', "y"]))}"""\n`],
    // The literal part holds the other quote: no quote works before 3.12.
    [`x = f"{upload(f'{bucket}"')}"\n`, undefined],
    // The field formats the inner f-string itself.
    [`x = f"{f'{bucket}'=!s}"\n`, undefined],
  ];
  for (const [line, expected] of cases) {
    const text = HEAD + line;
    const analysis = await analyzeText(text);
    const fix = analysis.findings.find((f) => f.code === 'SM101' && f.fix?.title.includes('Join'))?.fix;
    if (expected === undefined) {
      assert.equal(fix, undefined, `${line}: no fix expected, got ${fix && applyEdits(text, fix.edits)}`);
      continue;
    }
    assert.ok(fix, `${line}: no Join fix`);
    const after = applyEdits(text, fix.edits);
    assert.equal(after.split('\n').slice(-2)[0], expected.trimEnd());
    assert.deepEqual(pre312Problems((await parsePython(after)).root, after), []);
    const python = oldPython();
    if (python) assert.deepEqual(python39Errors(python, [after]), [null], after);
  }
});

test('the pre-3.12 validator knows the rules Python 3.11 enforces', async () => {
  const problems = async (text: string) => pre312Problems((await parsePython(text)).root, text);
  assert.deepEqual(await problems(`f'{"#"}'\nf'{x:#x}'\nf"""{"a"}"""\nf'{f"{x}#"}'\nf'{x!r:>{w}}'\n`), []);
  assert.equal((await problems(`f"{"a"}"\n`)).length, 1);
  assert.equal((await problems(`f'{"\\n"}'\n`)).length, 1);
  assert.equal((await problems(`f'''{x # c\n}'''\n`)).length, 1);
  assert.equal(requote(`Join(on="", values=["a", b])`, new Set(['"'])), `Join(on='', values=['a', b])`);
  assert.equal(requote(`Join(on="", values=["it's", b])`, new Set(['"'])), undefined);
  assert.equal(requote(`x # comment`, new Set(['"'])), undefined);
});
