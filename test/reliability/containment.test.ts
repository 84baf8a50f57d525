/** Crash containment: a rule that throws is recorded with its code; the other rules and the server go on. */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { WasmPythonParser } from '../../server/src/parse/wasmParser';
import { analyze } from '../../server/src/analysis/analyze';
import { DEFAULT_SETTINGS } from '../../server/src/config/settings';
import { RULES } from '../../server/src/rules/registry';
import { Rule } from '../../server/src/rules/types';
import { pipelineModule } from '../../bench/corpus.mjs';

declare const SAGELINT_ROOT: string;

let parser: WasmPythonParser;
before(async () => {
  parser = await WasmPythonParser.create();
});

const throwing = (code: string, nodeTypes: string[], when: (n: { type: string }) => boolean = () => true): Rule => ({
  ...RULES[0],
  code,
  name: 'always-throws',
  nodeTypes,
  check(node) {
    if (when(node)) throw new Error(`injected failure in ${code}`);
  },
});

test('containment: a throwing rule is logged with its code and the other rules still report', () => {
  const text = pipelineModule(21, 400, { mistakes: 0.5 });
  const tree = parser.parse(text)!;
  const syntax = tree.toSyntaxTree(text);
  const normal = analyze(syntax, DEFAULT_SETTINGS);
  assert.ok(normal.findings.length > 5, 'the module has findings');
  const rules = [throwing('SM998', ['call', 'identifier', 'module']), ...RULES, throwing('SM999', ['attribute'], (n) => n.type === 'attribute')];
  const contained = analyze(syntax, DEFAULT_SETTINGS, undefined, { rules });
  tree.free();
  assert.deepEqual(contained.ruleErrors.map((e) => e.code).sort(), ['SM998', 'SM999'], 'each failing rule recorded once');
  assert.match(String(contained.ruleErrors[0].error), /injected failure/);
  const summary = (fs: readonly { code: string; start: number; end: number }[]) => fs.map((f) => `${f.code}@${f.start}-${f.end}`);
  assert.deepEqual(summary(contained.findings), summary(normal.findings));
});

test('containment: the server logs a rule failure with the rule code', () => {
  // The server cannot be given a rule list over the protocol; check the message it logs for ruleErrors.
  const server = fs.readFileSync(path.join(SAGELINT_ROOT, 'server/src/lsp/server.ts'), 'utf8');
  assert.match(server, /rule \$\{failure\.code\} failed on/);
});
