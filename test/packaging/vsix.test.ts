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

/** The text of one entry of a zip file (stored or deflated), located through the central directory. */
function readZipEntry(buffer: Buffer, name: string): string {
  const zlib = require('node:zlib') as typeof import('node:zlib');
  let eocd = buffer.length - 22;
  while (eocd >= 0 && buffer.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  let offset = buffer.readUInt32LE(eocd + 16);
  for (let i = buffer.readUInt16LE(eocd + 10); i > 0; i--) {
    const method = buffer.readUInt16LE(offset + 10);
    const compressed = buffer.readUInt32LE(offset + 20);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const local = buffer.readUInt32LE(offset + 42);
    if (buffer.toString('utf8', offset + 46, offset + 46 + nameLength) === name) {
      const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
      const data = buffer.subarray(start, start + compressed);
      return (method === 8 ? zlib.inflateRawSync(data) : data).toString('utf8');
    }
    offset += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`${name} is not in the zip file`);
}

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
      // Only a missing vsce skips the test; a package that fails to build is a failure (it was skipped
      // before, which hid a VSIX that vsce refused to write).
      if (/vsce: (command )?not found|ENOENT/.test(output)) {
        t.skip('vsce is not installed');
        return;
      }
      assert.fail(`npm run package failed: ${output.trim().split('\n').filter(Boolean).slice(-4).join(' / ')}`);
    }
    const buffer = fs.readFileSync(vsix);
    const names = listWithUnzip(vsix) ?? zipEntries(buffer).map((e) => e.name);
    assert.deepEqual([...names].sort(), zipEntries(buffer).map((e) => e.name).sort(), 'our zip reader agrees with unzip');
    const required = [
      'extension/dist/extension.js',
      'extension/dist/server.js',
      'extension/dist/server-bundle.js',
      'extension/dist/web-tree-sitter.wasm',
      'extension/dist/tree-sitter-python.wasm',
      'extension/dist/sdk-signatures-v2.json',
      'extension/dist/sdk-signatures-v3.json',
      'extension/dist/sdk-history.json',
      'extension/dist/sdk-modules.json',
      'extension/dist/api-sagemaker.json',
      'extension/dist/api-constraints.json',
      'extension/package.json',
    ];
    for (const name of required) assert.ok(names.includes(name), `${name} is missing from the VSIX`);
    // The extension runs dist/extension.js and dist/server.js; the command line's bundle (1+ MB) is not shipped,
    // nor the server's V8 code cache: it holds for the Node that built it, and VS Code runs the server in Electron.
    const forbidden = names.filter((n) => /(^|\/)(src|test|node_modules)\//.test(n) || /\.ts$/.test(n) || /\.map$/.test(n) || ['extension/dist/cli.js', 'extension/dist/server-bundle.cache'].includes(n));
    assert.deepEqual(forbidden, []);
    const kb = (buffer.length / 1024).toFixed(0);
    t.diagnostic(`VSIX: ${names.length} files, ${kb} KiB`);
    assert.ok(buffer.length < 20 * 1024 * 1024, `the VSIX is ${kb} KiB`);
    const inVsix = (doc: string) => names.some((n) => n.toLowerCase() === `extension/${doc.toLowerCase()}` || n.toLowerCase().startsWith(`extension/${doc.toLowerCase()}.`));
    const missing = ['README.md', 'CHANGELOG.md', 'LICENSE', 'images/icon.png'].filter((doc) => !inVsix(doc));
    assert.deepEqual(missing, [], 'documents missing from the VSIX');
    // The Marketplace page is the user-facing MARKETPLACE.md, not the developers' README.
    const readme = readZipEntry(buffer, names.find((n) => n.toLowerCase() === 'extension/readme.md')!);
    assert.match(readme, /^# SageLint for VS Code/);
    assert.doesNotMatch(readme, /npm ci|npm run|Set up \(developers\)/);
    assert.match(readme, /sagelint\.select/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
