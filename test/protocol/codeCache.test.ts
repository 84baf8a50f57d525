/**
 * dist/server.js runs the server's bundle through the V8 code cache a production build makes
 * (server/src/serverEntry.ts, scripts/codeCache.mjs). A copy of the built server gets a cache from the
 * same training run the build uses; the server then says it accepted it and answers exactly as the server
 * without one. A cache it cannot use (another runtime's flags, another build, a damaged file) is refused,
 * and the server still answers the same.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ProtocolClient, StartOptions, docUri } from './client';
import { SAMPLE } from './samples';

declare const SAGELINT_ROOT: string;
const DIST = path.join(SAGELINT_ROOT, 'dist');

/** The server's start line says what it did with the cache; returns that and its diagnostics of SAMPLE. */
async function run(options: StartOptions): Promise<{ codeCache: string; diagnostics: unknown }> {
  const client = await ProtocolClient.start({ timeout: 60_000, ...options });
  try {
    const start = await client.until('the start line', () => client.logs.find((l) => / started \(/.test(l.message))?.message);
    const uri = docUri('cache');
    const diagnostics = await client.open(uri, SAMPLE);
    return { codeCache: /code cache (\w+)/.exec(start)?.[1] ?? 'not said', diagnostics };
  } finally {
    await client.dispose();
  }
}

test('a code cache made by the training run is accepted and changes no answer; one the server cannot use is refused', { timeout: 300_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sagelint-code-cache-'));
  try {
    for (const file of fs.readdirSync(DIST)) {
      if (!file.endsWith('.map') && file !== 'server-bundle.cache') fs.copyFileSync(path.join(DIST, file), path.join(dir, file));
    }
    const server = path.join(dir, 'server.js');
    const cache = path.join(dir, 'server-bundle.cache');
    const without = await run({ server });
    assert.equal(without.codeCache, 'absent');

    const training = `import { writeCodeCache } from ${JSON.stringify(pathToFileURL(path.join(SAGELINT_ROOT, 'scripts/codeCache.mjs')).href)};\nawait writeCodeCache(${JSON.stringify(dir)});`;
    const trained = spawnSync(process.execPath, ['--input-type=module', '-e', training], { encoding: 'utf8', timeout: 240_000 });
    assert.equal(trained.status, 0, trained.stderr);
    assert.ok(fs.statSync(cache).size > 100_000, 'the cache holds compiled code');

    const cached = await run({ server });
    assert.equal(cached.codeCache, 'accepted');
    assert.deepEqual(cached.diagnostics, without.diagnostics);

    // Other V8 flags (as another Node or Electron has another V8): V8 rejects the cache and the bundle compiles as usual.
    const otherFlags = await run({ server, nodeArgs: ['--no-opt'] });
    assert.equal(otherFlags.codeCache, 'rejected');
    assert.deepEqual(otherFlags.diagnostics, without.diagnostics);

    const good = fs.readFileSync(cache);
    // A damaged file: V8 itself would not notice (no checksum in release builds); the server refuses it.
    const damaged = Buffer.from(good);
    damaged[damaged.length - 1000] ^= 0xff;
    fs.writeFileSync(cache, damaged);
    const fromDamaged = await run({ server });
    assert.equal(fromDamaged.codeCache, 'rejected');
    assert.deepEqual(fromDamaged.diagnostics, without.diagnostics);

    // Another build of the bundle: V8 compares only the source's length, so the build line decides.
    fs.writeFileSync(cache, good);
    const bundle = path.join(dir, 'server-bundle.js');
    const source = fs.readFileSync(bundle, 'utf8');
    fs.writeFileSync(bundle, source.replace(/^(\/\/ sagelint build )[0-9a-f]/, (_, line: string) => `${line}${source[line.length] === '0' ? '1' : '0'}`));
    const otherBuild = await run({ server });
    assert.equal(otherBuild.codeCache, 'rejected');
    assert.deepEqual(otherBuild.diagnostics, without.diagnostics);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
