import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parsePython } from '../helpers/python';
import { ROOT, runCli, scratch } from './run';

interface JsonFinding {
  code: string;
  filename: string;
  location: { row: number; column: number };
  fix: { applicability: 'safe' | 'unsafe' } | null;
}

/** Copies the SM101 and SM102 rule fixtures to a scratch folder. */
function copyFixtures(): { dir: string; files: string[] } {
  const dir = scratch({});
  const files: string[] = [];
  for (const code of ['SM101', 'SM102']) {
    const from = path.join(ROOT, 'test/fixtures/rules', code);
    for (const name of fs.readdirSync(from).sort()) {
      if (!name.endsWith('.py') || name.endsWith('.fixed.py')) continue;
      fs.mkdirSync(path.join(dir, code), { recursive: true });
      fs.copyFileSync(path.join(from, name), path.join(dir, code, name));
      files.push(path.join(code, name));
    }
  }
  return { dir, files };
}

const check = (dir: string, ...args: string[]): JsonFinding[] => {
  const result = runCli(['check', '--no-config', '--format', 'json', '--select', 'SM101,SM102', ...args, '.'], { cwd: dir });
  assert.notEqual(result.status, 2, result.stderr);
  return JSON.parse(result.stdout) as JsonFinding[];
};

for (const unsafe of [false, true]) {
  test(`--fix${unsafe ? ' --unsafe-fixes' : ''} round-trips on the SM101/SM102 fixtures`, async () => {
    const { dir, files } = copyFixtures();
    const before = check(dir);
    const fixable = before.filter((f) => f.fix && (unsafe || f.fix.applicability === 'safe'));
    assert.ok(fixable.length >= 10, `only ${fixable.length} fixable findings in the fixtures`);
    const brokenBefore = new Set<string>();
    for (const file of files) if ((await parsePython(fs.readFileSync(path.join(dir, file), 'utf8'))).root.containsError) brokenBefore.add(file);

    const fixed = runCli(['check', '--no-config', '--select', 'SM101,SM102', '--fix', ...(unsafe ? ['--unsafe-fixes'] : []), '.'], { cwd: dir });
    assert.notEqual(fixed.status, 2, fixed.stderr);
    const summary = /Found (\d+) problems? \((\d+) fixed, (\d+) remaining/.exec(fixed.stdout);
    assert.ok(summary, fixed.stdout.slice(-300));

    // Every fixed file still parses, and no fix that was applied is offered again.
    for (const file of files) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      if (!brokenBefore.has(file)) assert.equal((await parsePython(text)).root.containsError, false, `${file} no longer parses after --fix:\n${text}`);
    }
    const after = check(dir);
    const stillFixable = after.filter((f) => f.fix && (unsafe || f.fix.applicability === 'safe'));
    assert.deepEqual(stillFixable.map((f) => `${path.relative(dir, f.filename)}:${f.location.row}:${f.location.column} ${f.code}`), []);
    assert.equal(Number(summary[3]), after.length, 'the summary counts what is left');
    assert.ok(Number(summary[2]) >= fixable.length, 'the summary counts what was fixed');
    // The fixable findings are gone from their lines (what remains had no fix to apply).
    assert.ok(after.length <= before.length - fixable.length, `${after.length} findings left of ${before.length}, ${fixable.length} fixable`);

    // A second --fix finds nothing more to do, and --diff agrees.
    const again = runCli(['check', '--no-config', '--select', 'SM101,SM102', '--diff', ...(unsafe ? ['--unsafe-fixes'] : []), '.'], { cwd: dir });
    assert.equal(again.stdout, '');
    assert.equal(again.status, 0);
  });
}

test('--fix keeps a byte order mark and the rest of the file byte for byte', () => {
  const text = '\ufefffrom sagemaker.workflow.parameters import ParameterString\r\nbucket = ParameterString(name="B")\r\nx = str(bucket)  # é\r\n';
  const dir = scratch({ 'a.py': text });
  const result = runCli(['check', '--no-config', '--fix', 'a.py'], { cwd: dir });
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.equal(fs.readFileSync(path.join(dir, 'a.py'), 'utf8'), text.replace('str(bucket)', 'bucket.to_string()'));
});
