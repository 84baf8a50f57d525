// Entry point of dist/server.js: `node dist/server.js --stdio` (or --node-ipc, as VS Code starts it).
// It only loads the server's bundle, dist/server-bundle.js (serverBundle.ts), through the V8 code cache the
// production build made of it (dist/server-bundle.cache, by scripts/codeCache.mjs). Compiling the bundle
// and then, on first use, each of its functions (the rules run for the first time on the first document)
// is a large part of a start and of the first analysis; with the cache V8 takes the compiled code instead.
// V8 accepts a cache only from the same V8 version with the same flags and for the same source: any other
// runtime (VS Code's Electron, another Node) rejects it after checking its header, and compiles as if there
// were none; so does a development build, which has no cache.
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import zlib from 'node:zlib';
import { HEAP_GROWTH_FLAG } from './lsp/idleCollector';

export const BUNDLE = 'server-bundle.js';
export const CODE_CACHE = 'server-bundle.cache';
/** The bundle's first line, written by the build: `// sagelint build <random id>`. */
const BUILD_LINE = /^\/\/ sagelint build [0-9a-f-]+/;
/** Node 20.15 and later; without it no cache is read (a Node that old did not write it). */
const crc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

/** What became of the code cache: the server's start log says it (see lsp/server.ts). */
export type CodeCacheOutcome = 'accepted' | 'rejected' | 'absent';
export const CODE_CACHE_OUTCOME = Symbol.for('sagelint.codeCache');

/**
 * Compiles and runs the bundle beside this file. Returns what the build's training run (scripts/codeCache.mjs)
 * calls at its end: write the code cache as it stands then, with every function compiled so far.
 */
export function runBundle(dir = __dirname): { writeCache: (file: string) => void } {
  // The idle collector sets --expose-gc when the server starts (lsp/idleCollector.ts), and V8's flags are
  // part of what a cache must match: set here, before compiling, a cache written after the server started
  // matches the flags of the next start when it is read.
  v8.setFlagsFromString('--expose-gc');
  // The same for the heap's growth limit, which the server sets when it starts (limitHeapGrowth).
  v8.setFlagsFromString(HEAP_GROWTH_FLAG);
  const file = path.join(dir, BUNDLE);
  const source = fs.readFileSync(file, 'utf8');
  // V8 checks a cache against the length of the source, not its text: a cache is used only with the bundle
  // of the same build, whose first line names the build (esbuild.config.mjs); the cache starts with that line.
  const build = BUILD_LINE.exec(source)?.[0];
  let cache: Buffer | undefined;
  try {
    cache = fs.readFileSync(path.join(dir, CODE_CACHE));
  } catch {
    cache = undefined; // none (a development build): compile as usual
  }
  const cachedData = cache && build ? cacheOf(cache, build) : undefined;
  // The bundle must not use import(): Node 20 gives a script read from a code cache no dynamic-import
  // callback (web-tree-sitter is given bytes rather than a path for this reason; see parse/wasmParser.ts).
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const outcome: CodeCacheOutcome = !cache ? 'absent' : !cachedData || script.cachedDataRejected ? 'rejected' : 'accepted';
  (globalThis as Record<symbol, unknown>)[CODE_CACHE_OUTCOME] = outcome;
  const bundleModule = { exports: {} };
  const run = script.runInThisContext() as (exports: object, require: NodeRequire, module: object, filename: string, dirname: string) => void;
  // The bundle sits beside this file: its require() of Node's modules and of the data files beside it resolves alike.
  run.call(bundleModule.exports, bundleModule.exports, require, bundleModule, file, dir);
  return {
    writeCache: (to) => {
      if (!build) throw new Error(`${file} does not start with its build line`);
      const data = script.createCachedData();
      if (!crc32) throw new Error('writing a code cache needs zlib.crc32 (Node 20.15 and later)');
      fs.writeFileSync(to, Buffer.concat([Buffer.from(`${build} ${crc32(data)}\n`), data]));
    },
  };
}

/**
 * The V8 data of a cache file written for this build: its first line is the bundle's build line and the
 * CRC-32 of the rest. V8 checks its version, flags and the source's length, not a checksum (release builds),
 * so a damaged file is refused here rather than handed to V8.
 */
function cacheOf(cache: Buffer, build: string): Buffer | undefined {
  const newline = cache.indexOf(10);
  const header = newline > 0 ? cache.toString('latin1', 0, newline) : '';
  const data = cache.subarray(newline + 1);
  return crc32 && header === `${build} ${crc32(data)}` ? data : undefined;
}

if (require.main === module) runBundle();
