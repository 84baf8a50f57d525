// `npm run gen:docs`: writes docs/rules/SMxxx.md and docs/rules/README.md from the rules' metadata.
// A test fails when the committed files differ from what this writes.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sagelint-docs-'));
const outfile = path.join(tmp, 'docs.js');
let loaded;
try {
  await esbuild.build({ entryPoints: [path.join(root, 'server/src/rules/docs.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'warning' });
  loaded = createRequire(import.meta.url)(outfile);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
const { renderRuleDoc, renderRuleIndex, RULES } = loaded;
const dir = path.join(root, 'docs/rules');
fs.mkdirSync(dir, { recursive: true });
for (const file of fs.readdirSync(dir)) if (/^SM\d{3}\.md$/.test(file)) fs.rmSync(path.join(dir, file));
for (const rule of RULES) fs.writeFileSync(path.join(dir, `${rule.code}.md`), renderRuleDoc(rule));
fs.writeFileSync(path.join(dir, 'README.md'), renderRuleIndex());
console.log(`wrote ${RULES.length} rule docs and docs/rules/README.md`);
