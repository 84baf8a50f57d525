import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

declare const SAGELINT_ROOT: string;

/** The built CLI (`npm test` builds dist/ before running the tests). */
export const CLI = path.join(SAGELINT_ROOT, 'dist/cli.js');

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], options: { cwd?: string; timeoutMs?: number } = {}): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd, encoding: 'utf8', timeout: options.timeoutMs ?? 30_000, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh temporary folder, removed by the returned cleanup function. */
export function tempDir(prefix = 'sagelint-test-'): { dir: string; write(name: string, content: string | Buffer): string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    dir,
    write(name, content) {
      const file = path.join(dir, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
      return file;
    },
    cleanup() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface JsonFinding {
  code: string;
  message: string;
  location: { row: number; column: number };
  end_location: { row: number; column: number };
  filename: string;
  noqa_row: number;
  fix: null | { applicability: string; message: string; edits: { content: string; location: { row: number; column: number }; end_location: { row: number; column: number } }[] };
}

/** `sagelint check --format json` on files; parses stdout. */
export function checkJson(paths: readonly string[], extraArgs: readonly string[] = []): { status: number | null; findings: JsonFinding[]; stderr: string } {
  const result = runCli(['check', ...paths, '--format', 'json', ...extraArgs]);
  return { status: result.status, findings: JSON.parse(result.stdout) as JsonFinding[], stderr: result.stderr };
}
