import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { absenceAt, callableHistory, existsIn, judgedRelease, judgedReleaseIsCertain, nameHistory, parameterHistory, sdkReleases } from '../../server/src/semantic/sdk/history';
import { exactVersion, parseVersionSpecifier } from '../../server/src/environment/sdkVersionRange';
import type { SdkEnvironment } from '../../server/src/environment/types';

declare const SAGELINT_ROOT: string;
const DIR = path.join(SAGELINT_ROOT, 'server/src/semantic/sdk/history');
const MIRROR = '/work/.mirror/aws+sagemaker-python-sdk/repo';

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

test('the committed history is what the scripts wrote (checksums in manifest.json)', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(DIR, 'manifest.json'), 'utf8'));
  assert.equal(sha256(path.join(DIR, "data.json")), manifest['data.json'].sha256, 'data.json was edited by hand: regenerate it (README.md there)');
  for (const script of ['gen-sdk-history.py', 'gen-sdk-modules.py', 'gen-sdk-signatures.py']) {
    assert.equal(sha256(path.join(SAGELINT_ROOT, 'scripts', script)), manifest.script_sha256[script], `scripts/${script} changed since the history was generated: regenerate it (README.md there)`);
  }
});

test('the history is not stale: releases read again from the SDK mirror agree with it', { skip: !fs.existsSync(MIRROR) && 'no SDK mirror on this machine (the checksum test still runs)' }, () => {
  const tags = 'v2.224.1,v2.224.2'; // the DeepSpeedModel boundary: two full reads take tens of seconds under load
  const result = spawnSync('python3', ['scripts/gen-sdk-history.py', '--mirror', MIRROR, '--check-releases', tags], { cwd: SAGELINT_ROOT, encoding: 'utf8', timeout: 600_000 });
  assert.equal(result.status, 0, result.stderr);
});

test('releases per major: every v2 and v3 release tag, oldest first; v2.257.2 (a v3 commit) left out', () => {
  const v2 = sdkReleases(2);
  assert.equal(v2[0], '2.0.0');
  assert.equal(v2[v2.length - 1], '2.257.6');
  assert.ok(v2.includes('2.224.2') && v2.includes('2.16.0.post0'));
  assert.ok(!v2.includes('2.257.2') && !v2.some((r) => /rc/.test(r)));
  const v3 = sdkReleases(3);
  assert.equal(v3[0], '3.0.0');
  assert.equal(v3[v3.length - 1], '3.20.0');
});

test('DeepSpeedModel: in sagemaker.djl_inference up to v2.224.1, removed in v2.224.2 (read from the tags)', () => {
  const history = nameHistory('sagemaker.djl_inference', 'DeepSpeedModel')!;
  assert.equal(history.intervals.length, 1);
  assert.equal(history.intervals[0].until, '2.224.2');
  assert.ok(existsIn(history.intervals, '2.160.0'));
  assert.ok(existsIn(history.intervals, '2.224.1'));
  assert.ok(!existsIn(history.intervals, '2.224.2'));
  assert.deepEqual(absenceAt(history.intervals, '2.257.6'), { removedIn: '2.224.2' });
  assert.equal(nameHistory('sagemaker.djl_inference', 'NoSuchName'), undefined);
  // A v2 name v3 does not have ends at v3.0.0; one both have runs on.
  assert.equal(nameHistory('sagemaker.estimator', 'Estimator')!.intervals.at(-1)!.until, '3.0.0');
});

test('deprecation aliases: RealTimePredictor is an old name of Predictor', () => {
  assert.equal(nameHistory('sagemaker.base_predictor', 'RealTimePredictor')!.renamedTo, 'Predictor');
  assert.deepEqual(nameHistory('sagemaker.base_predictor', 'Predictor')!.renamedFrom, ['RealTimePredictor']);
});

test('parameters and callables: what exists when, and what an unknown keyword does', () => {
  const pytorch = callableHistory('sagemaker.pytorch.estimator.PyTorch')!;
  assert.ok(existsIn(pytorch.intervals, '2.0.0'));
  assert.ok(pytorch.unknownKeyword.some((f) => f.fate === 'd' && existsIn(f.intervals, '2.257.6')));
  const entry = parameterHistory('sagemaker.pytorch.estimator.PyTorch', 'entry_point')!;
  assert.ok(existsIn(entry.intervals, '2.0.0') && existsIn(entry.required, '2.0.0'));
  assert.equal(parameterHistory('sagemaker.pytorch.estimator.PyTorch', 'no_such_parameter'), undefined);
});

const sdk = (fields: Partial<NonNullable<SdkEnvironment['sdk']>> & { range: NonNullable<SdkEnvironment['sdk']>['range'] }): SdkEnvironment['sdk'] => ({ major: 2, version: '2.0.0', source: 'declared', ...fields });

test('judgedRelease: installed version; a pin or range: the newest release of its major it admits; nothing: undefined', () => {
  assert.equal(judgedRelease(sdk({ source: 'installed', version: '2.100.0', range: exactVersion('2.100.0') })), '2.100.0');
  assert.equal(judgedRelease(sdk({ source: 'notebook', version: '2.160.0', range: parseVersionSpecifier('==2.160.0')! })), '2.160.0');
  assert.equal(judgedRelease(sdk({ version: '2.173.0', range: parseVersionSpecifier('>=2.173.0')! })), '2.257.6');
  assert.equal(judgedRelease(sdk({ version: '2.173.0', range: parseVersionSpecifier('>=2.173.0,<2.224.2')! })), '2.224.1');
  assert.equal(judgedRelease(sdk({ major: 3, version: '3.0.0', range: parseVersionSpecifier('>=3')! })), '3.20.0');
  assert.equal(judgedRelease(undefined), undefined);
  assert.equal(judgedRelease(sdk({ version: '2.300.0', range: parseVersionSpecifier('>=2.300.0,<3')! })), undefined);
  assert.ok(judgedReleaseIsCertain(sdk({ source: 'notebook', range: parseVersionSpecifier('==2.160.0')! })));
  assert.ok(!judgedReleaseIsCertain(sdk({ range: parseVersionSpecifier('>=2.173.0')! })));
});

test('judgedRelease answers each range by its major and intervals, however often and in whatever order asked', () => {
  // Judgements are remembered per range: the same intervals under the other major, and the same text with
  // other intervals, are other questions.
  const from = parseVersionSpecifier('>=2.173.0')!;
  assert.equal(judgedRelease(sdk({ range: from })), '2.257.6');
  assert.equal(judgedRelease(sdk({ major: 3, range: from })), '3.20.0');
  assert.equal(judgedRelease(sdk({ range: { ...parseVersionSpecifier('==2.160.0')!, text: from.text } })), '2.160.0');
  assert.ok(judgedReleaseIsCertain(sdk({ range: { ...parseVersionSpecifier('==2.160.0')!, text: from.text } })));
  assert.ok(!judgedReleaseIsCertain(sdk({ range: from })));
  for (let i = 0; i < 300; i++) assert.equal(judgedRelease(sdk({ range: parseVersionSpecifier(`>=2.${i},<2.${i + 1}`)! }))?.startsWith(`2.${i}.`) ?? true, true);
  assert.equal(judgedRelease(sdk({ range: from })), '2.257.6');
});
