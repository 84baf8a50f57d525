import { FAMILIES } from '../../server/src/rules/types';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { RULES } from '../../server/src/rules/registry';
import { renderRuleDoc, renderRuleIndex } from '../../server/src/rules/docs';
import type { AnalyzeOptions } from '../../server/src/analysis/analyze';

declare const SAGELINT_ROOT: string;
const docsDir = path.join(SAGELINT_ROOT, 'docs/rules');

test('every rule has a stable code, a kebab-case name and a complete doc', () => {
  const codes = new Set<string>();
  for (const rule of RULES) {
    assert.match(rule.code, /^SM[1-9]\d{2}$/);
    assert.ok(FAMILIES[rule.code[2]], `${rule.code}: no family ${rule.code[2]} in FAMILIES`);
    assert.ok(!codes.has(rule.code), `duplicate code ${rule.code}`);
    codes.add(rule.code);
    assert.match(rule.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    for (const field of ['what', 'why', 'example', 'useInstead', 'fixSafety', 'sdkVersions'] as const) {
      assert.ok(rule.doc[field].trim().length > 20, `${rule.code} doc.${field} is missing or too short`);
    }
    assert.ok(rule.doc.references.length > 0, `${rule.code} has no references`);
  }
});

test('docs/rules is up to date with the rules (run `npm run gen:docs`)', () => {
  for (const rule of RULES) {
    const file = path.join(docsDir, `${rule.code}.md`);
    assert.ok(fs.existsSync(file), `${file} is missing: run npm run gen:docs`);
    assert.equal(fs.readFileSync(file, 'utf8'), renderRuleDoc(rule), `${rule.code}.md is stale: run npm run gen:docs`);
  }
  assert.equal(fs.readFileSync(path.join(docsDir, 'README.md'), 'utf8'), renderRuleIndex(), 'docs/rules/README.md is stale: run npm run gen:docs');
  const documented = fs.readdirSync(docsDir).filter((f) => /^SM\d{3}\.md$/.test(f)).map((f) => f.slice(0, 5));
  assert.deepEqual(documented.sort(), RULES.map((r) => r.code).sort(), 'docs/rules has docs for rules that no longer exist');
});

test('each rule doc example triggers its rule and the corrected code does not', async () => {
  const { WasmPythonParser } = await import('../../server/src/parse/wasmParser');
  const { analyze } = await import('../../server/src/analysis/analyze');
  const { DEFAULT_SETTINGS } = await import('../../server/src/config/settings');
  const parser = await WasmPythonParser.create();
  const { withExampleScripts } = await import('../helpers/python');
  const findingsOf = (text: string, rule?: (typeof RULES)[number], scripts?: AnalyzeOptions) => {
    const parsed = parser.parse(text)!;
    const tree = parsed.toSyntaxTree(text);
    parsed.free();
    assert.ok(!tree.root.containsError, `doc code does not parse:\n${text}`);
    return analyze(tree, DEFAULT_SETTINGS, undefined, { ...scripts, environment: rule?.exampleEnvironment }).findings;
  };
  const { analyzeRequirements } = await import('../../server/src/requirements/analyzeRequirements');
  for (const rule of RULES) {
    if (rule.checkRequirements) {
      // A requirements-file rule: its example and corrected code are requirements files.
      const requirementsFindings = (text: string) => analyzeRequirements(text, DEFAULT_SETTINGS, { environment: rule.exampleEnvironment }).findings;
      assert.ok(requirementsFindings(rule.doc.example).some((f) => f.code === rule.code), `${rule.code}: its example does not trigger it`);
      assert.ok(!requirementsFindings(rule.doc.useInstead).some((f) => f.code === rule.code), `${rule.code}: its "use instead" code triggers it`);
      continue;
    }
    await withExampleScripts(rule, (scripts) => {
      assert.ok(findingsOf(rule.doc.example, rule, scripts).some((f) => f.code === rule.code), `${rule.code}: its example does not trigger it`);
      assert.ok(!findingsOf(rule.doc.useInstead, rule, scripts).some((f) => f.code === rule.code), `${rule.code}: its "use instead" code triggers it`);
    });
  }
});
