/**
 * Runs the vscode-API mocha suite (test/vscode/) in desktop VS Code through @vscode/test-electron.
 * VS Code is the executable named by VSCODE_EXECUTABLE, else @vscode/test-electron's download (cached in
 * .e2e-tools/vscode-test/). Without either (this machine has no route to Microsoft's CDN: the download fails fast
 * with ENOTFOUND) the test prints one line and skips; `npm run test:e2e` runs the same suite in code-server.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { downloadAndUnzipVSCode, runTests, SilentReporter } from '@vscode/test-electron';

declare const SAGELINT_ROOT: string;
const ROOT = SAGELINT_ROOT;

async function findVSCode(): Promise<{ executable?: string; why?: string }> {
  const fromEnv = process.env.VSCODE_EXECUTABLE;
  if (fromEnv) {
    return fs.existsSync(fromEnv) ? { executable: fromEnv } : { why: `VSCODE_EXECUTABLE=${fromEnv} does not exist` };
  }
  try {
    const executable = await downloadAndUnzipVSCode({
      cachePath: path.join(ROOT, '.e2e-tools/vscode-test'), // git-ignored
      reporter: new SilentReporter(),
      timeout: 15_000,
    });
    return { executable };
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return { why: `${e.code ?? ''} ${e.message ?? String(error)}`.trim().split('\n')[0] };
  }
}

test('vscode-API suite in desktop VS Code (@vscode/test-electron)', { timeout: 600_000 }, async (t) => {
  const { executable, why } = await findVSCode();
  if (!executable) {
    const line = `no VS Code for @vscode/test-electron (set VSCODE_EXECUTABLE; download failed: ${why}); skipped, npm run test:e2e runs this suite in code-server`;
    t.skip(line);
    return;
  }
  const built = spawnSync(process.execPath, [path.join(ROOT, 'test/vscode/build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(built.status, 0, `building the suite failed: ${built.stderr}`);
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'sagelint-electron-'));
  try {
    const code = await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(ROOT, 'out/vscode-test/index.js'),
      launchArgs: [
        path.join(ROOT, 'test/e2e/workspace'),
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${userData}`,
        `--extensions-dir=${path.join(userData, 'extensions')}`,
      ],
    });
    assert.equal(code, 0);
  } finally {
    const results = path.join(ROOT, 'out/vscode-test/results.json');
    if (fs.existsSync(results)) t.diagnostic((JSON.parse(fs.readFileSync(results, 'utf8')) as { summary: string }).summary);
    fs.rmSync(userData, { recursive: true, force: true });
  }
});
