import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import Ajv from 'ajv-draft-04';
import { ROOT, TWO_FINDINGS, runCli, scratch } from './run';

/**
 * The SARIF 2.1.0 schema ships in @microsoft/jest-sarif (lib/schemas/sarif-2.1.0-rtm.5.json, the schema of
 * the final 2.1.0 standard as published by SchemaStore); SAGELINT_SARIF_SCHEMA may point at a copy.
 */
function schemaPath(): string | undefined {
  const candidates = [process.env.SAGELINT_SARIF_SCHEMA, path.join(ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json')];
  return candidates.find((p): p is string => !!p && fs.existsSync(p));
}

function sarifFor(files: Record<string, string>, ...args: string[]): { log: Sarif.Log; dir: string; status: number | null } {
  const dir = scratch(files);
  const result = runCli(['check', '--no-config', '--format', 'sarif', ...args, '.'], { cwd: dir });
  return { log: JSON.parse(result.stdout) as Sarif.Log, dir, status: result.status };
}

const FILES = { 'src/a.py': TWO_FINDINGS, 'src/with space/b é.py': TWO_FINDINGS, 'clean.py': 'x = 1\n' };

test('SARIF output validates against the SARIF 2.1.0 JSON schema', (t) => {
  const file = schemaPath();
  if (!file) {
    t.skip('the SARIF 2.1.0 schema is not installed (devDependency @microsoft/jest-sarif); the structural test below still runs');
    return;
  }
  const schema = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  // The SARIF schema is written in JSON Schema draft-04, which ajv-draft-04 implements.
  // unicodeRegExp off: the published schema's language pattern has a stray ']' that only non-unicode regexps accept.
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
  const check = ajv.compile(schema);
  const validate = (log: unknown, _schema: unknown) => (check(log) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
  const { log } = sarifFor(FILES);
  assert.deepEqual(validate(log, schema), []);
  assert.deepEqual(validate(sarifFor({ 'a.py': 'x = 1\n' }).log, schema), []);
  // The validator does catch mistakes.
  const broken = JSON.parse(JSON.stringify(log)) as Sarif.Log;
  (broken.runs[0].results![0].locations![0].physicalLocation!.region as Record<string, unknown>).startLine = 0;
  (broken as unknown as Record<string, unknown>).version = '2.0.0';
  assert.equal(validate(broken, schema).length, 2);
});

test('SARIF output: structure GitHub code scanning needs', () => {
  const { log, dir, status } = sarifFor(FILES);
  assert.equal(status, 1);
  assert.equal(log.version, '2.1.0');
  assert.match(log.$schema!, /sarif-2\.1\.0/);
  assert.equal(log.runs.length, 1);
  const run = log.runs[0];
  const driver = run.tool.driver;
  assert.equal(driver.name, 'sagelint');
  assert.ok(driver.version);
  const ids = driver.rules!.map((r) => r.id);
  assert.ok(ids.includes('SM101') && ids.includes('SM102'));
  for (const rule of driver.rules!) {
    assert.match(rule.id, /^SM\d{3}$/);
    assert.ok(rule.shortDescription?.text && rule.helpUri && rule.name, rule.id);
    assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration!.level!));
  }
  assert.equal(run.columnKind, 'unicodeCodePoints');
  assert.equal(run.originalUriBaseIds!['%SRCROOT%'].uri, `${pathToFileURL(fs.realpathSync(dir)).href}/`.replace(/\/\/$/, '/'));
  const results = run.results!;
  assert.equal(results.length, 4);
  const uris = results.map((r) => r.locations![0].physicalLocation!.artifactLocation!.uri);
  assert.deepEqual(uris, ['src/a.py', 'src/a.py', 'src/with%20space/b%20%C3%A9.py', 'src/with%20space/b%20%C3%A9.py']);
  for (const result of results) {
    assert.equal(driver.rules![result.ruleIndex!].id, result.ruleId);
    assert.ok(['error', 'warning', 'note'].includes(result.level!));
    assert.ok(result.message.text);
    const location = result.locations![0].physicalLocation!;
    assert.equal(location.artifactLocation!.uriBaseId, '%SRCROOT%');
    const region = location.region!;
    assert.ok(region.startLine! >= 1 && region.startColumn! >= 1 && region.endLine! >= region.startLine! && region.endColumn! >= 1);
  }
  assert.deepEqual(results[0].locations![0].physicalLocation!.region, { startLine: 4, startColumn: 5, endLine: 4, endColumn: 16 });
  const fix = results[0].fixes![0];
  assert.equal(fix.artifactChanges[0].replacements[0].insertedContent!.text, 'bucket.to_string()');
  assert.deepEqual(fix.artifactChanges[0].replacements[0].deletedRegion, { startLine: 4, startColumn: 5, endLine: 4, endColumn: 16 });
  assert.equal(run.invocations![0].executionSuccessful, true);
});

test('SARIF output without findings is a valid empty run', () => {
  const { log, status } = sarifFor({ 'a.py': 'x = 1\n' });
  assert.equal(status, 0);
  assert.deepEqual(log.runs[0].results, []);
});
