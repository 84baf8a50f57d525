import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyze } from '../../server/src/analysis/analyze';
import { DEFAULT_SETTINGS } from '../../server/src/config/settings';
import { detectEnvironment, DetectionInput } from '../../server/src/environment/detect';
import { describeFindings, keyOf, parseExpectations } from '../helpers/fixtures';
import { parsePython } from '../helpers/python';

declare const SAGELINT_ROOT: string;
const ENVS = path.join(SAGELINT_ROOT, 'test/fixtures/environments');
const FIXTURES = path.join(SAGELINT_ROOT, 'test/fixtures/rules/SM701');

/** The environment each fixture subfolder runs in. */
const ENVIRONMENTS: Record<string, DetectionInput> = {
  'v3-mypy': { root: path.join(ENVS, 'ws-venv-v3-mypy'), env: {} },
  'v2-mypy': { root: path.join(ENVS, 'ws-venv-v2-mypy'), env: {} },
  'v2-typed-mypy': { root: path.join(ENVS, 'ws-venv-v2-typed-mypy'), env: {} },
  'v3-no-mypy': { root: path.join(ENVS, 'req-pyproject'), pythonPath: '../v3', env: {} },
  'pinned-untyped-mypy': { root: path.join(ENVS, 'req-pinned-untyped-mypy'), env: {} },
  'range-typed-mypy': { root: path.join(ENVS, 'req-range-typed-mypy'), env: {} },
};

for (const folder of fs.readdirSync(FIXTURES).sort()) {
  const dir = path.join(FIXTURES, folder);
  if (!fs.statSync(dir).isDirectory()) continue;
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.py')).sort()) {
    test(`SM701 fixture ${folder}/${name}`, async () => {
      const input = ENVIRONMENTS[folder];
      assert.ok(input, `no environment for fixture folder ${folder}`);
      const environment = detectEnvironment(input).environment;
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      const analysis = analyze(await parsePython(text), DEFAULT_SETTINGS, undefined, { environment });
      assert.deepEqual(analysis.ruleErrors, []);
      const actual = describeFindings(text, analysis.findings.filter((f) => f.code === 'SM701'), analysis.lines).map(keyOf);
      const expected = parseExpectations(text).filter((e) => e.code === 'SM701').map(keyOf);
      if (name.startsWith('silent_')) assert.deepEqual(actual, []);
      else assert.ok(expected.length > 0, 'firing fixture without # expect: SM701');
      assert.deepEqual(actual, expected);
    });
  }
}

test('SM701 advice differs between v2 (upgrade to 2.245.0) and v3 (no typed release)', async () => {
  const text = 'import sagemaker\n';
  const messageIn = async (root: string) => {
    const environment = detectEnvironment({ root: path.join(ENVS, root), env: {} }).environment;
    return analyze(await parsePython(text), DEFAULT_SETTINGS, undefined, { environment }).findings.find((f) => f.code === 'SM701')!;
  };
  const v2 = await messageIn('ws-venv-v2-mypy');
  const v3 = await messageIn('ws-venv-v3-mypy');
  assert.equal(v2.severity, 'information');
  assert.match(v2.message, /sagemaker 2\.232\.0 .*no py\.typed.*mypy\.ini.*upgrade to sagemaker >= 2\.245\.0.*follow_untyped_imports = true.*mypy >= 1\.14/);
  assert.match(v3.message, /sagemaker 3\.20\.0 .*pyproject\.toml.*no v3 release ships py\.typed.*follow_untyped_imports = true.*mypy >= 1\.14/);
  assert.doesNotMatch(v3.message, /upgrade/);
});

test('SM701 doc: the example triggers it in its example environment, the corrected code does not', async () => {
  const { untypedSdkUnderMypy: rule } = await import('../../server/src/rules/environment/SM701-untyped-sdk-under-mypy');
  const findings = async (text: string, withEnvironment: boolean) =>
    analyze(await parsePython(text), DEFAULT_SETTINGS, undefined, withEnvironment ? { environment: rule.exampleEnvironment } : undefined).findings.filter((f) => f.code === 'SM701');
  assert.equal((await findings(rule.doc.example, true)).length, 1);
  assert.equal((await findings(rule.doc.example, false)).length, 0);
  assert.equal((await findings(rule.doc.useInstead, true)).length, 0);
});

test('SM701 from a pin when nothing is installed: fires when no admitted release ships py.typed, silent when one may', async () => {
  const { parseVersionSpecifier } = await import('../../server/src/environment/sdkVersionRange');
  const text = 'import sagemaker\n';
  const sm701 = async (source: 'declared' | 'notebook', specifier: string) => {
    const range = parseVersionSpecifier(specifier, `sagemaker${specifier}`)!;
    const major = Number(/\d+/.exec(specifier)![0]);
    const environment = { sdk: { major, version: `${major}.0.0`, source, from: '/p/requirements.txt', range }, mypyConfig: '/p/mypy.ini' };
    return analyze(await parsePython(text), DEFAULT_SETTINGS, undefined, { environment }).findings.find((f) => f.code === 'SM701');
  };
  const exact = await sm701('declared', '==2.160.0');
  assert.match(exact?.message ?? '', /^requirements\.txt pins sagemaker==2\.160\.0, which has no py\.typed marker, and mypy runs here \(mypy\.ini\).*upgrade to sagemaker >= 2\.245\.0/);
  assert.match((await sm701('notebook', '>=3,<4'))?.message ?? '', /^this notebook installs sagemaker>=3,<4 \(3 up to but not including 4\), whose releases all lack a py\.typed marker, and mypy runs here.*no v3 release ships py\.typed yet/);
  assert.ok(await sm701('declared', '<2.245.0'));
  for (const admitsTyped of ['>=2.200', '==2.245.0', '>=2.100,<3', '~=2.250']) assert.equal(await sm701('declared', admitsTyped), undefined, admitsTyped);
});
