/**
 * A hostile repository, as a pull request could ship it to `sagelint check` in CI or to a trusted editor
 * workspace: project files that are symbolic links to /dev/zero, a named pipe behind `-r`, includes that
 * leave the repository, a huge (sparse) source file and a pathological `exclude` glob. The built CLI and
 * the built server run on it in child processes under a time limit and a small heap: they must finish
 * (answer), say what they skipped, and still check the ordinary files. The repository is made by the test
 * and removed afterwards.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI } from '../helpers/cli';
import { ProtocolClient } from '../protocol/client';

const posix = process.platform !== 'win32';
/** Generous: each run takes about a second here; what used to happen was a hang, or gigabytes of memory. */
const TIME_LIMIT_MS = 60_000;
const HEAP_MB = 256;
const PATHOLOGICAL = '*?*?*?*?*?*?*?*?*?*?*?*?#';
const FINDING = 'from sagemaker.workflow.execution_variables import ExecutionVariables\nprint(ExecutionVariables.PIPELINE_EXECUTION_ID)\n';

let repo: string;

function hostileRepository(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sagelint-hostile-')));
  const at = (name: string) => path.join(dir, name);
  const write = (name: string, content: string) => {
    fs.mkdirSync(path.dirname(at(name)), { recursive: true });
    fs.writeFileSync(at(name), content);
  };
  fs.mkdirSync(at('.git'));
  for (const name of ['requirements.txt', 'pyproject.toml', 'setup.cfg', 'setup.py', 'Pipfile', 'poetry.lock', 'tox.ini', '.pre-commit-config.yaml', '.gitignore']) fs.symlinkSync('/dev/zero', at(name));
  execFileSync('mkfifo', [at('pipe.txt')]);
  execFileSync('mkfifo', [at('requirements-pipe.txt')]);
  write('requirements-dev.txt', '-r pipe.txt\n-c /dev/zero\n-r ../outside/requirements-base.txt\nboto3==1.35.0\n');
  // A huge source file costs nothing on disk (sparse) and would be gigabytes in memory.
  fs.closeSync(fs.openSync(at('huge.py'), 'w'));
  fs.truncateSync(at('huge.py'), 3 * 1024 * 1024 * 1024);
  // An environment whose sagemaker METADATA is /dev/zero.
  const dist = at('.venv/lib/python3.11/site-packages/sagemaker-2.257.6.dist-info');
  fs.mkdirSync(dist, { recursive: true });
  fs.symlinkSync('/dev/zero', path.join(dist, 'METADATA'));
  // A subproject with a real configuration: a pathological exclude glob against a long path.
  write('sub/pyproject.toml', `[tool.sagelint]\nexclude = ["${PATHOLOGICAL}"]\n[tool.sagelint.per-file-ignores]\n"${PATHOLOGICAL}" = ["SM101"]\n`);
  write(`sub/${'a'.repeat(120)}/${'b'.repeat(120)}.py`, FINDING);
  write('ordinary.py', FINDING);
  return dir;
}

before(() => {
  if (posix) repo = hostileRepository();
});
after(() => {
  if (repo) fs.rmSync(repo, { recursive: true, force: true });
});

test('hostile repository: the CLI finishes under a time and memory bound, reports what it skipped, and checks the rest', { skip: !posix }, () => {
  const started = Date.now();
  const result = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, CLI, 'check', '.', 'requirements-pipe.txt', '--format', 'json'], {
    cwd: repo,
    encoding: 'utf8',
    timeout: TIME_LIMIT_MS,
    env: { ...process.env, VIRTUAL_ENV: '', SAGELINT_PYTHON: '' },
  });
  const elapsed = Date.now() - started;
  console.log(`  hostile repository checked in ${elapsed} ms, exit ${result.status}`);
  assert.equal(result.error, undefined, `the CLI did not finish: ${result.error}`);
  assert.equal(result.signal, null, `killed by ${result.signal}\n${result.stderr}`);
  assert.equal(result.status, 1, `exit 1 (problems found)\n${result.stderr}`);
  const stderr = result.stderr;
  // What was skipped, each with its reason.
  assert.match(stderr, /skipped requirements-pipe\.txt: a named pipe, not a regular file/);
  assert.match(stderr, /skipped .*huge\.py: larger than 5 MB/);
  assert.match(stderr, /requirements\.txt: a symbolic link to \/dev\/zero, which is a device, not a regular file; not read/);
  assert.match(stderr, /pyproject\.toml: not read: a symbolic link to \/dev\/zero/);
  assert.match(stderr, /pipe\.txt: a named pipe, not a regular file; not read/);
  assert.match(stderr, /the include \/dev\/zero is outside the project; not followed/);
  assert.match(stderr, /the include \.\.\/outside\/requirements-base\.txt is outside the project; not followed/);
  assert.match(stderr, /setup\.cfg: a symbolic link to \/dev\/zero/);
  // The ordinary files are checked; the one under the pathological glob too (it matches nothing).
  const findings = JSON.parse(result.stdout) as { filename: string; code: string }[];
  assert.deepEqual(findings.map((f) => [path.basename(f.filename).slice(0, 10), f.code]).sort(), [
    ['bbbbbbbbbb', 'SM101'],
    ['ordinary.p', 'SM101'],
  ]);
});

test('hostile repository: the server (trusted workspace) answers for a document opened there', { skip: !posix, timeout: TIME_LIMIT_MS * 2 }, async () => {
  const client = await ProtocolClient.start({ workspaceFolders: [pathToFileURL(repo).href], nodeArgs: [`--max-old-space-size=${HEAP_MB}`], timeout: TIME_LIMIT_MS });
  try {
    const uri = pathToFileURL(path.join(repo, 'ordinary.py')).href;
    const diagnostics = await client.open(uri, FINDING);
    assert.deepEqual(diagnostics.map((d) => d.code), ['SM101']);
    const hover = await client.hover(uri, { line: 1, character: 30 });
    assert.ok(hover, 'a hover is answered');
    // In the subproject, under the pathological glob in [tool.sagelint] exclude and per-file-ignores.
    const deep = pathToFileURL(path.join(repo, `sub/${'a'.repeat(120)}/${'b'.repeat(120)}.py`)).href;
    assert.deepEqual((await client.open(deep, FINDING)).map((d) => d.code), ['SM101']);
    const warnings = client.logs.map((l) => l.message).join('\n');
    assert.match(warnings, /requirements\.txt: a symbolic link to \/dev\/zero, which is a device, not a regular file; not read/);
    assert.match(warnings, /the include \/dev\/zero is outside the project; not followed/);
  } finally {
    await client.dispose();
  }
});
