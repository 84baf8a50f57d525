/**
 * Builds the VSIX with `npm run package` (in a scratch copy of the repository, so the production build
 * does not overwrite dist/ under tests running in parallel) and checks what is inside.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

declare const SAGELINT_ROOT: string;
const ROOT = SAGELINT_ROOT;

/** Names of the entries of a zip file, read from its central directory. */
export function zipEntries(buffer: Buffer): { name: string; size: number }[] {
  // End of central directory record: signature 0x06054b50, at most 64 KiB of comment after it.
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 0xffff); i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory record)');
  const count = buffer.readUInt16LE(eocd + 10);
  let offset = buffer.readUInt32LE(eocd + 16);
  const entries: { name: string; size: number }[] = [];
  for (let i = 0; i < count; i++) {
    if (buffer.readUInt32LE(offset) !== 0x02014b50) throw new Error(`bad central directory entry ${i}`);
    const size = buffer.readUInt32LE(offset + 24);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    entries.push({ name: buffer.toString('utf8', offset + 46, offset + 46 + nameLength), size });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function listWithUnzip(file: string): string[] | undefined {
  const result = spawnSync('unzip', ['-Z1', file], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return undefined;
  return result.stdout.split('\n').filter(Boolean);
}

/** A copy of the repository's sources (node_modules linked, not copied). */
function copyRepository(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sagelint-vsix-'));
  for (const entry of fs.readdirSync(ROOT)) {
    if (['node_modules', 'out', 'dist', '.git'].includes(entry) || entry.endsWith('.vsix')) continue;
    fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

test('the VSIX holds the bundles, both wasm files, the SDK signature data and the docs, and nothing else', { timeout: 300_000 }, (t) => {
  const dir = copyRepository();
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const built = spawnSync(npm, ['run', 'package'], { cwd: dir, encoding: 'utf8', timeout: 240_000 });
    const version = (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
    const vsix = path.join(dir, `sagelint-${version}.vsix`);
    if (built.status !== 0 || !fs.existsSync(vsix)) {
      const output = `${built.stdout ?? ''}${built.stderr ?? ''}`;
      // Failures outside this test (no vsce) skip it.
      const reason = /vsce: (command )?not found|ENOENT/.test(output) ? 'vsce is not installed' : `npm run package failed: ${output.trim().split('\n').filter(Boolean).slice(-2).join(' / ')}`;
      t.skip(reason);
      return;
    }
    const buffer = fs.readFileSync(vsix);
    const names = listWithUnzip(vsix) ?? zipEntries(buffer).map((e) => e.name);
    assert.deepEqual([...names].sort(), zipEntries(buffer).map((e) => e.name).sort(), 'our zip reader agrees with unzip');
    const required = [
      'extension/dist/extension.js',
      'extension/dist/server.js',
      'extension/dist/cli.js',
      'extension/dist/web-tree-sitter.wasm',
      'extension/dist/tree-sitter-python.wasm',
      'extension/dist/sdk-signatures-v2.json',
      'extension/dist/sdk-signatures-v3.json',
      'extension/package.json',
    ];
    for (const name of required) assert.ok(names.includes(name), `${name} is missing from the VSIX`);
    const forbidden = names.filter((n) => /(^|\/)(src|test|node_modules)\//.test(n) || /\.ts$/.test(n) || /\.map$/.test(n));
    assert.deepEqual(forbidden, []);
    const kb = (buffer.length / 1024).toFixed(0);
    t.diagnostic(`VSIX: ${names.length} files, ${kb} KiB`);
    assert.ok(buffer.length < 20 * 1024 * 1024, `the VSIX is ${kb} KiB`);
    const inVsix = (doc: string) => names.some((n) => n.toLowerCase() === `extension/${doc.toLowerCase()}` || n.toLowerCase().startsWith(`extension/${doc.toLowerCase()}.`));
    const missing = ['README.md', 'CHANGELOG.md', 'LICENSE', 'images/icon.png'].filter((doc) => !inVsix(doc));
    assert.deepEqual(missing, [], 'documents missing from the VSIX');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
