/**
 * Repository content is untrusted: the bounded reader reads only regular files of bounded size inside
 * bounds, and environment detection reads every project file through it. (What used to hang or fill
 * memory, a requirements.txt -> /dev/zero or a named pipe, runs in child processes in
 * test/reliability/hostile-repo.test.ts; here only what cannot hang this process.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_FILE_MAX_BYTES, readBoundedBytes, readBoundedText } from '../../server/src/io/boundedRead';
import { readDeclaredRequirements } from '../../server/src/environment/declared';
import { detectEnvironment } from '../../server/src/environment/detect';
import { findMypyConfig } from '../../server/src/environment/mypy';
import { loadPyproject } from '../../server/src/config/pyproject';
import { analyze } from '../../server/src/analysis/analyze';
import { DEFAULT_SETTINGS } from '../../server/src/config/settings';
import { parsePython } from '../helpers/python';

const posix = process.platform !== 'win32';

function scratch(): { dir: string; write(name: string, content: string | Buffer): string; cleanup(): void } {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sagelint-bounded-')));
  return {
    dir,
    write(name, content) {
      const file = path.join(dir, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
      return file;
    },
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

test('bounded reader: regular files are read; missing, special, oversized and outside files are refused with a reason', { skip: !posix }, () => {
  const s = scratch();
  const outside = scratch();
  try {
    const file = s.write('requirements.txt', 'boto3==1.35.0\n');
    assert.deepEqual(readBoundedText(file, { maxBytes: 100 }), { ok: true, text: 'boto3==1.35.0\n' });
    assert.equal(readBoundedText(path.join(s.dir, 'absent.txt'), { maxBytes: 100 }).ok, false);
    assert.equal((readBoundedBytes(path.join(s.dir, 'absent.txt'), { maxBytes: 100 }) as { reason: string }).reason, 'missing');

    // Exactly at the cap is read; one byte over is not.
    s.write('cap.txt', 'x'.repeat(100));
    assert.equal(readBoundedText(path.join(s.dir, 'cap.txt'), { maxBytes: 100 }).ok, true);
    const over = readBoundedBytes(path.join(s.dir, 'cap.txt'), { maxBytes: 99 });
    assert.equal(over.ok, false);
    assert.equal(!over.ok && over.reason, 'too-large');

    fs.symlinkSync('/dev/zero', path.join(s.dir, 'zero.txt'));
    const zero = readBoundedBytes(path.join(s.dir, 'zero.txt'), { maxBytes: PROJECT_FILE_MAX_BYTES });
    assert.equal(!zero.ok && zero.reason, 'not-a-file');
    assert.match(!zero.ok ? zero.message : '', /symbolic link to \/dev\/zero, which is a device, not a regular file/);
    assert.equal((readBoundedBytes('/dev/zero', { maxBytes: 10 }) as { reason: string }).reason, 'not-a-file');

    fs.mkdirSync(path.join(s.dir, 'folder.txt'));
    assert.match((readBoundedBytes(path.join(s.dir, 'folder.txt'), { maxBytes: 10 }) as { message: string }).message, /a folder/);

    // A symbolic link to a regular file: followed inside the bounds, refused outside them.
    const secret = outside.write('secret.txt', 'boto3==1.0\n');
    fs.symlinkSync(secret, path.join(s.dir, 'linked.txt'));
    assert.equal(readBoundedText(path.join(s.dir, 'linked.txt'), { maxBytes: 100 }).ok, true, 'no bounds: a link to a regular file is followed');
    const refused = readBoundedBytes(path.join(s.dir, 'linked.txt'), { maxBytes: 100, within: [s.dir] });
    assert.equal(!refused.ok && refused.reason, 'outside');
    fs.symlinkSync(file, path.join(s.dir, 'inside.txt'));
    assert.equal(readBoundedText(path.join(s.dir, 'inside.txt'), { maxBytes: 100, within: [s.dir] }).ok, true);
    // A link to nothing is missing, a link loop is not a file.
    fs.symlinkSync(path.join(s.dir, 'nowhere'), path.join(s.dir, 'dangling.txt'));
    assert.equal((readBoundedBytes(path.join(s.dir, 'dangling.txt'), { maxBytes: 10 }) as { reason: string }).reason, 'missing');
  } finally {
    s.cleanup();
    outside.cleanup();
  }
});

test('bounded reader: a named pipe is refused without opening it for a blocking read', { skip: !posix, timeout: 20_000 }, async () => {
  const s = scratch();
  try {
    const fifo = path.join(s.dir, 'requirements.txt');
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [fifo]);
    const read = readBoundedBytes(fifo, { maxBytes: 100 });
    assert.equal(!read.ok && read.reason, 'not-a-file');
    assert.match(!read.ok ? read.message : '', /a named pipe/);
  } finally {
    s.cleanup();
  }
});

test('requirements: -r/-c includes outside the project are not followed, reported, and make the typing facts uncertain', () => {
  const s = scratch();
  const outside = scratch();
  try {
    const base = outside.write('requirements-base.txt', 'boto3==1.35.0\n');
    const root = path.join(s.dir, 'project');
    s.write('project/requirements.txt', `-r ../${path.basename(outside.dir)}/requirements-base.txt\n-c ${base}\nsagemaker==2.257.6\n`);
    // The outside file sits beside the project: ../<name>/requirements-base.txt would reach it from s.dir only,
    // so place a second copy where the relative include points.
    s.write(`${path.basename(outside.dir)}/requirements-base.txt`, 'boto3==1.35.0\n');
    const project = readDeclaredRequirements(root);
    assert.deepEqual(project.requirements.map((r) => r.name), ['sagemaker'], 'nothing from outside the project was read');
    assert.deepEqual(project.notRead.map((n) => n.why), [
      `the include ../${path.basename(outside.dir)}/requirements-base.txt is outside the project; not followed`,
      `the include ${base} is outside the project; not followed`,
    ]);
    const typing = detectEnvironment({ root, env: {} }).environment.boto3Typing;
    assert.match(typing?.uncertain ?? '', /outside the project/);
    assert.equal(typing?.addTo?.file, path.join(root, 'requirements.txt'), 'only the project file is ever a target');
    // With the repository (or the workspace folders) as the bound, the sibling include is inside it and followed.
    const wide = readDeclaredRequirements(root, [s.dir]);
    assert.deepEqual(wide.requirements.map((r) => r.name), ['boto3', 'sagemaker']);
    assert.deepEqual(wide.notRead.map((n) => n.why), [`the include ${base} is outside the project; not followed`]);
  } finally {
    s.cleanup();
    outside.cleanup();
  }
});

test('SM702: the add-stubs fix never targets a file outside the workspace, and its title names the file by its workspace path', async () => {
  const s = scratch();
  const outside = scratch();
  try {
    const code = 'import boto3\nsm = boto3.client("sagemaker")\n';
    const sm702 = async (root: string, within?: string[]) => {
      const environment = detectEnvironment({ root, env: {}, within }).environment;
      const analysis = analyze(await parsePython(code), DEFAULT_SETTINGS, undefined, { environment });
      return analysis.findings.filter((f) => f.code === 'SM702');
    };

    // requirements.txt -> ../outside/requirements-base.txt (an include): silent, nothing outside is edited.
    outside.write('requirements-base.txt', 'boto3==1.35.0\n');
    s.write('a/requirements.txt', `-r ${path.relative(path.join(s.dir, 'a'), path.join(outside.dir, 'requirements-base.txt'))}\n`);
    assert.deepEqual(await sm702(path.join(s.dir, 'a')), []);
    s.write('b/requirements.txt', `-r ${path.join(outside.dir, 'requirements-base.txt')}\n`);
    assert.deepEqual(await sm702(path.join(s.dir, 'b')), []);

    // requirements.txt itself a symbolic link to a file outside: not read, so no fix edits through it.
    if (posix) {
      fs.mkdirSync(path.join(s.dir, 'c'));
      fs.symlinkSync(path.join(outside.dir, 'requirements-base.txt'), path.join(s.dir, 'c/requirements.txt'));
      assert.deepEqual(await sm702(path.join(s.dir, 'c')), []);
    }

    // An include inside the project declares boto3: the fix edits it, and the title shows its path in the workspace.
    s.write('d/requirements.txt', '-r reqs/requirements-base.txt\n');
    s.write('d/reqs/requirements-base.txt', 'boto3==1.35.0\n');
    const [finding] = await sm702(path.join(s.dir, 'd'));
    const add = finding.moreFixes?.[0];
    assert.ok(add, 'the add-stubs fix is offered');
    assert.equal(add.otherFiles?.[0].file, path.join(s.dir, 'd/reqs/requirements-base.txt'));
    assert.match(add.title, /^Add boto3-stubs\[sagemaker\]==1\.35\.0 to reqs\/requirements-base\.txt/);
    assert.match(finding.message, /to reqs\/requirements-base\.txt/);
  } finally {
    s.cleanup();
    outside.cleanup();
  }
});

test('mypy config and [tool.sagelint] in a file that is not a regular file: absent, with a reason', { skip: !posix }, () => {
  const s = scratch();
  try {
    fs.symlinkSync('/dev/zero', path.join(s.dir, 'pyproject.toml'));
    assert.equal(findMypyConfig(s.dir), undefined);
    const config = loadPyproject(path.join(s.dir, 'pyproject.toml'));
    assert.match(config?.problems[0] ?? '', /pyproject\.toml: not read: a symbolic link to \/dev\/zero, which is a device, not a regular file; sagelint uses its defaults/);
    const detected = detectEnvironment({ root: s.dir, env: {} });
    assert.match(detected.details.join('\n'), /Not read: pyproject\.toml: a symbolic link to \/dev\/zero/);
  } finally {
    s.cleanup();
  }
});
