// Compiles the vscode-API mocha suite (test/vscode/*.ts) to out/vscode-test/, one file per source,
// not bundled: `vscode` comes from the extension host and mocha from the repository's node_modules.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, '../..');
export const outDir = path.join(root, 'out/vscode-test');

export async function buildVscodeSuite() {
  fs.rmSync(outDir, { recursive: true, force: true });
  const entryPoints = fs.readdirSync(here).filter((f) => f.endsWith('.ts')).map((f) => path.join(here, f));
  await esbuild.build({
    entryPoints,
    outdir: outDir,
    bundle: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return path.join(outDir, 'index.js');
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.join(here, 'build.mjs')) {
  console.log(`built ${path.relative(root, await buildVscodeSuite())}`);
}
