import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

declare const SAGELINT_ROOT: string;
const CLI = path.join(SAGELINT_ROOT, 'dist/cli.js');
const ENVS = path.join(SAGELINT_ROOT, 'test/fixtures/environments');

const SOURCE = 'import sagemaker\nfrom sagemaker.workflow.parameters import ParameterString\nbucket = ParameterString(name="B")\nuri = "s3://" + bucket\n';

/** Copies a fixture workspace to a temporary folder, adds app.py, runs `sagelint check --format json` there. */
function checkIn(workspace: string): { code: string; message: string; fix: { edits: { content: string }[] } | null }[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sagelint-env-'));
  try {
    fs.cpSync(path.join(ENVS, workspace), dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'app.py'), SOURCE);
    const env = { ...process.env };
    delete env.VIRTUAL_ENV;
    const result = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', path.join(dir, 'app.py')], { encoding: 'utf8', cwd: dir, env });
    return JSON.parse(result.stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('the CLI detects the project environment: v2 and v3 projects get different Join imports and SM701 advice', () => {
  const v2 = checkIn('ws-venv-v2-mypy');
  const v3 = checkIn('ws-venv-v3-mypy');
  const joinImport = (findings: ReturnType<typeof checkIn>) => findings.find((f) => f.code === 'SM102')!.fix!.edits.map((e) => e.content).find((c) => c.includes('import Join'));
  assert.equal(joinImport(v2)?.trim(), 'from sagemaker.workflow.functions import Join');
  assert.equal(joinImport(v3)?.trim(), 'from sagemaker.core.workflow.functions import Join');
  assert.match(v2.find((f) => f.code === 'SM701')!.message, /upgrade to sagemaker >= 2\.245\.0/);
  assert.match(v3.find((f) => f.code === 'SM701')!.message, /no v3 release ships py\.typed/);
  // Declared versions only (no environment): the Join import follows them; no mypy configured here, so no SM701.
  const declared = checkIn('req-uv-lock');
  assert.equal(joinImport(declared)?.trim(), 'from sagemaker.core.workflow.functions import Join');
  assert.equal(declared.filter((f) => f.code === 'SM701').length, 0);
});
