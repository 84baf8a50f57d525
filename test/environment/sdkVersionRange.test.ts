/** PEP 440 versions and specifier sets as unions of intervals: what pins in notebooks and requirement files admit. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compareVersions, describeRange, exactVersion, intersectRanges, newestAdmitted, parseVersionSpecifier, rangeContains, VersionRange,
} from '../../server/src/environment/sdkVersionRange';

function range(spec: string): VersionRange {
  const r = parseVersionSpecifier(spec);
  assert.ok(r, `${spec} is understood`);
  return r;
}

test('compareVersions: numeric release segments, trailing zeros, PEP 440 suffix order', () => {
  assert.ok(compareVersions('2.9.0', '2.10.0') < 0);
  assert.equal(compareVersions('2.1', '2.1.0'), 0);
  assert.equal(compareVersions('v2.1.0', '2.1'), 0);
  assert.ok(compareVersions('3.0.0', '2.257.6') > 0);
  // 1.0.dev0 < 1.0a1 < 1.0b2 < 1.0rc1 < 1.0 < 1.0+local < 1.0.post1
  const ordered = ['1.0.dev0', '1.0a1', '1.0a2.dev1', '1.0a2', '1.0b2', '1.0rc1', '1.0', '1.0+abc', '1.0.post1.dev0', '1.0.post1', '1.0.1'];
  for (let i = 0; i + 1 < ordered.length; i++) assert.ok(compareVersions(ordered[i], ordered[i + 1]) < 0, `${ordered[i]} < ${ordered[i + 1]}`);
  assert.equal(compareVersions('2.0.0.rc1', '2.0.0rc1'), 0);
  assert.ok(compareVersions('1!0.1', '2.0') > 0, 'epoch first');
});

test('exact pins, ranges, wildcards, compatible release, exclusions', () => {
  const exact = range('==2.160.0');
  assert.ok(rangeContains(exact, '2.160.0'));
  assert.ok(rangeContains(exact, '2.160'));
  assert.ok(!rangeContains(exact, '2.160.1'));
  assert.ok(!rangeContains(exact, '2.160.0.post0'));
  assert.equal(describeRange(exact), '2.160.0');

  const atLeast = range('>=2.173.0');
  assert.ok(rangeContains(atLeast, '2.173.0') && rangeContains(atLeast, '3.1.0') && !rangeContains(atLeast, '2.172.9'));
  assert.equal(describeRange(atLeast), '2.173.0 and later');

  const v2 = range('>=2.173.0,<3');
  assert.ok(rangeContains(v2, '2.257.6') && !rangeContains(v2, '3.0.0'));
  assert.equal(describeRange(v2), '2.173.0 up to but not including 3');

  const star = range('==2.*');
  assert.ok(rangeContains(star, '2.0.0') && rangeContains(star, '2.257.6') && !rangeContains(star, '3.0.0') && !rangeContains(star, '1.72.0'));
  assert.equal(describeRange(star), 'any 2.x release');

  const compatible = range('~=2.100');
  assert.ok(rangeContains(compatible, '2.100.0') && rangeContains(compatible, '2.257.6') && !rangeContains(compatible, '3.0.0') && !rangeContains(compatible, '2.99.0'));
  const patch = range('~=2.100.1');
  assert.ok(rangeContains(patch, '2.100.5') && !rangeContains(patch, '2.101.0'));

  const not = range('!=2.5.0');
  assert.ok(rangeContains(not, '2.4.0') && rangeContains(not, '2.5.1') && !rangeContains(not, '2.5.0'));
  assert.equal(describeRange(not), 'any version, except 2.5.0');

  const greater = range('>2.0');
  assert.ok(!rangeContains(greater, '2.0.0') && !rangeContains(greater, '2.0.0.post1') && rangeContains(greater, '2.0.1'));
  assert.equal(describeRange(greater), 'later than 2.0');
  const greaterPost = range('>1.16.1.post0');
  assert.ok(rangeContains(greaterPost, '1.16.1.post1') && !rangeContains(greaterPost, '1.16.1.post0'));

  const atMost = range('<=2.81.0');
  assert.ok(rangeContains(atMost, '2.81.0') && !rangeContains(atMost, '2.81.1') && !rangeContains(atMost, '2.81.0.post0'));
  assert.equal(describeRange(atMost), '2.81.0 or earlier');
  assert.equal(describeRange(range('<2.81.0')), 'before 2.81.0');
  assert.equal(describeRange(range('>=2.100.0,<2.224.2')), '2.100.0 up to but not including 2.224.2');
  assert.equal(describeRange(range('>=2.100.0,<=2.224.1')), '2.100.0 up to and including 2.224.1');

  assert.equal(describeRange(range('===2.5.0')), '2.5.0');
  assert.deepEqual(range('').intervals, [{}]);
  assert.equal(describeRange(range('')), 'any version');
  assert.equal(parseVersionSpecifier('>=2.173.0', 'sagemaker>=2.173.0')?.text, 'sagemaker>=2.173.0');
  const split = range('>=2,!=2.5.0,<3');
  assert.equal(split.intervals.length, 2);
  assert.equal(describeRange(split), '2 up to but not including 3, except 2.5.0');
  assert.equal(describeRange(range('!=2.5.0')), 'any version, except 2.5.0');
  assert.equal(describeRange(range('<2,>=2.5')), 'no version');
  assert.equal(describeRange(range('==1.*,>=1.5')), '1.5 up to but not including 2');
  assert.equal(describeRange({ intervals: [{ until: '1.0' }, { from: '2.0' }], text: '' }), 'before 1.0 or 2.0 and later');
  assert.ok(rangeContains(split, '2.4.9') && !rangeContains(split, '2.5.0') && rangeContains(split, '2.5.1') && !rangeContains(split, '3.0'));
  assert.equal(range('>=3,<2').intervals.length, 0);
  assert.equal(describeRange(range('>=3,<2')), 'no version');
});

test('poetry caret and tilde', () => {
  const caret = range('^2.1');
  assert.ok(rangeContains(caret, '2.257.6') && !rangeContains(caret, '3.0.0') && !rangeContains(caret, '2.0.9'));
  const caretZero = range('^0.2.3');
  assert.ok(rangeContains(caretZero, '0.2.9') && !rangeContains(caretZero, '0.3.0'));
  const tilde = range('~2.1.3');
  assert.ok(rangeContains(tilde, '2.1.9') && !rangeContains(tilde, '2.2.0'));
});

test('specifiers that are not understood', () => {
  for (const spec of ['>=', '==abc', '>=2,', '=>2.0', '>=2.*', '~=2', '@ https://x/y.whl', '==2.0.*.1']) {
    assert.equal(parseVersionSpecifier(spec), undefined, spec);
  }
});

test('intersectRanges, exactVersion, newestAdmitted', () => {
  const pin = range('>=2.173.0');
  const before = range('<2.224.2');
  const both = intersectRanges(pin, before);
  assert.equal(describeRange(both), '2.173.0 up to but not including 2.224.2');
  assert.equal(both.text, '>=2.173.0 and <2.224.2');
  assert.ok(!rangeContains(intersectRanges(range('==2.160.0'), range('>=2.173.0')), '2.160.0'));
  assert.equal(intersectRanges(range('==2.160.0'), range('>=2.173.0')).intervals.length, 0);

  const installed = exactVersion('2.257.6', 'sagemaker 2.257.6 installed');
  assert.ok(rangeContains(installed, '2.257.6') && !rangeContains(installed, '2.257.7'));
  assert.equal(describeRange(installed), '2.257.6');
  assert.equal(installed.text, 'sagemaker 2.257.6 installed');
  assert.equal(exactVersion('2.1').text, '==2.1');

  const releases = ['2.0.0.rc1', '2.0.0', '2.9.0', '2.10.0', '2.224.1', '2.224.2', '3.0.0', '3.20.0'];
  assert.equal(newestAdmitted(range('>=2.9,<3'), releases), '2.224.2');
  assert.equal(newestAdmitted(range(''), releases), '3.20.0');
  assert.equal(newestAdmitted(range('<2.0.0'), releases), '2.0.0.rc1', 'only a pre-release fits: pip takes it');
  assert.equal(newestAdmitted(range('<2.10'), releases), '2.9.0', 'numeric, not text, order');
  assert.equal(newestAdmitted(range('==4.*'), releases), undefined);
});
