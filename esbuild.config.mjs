// Bundles the client, the server and the CLI, and copies the two wasm files the parser loads at run time
// and the data files the server reads on first use (SDK signatures and release history, the API model,
// its constraints and the SDK module table).
import * as esbuild from 'esbuild';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { webTreeSitterOptions } from './scripts/webTreeSitter.mjs';
import { lazyJsonText } from './scripts/lazyJson.mjs';

const production = process.argv.includes('--production');
// NO_MINIFY=1 with --production: the same build with readable names, so that a CPU profile of a cold server
// (where the code cache matters) names its functions.
const minify = production && !process.env.NO_MINIFY;
const root = path.dirname(new URL(import.meta.url).pathname);
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
// --outdir <dir>: build elsewhere than dist/ (the benchmark measures a production build of its own).
const outdirAt = process.argv.indexOf('--outdir');
const dist = outdirAt > 0 ? path.resolve(process.argv[outdirAt + 1]) : path.join(root, 'dist');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // Without a target esbuild 0.28 emits Uint8Array.fromBase64, which Node 20 lacks.
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify,
  logLevel: 'warning',
  define: { SAGELINT_VERSION: JSON.stringify(pkg.version) },
  // TypeScript `import` makes esbuild pick web-tree-sitter's ESM build, which needs import.meta.url;
  // its CommonJS build locates its wasm through __dirname, which is what a cjs bundle has.
  ...webTreeSitterOptions(root),
};

/**
 * Data the server reads on first use, kept out of the server's and the CLI's bundles as JSON files beside
 * them (source → file in dist/). Inside a bundle, 1.5 MB of object literals is source that V8 scans at
 * every start (40% of the bundle; each start compiles the bundle), and that is parsed as JavaScript on
 * first use; beside it, the start never reads it and first use is a JSON.parse. The sources keep their
 * `require` (tests and scripts bundle without this plugin and inline the data as before).
 */
const DATA_FILES = {
  'server/src/api/data/sagemaker.json': 'api-sagemaker.json',
  'server/src/api/data/constraints.json': 'api-constraints.json',
  // A generated TypeScript module of string tables; the build writes its exports as JSON (below).
  'server/src/semantic/sdk/modulesData.ts': 'sdk-modules.json',
};
const dataFilesBeside = {
  name: 'data-files-beside-the-bundle',
  setup(build) {
    build.onResolve({ filter: /(data\/sagemaker\.json|data\/constraints\.json|\/modulesData)$/ }, (args) => {
      const resolved = path.relative(root, path.resolve(args.resolveDir, args.path)).split(path.sep).join('/');
      const source = Object.keys(DATA_FILES).find((file) => file === resolved || file === `${resolved}.ts`);
      return source ? { path: `./${DATA_FILES[source]}`, external: true } : undefined;
    });
  },
};

/** The exports of a generated TypeScript data module (no imports), as JSON. */
async function exportsAsJson(file) {
  const { outputFiles } = await esbuild.build({ entryPoints: [path.join(root, file)], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'warning' });
  const module = { exports: {} };
  new Function('module', 'exports', outputFiles[0].text)(module, module.exports);
  return JSON.stringify(module.exports);
}

fs.mkdirSync(dist, { recursive: true });
await Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: path.join(dist, 'extension.js'), external: ['vscode'] }),
  // dist/server.js loads dist/server-bundle.js through the code cache made below (server/src/serverEntry.ts),
  // which holds only for the bundle of the same build: the bundle's first line names the build.
  esbuild.build({ ...common, entryPoints: ['server/src/serverEntry.ts'], outfile: path.join(dist, 'server.js') }),
  esbuild.build({ ...common, entryPoints: ['server/src/serverBundle.ts'], outfile: path.join(dist, 'server-bundle.js'), banner: { js: `// sagelint build ${crypto.randomUUID()}` }, plugins: [...common.plugins, dataFilesBeside] }),
  esbuild.build({ ...common, entryPoints: ['server/src/cli/cli.ts'], outfile: path.join(dist, 'cli.js'), banner: { js: '#!/usr/bin/env node' }, plugins: [...common.plugins, dataFilesBeside] }),
]);
/**
 * Writes a data file beside and renames it into place: a server running from dist/ (an Extension
 * Development Host) keeps the file it opened and reads its entries from it one by one (io/lazyJson.ts);
 * written over in place, it would have to stop reading it.
 */
function writeBeside(file, text) {
  const next = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(next, text);
  fs.renameSync(next, file);
}
for (const [source, file] of Object.entries(DATA_FILES)) {
  const json = source.endsWith('.ts') ? await exportsAsJson(source) : JSON.stringify(JSON.parse(fs.readFileSync(path.join(root, source), 'utf8')));
  // The API model's shapes are parsed one by one when asked for (io/lazyJson.ts; server/src/api/model.ts
  // reads this file itself rather than through the `require` above, which only tests and scripts take).
  writeBeside(path.join(dist, file), file === 'api-sagemaker.json' ? lazyJsonText(JSON.parse(json), ['shapes']) : json);
}
fs.chmodSync(path.join(dist, 'cli.js'), 0o755);
for (const [pkgName, file] of [['web-tree-sitter', 'web-tree-sitter.wasm'], ['tree-sitter-python', 'tree-sitter-python.wasm']]) {
  fs.copyFileSync(path.join(root, 'node_modules', pkgName, file), path.join(dist, file));
}
// The SDK signature model, read by the server on first use (server/src/semantic/sdk/signatures), in the
// lazy form whose classes, functions and parameters are parsed one by one when asked for (io/lazyJson.ts).
for (const generation of ['v2', 'v3']) {
  const data = JSON.parse(fs.readFileSync(path.join(root, 'server/src/semantic/sdk/signatures', `data-${generation}.json`), 'utf8'));
  writeBeside(path.join(dist, `sdk-signatures-${generation}.json`), lazyJsonText(data, ['classes', 'functions', 'params']));
}
// The SDK's release history, read on first use (server/src/semantic/sdk/history).
fs.copyFileSync(path.join(root, 'server/src/semantic/sdk/history/data.json'), path.join(dist, 'sdk-history.json'));
// The V8 code cache of the server's bundle: production builds only (a training run of the built server,
// a few seconds; see scripts/codeCache.mjs). A development build removes a cache an earlier build left.
const cacheBytes = production ? await (await import('./scripts/codeCache.mjs')).writeCodeCache(dist) : (fs.rmSync(path.join(dist, 'server-bundle.cache'), { force: true }), 0);
console.log(`built ${path.relative(root, dist) || '.'}/ (${production ? `production, code cache ${(cacheBytes / 1024 / 1024).toFixed(1)} MB` : 'development'})`);
