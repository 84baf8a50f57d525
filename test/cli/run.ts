/** Runs the built CLI (dist/cli.js, built by `npm test`) in a child process, and makes scratch projects. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

declare const SAGELINT_ROOT: string;
export const ROOT = SAGELINT_ROOT;
export const CLI = path.join(ROOT, 'dist/cli.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[], options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? '',
    encoding: 'utf8',
    env: options.env ?? { ...process.env, NO_COLOR: '1' },
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const scratchFolders: string[] = [];
// Each test file runs in its own process: its scratch folders go when it exits, passed or failed.
process.on('exit', () => {
  for (const dir of scratchFolders) fs.rmSync(dir, { recursive: true, force: true });
});

/** Creates a temporary folder holding `files` (path → content), removed when the test process exits; returns its path. */
export function scratch(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sagelint-test-'));
  scratchFolders.push(dir);
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(dir, name);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
  return dir;
}

/** A module with one SM101 (line 4, `bucket`, safe fix) and one SM102 (line 5, `bucket`). */
export const TWO_FINDINGS = [
  'from sagemaker.workflow.parameters import ParameterString',
  '',
  'bucket = ParameterString(name="Bucket")',
  'a = str(bucket)',
  'b = "s3://" + bucket',
  '',
].join('\n');
