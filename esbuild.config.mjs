// Bundles the client, the server and the CLI, and copies the two wasm files the parser loads at run time
// and the SDK signature data.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { webTreeSitterOptions } from './scripts/webTreeSitter.mjs';

const production = process.argv.includes('--production');
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
  minify: production,
  logLevel: 'warning',
  define: { SAGELINT_VERSION: JSON.stringify(pkg.version) },
  // TypeScript `import` makes esbuild pick web-tree-sitter's ESM build, which needs import.meta.url;
  // its CommonJS build locates its wasm through __dirname, which is what a cjs bundle has.
  ...webTreeSitterOptions(root),
};

fs.mkdirSync(dist, { recursive: true });
await Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: path.join(dist, 'extension.js'), external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: ['server/src/serverEntry.ts'], outfile: path.join(dist, 'server.js') }),
  esbuild.build({ ...common, entryPoints: ['server/src/cli/cli.ts'], outfile: path.join(dist, 'cli.js'), banner: { js: '#!/usr/bin/env node' } }),
]);
fs.chmodSync(path.join(dist, 'cli.js'), 0o755);
for (const [pkgName, file] of [['web-tree-sitter', 'web-tree-sitter.wasm'], ['tree-sitter-python', 'tree-sitter-python.wasm']]) {
  fs.copyFileSync(path.join(root, 'node_modules', pkgName, file), path.join(dist, file));
}
// The SDK signature model, read by the server on first use (server/src/semantic/sdk/signatures).
for (const generation of ['v2', 'v3']) {
  fs.copyFileSync(path.join(root, 'server/src/semantic/sdk/signatures', `data-${generation}.json`), path.join(dist, `sdk-signatures-${generation}.json`));
}
// The SDK's release history, read on first use (server/src/semantic/sdk/history).
fs.copyFileSync(path.join(root, 'server/src/semantic/sdk/history/data.json'), path.join(dist, 'sdk-history.json'));
console.log(`built ${path.relative(root, dist) || '.'}/ (${production ? 'production' : 'development'})`);
