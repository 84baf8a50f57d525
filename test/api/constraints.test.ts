import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { allPatterns, constraintsSource, memberConstraint, patternMatcher } from '../../server/src/api/constraints';
import { charactersOutside, decides, describeCharacters, translateJavaPattern } from '../../server/src/api/javaPattern';

declare const SAGELINT_ROOT: string;

const BOTOCORE_MIRROR = '/work/.mirror/boto+botocore/repo';
const DATA = path.join(SAGELINT_ROOT, 'server/src/api/data/constraints.json');
const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

test('the constraints were generated from the committed model data by the committed script (checksums)', () => {
  const data = JSON.parse(fs.readFileSync(DATA, 'utf8'));
  for (const [file, sum] of Object.entries(data.sources)) {
    assert.equal(sha256(path.join(SAGELINT_ROOT, file)), sum, `${file} changed since constraints.json was generated: run npm run gen:constraints`);
  }
  assert.equal(sha256(path.join(SAGELINT_ROOT, 'scripts/gen-constraints.mjs')), data.script_sha256, 'scripts/gen-constraints.mjs changed: run npm run gen:constraints');
  assert.equal(constraintsSource(), 'botocore 1.43.67');
});

test('the constraints are not stale: regenerated from the botocore clone when it is here', { skip: !fs.existsSync(BOTOCORE_MIRROR) && 'no botocore clone on this machine (the checksum test still runs)' }, () => {
  const result = spawnSync(process.execPath, ['scripts/gen-constraints.mjs', '--mirror', BOTOCORE_MIRROR, '--check'], { cwd: SAGELINT_ROOT, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
});

test('the constraints data stays small (only members reachable from operation inputs, no docs)', () => {
  const size = fs.statSync(DATA).size;
  assert.ok(size < 120_000, `constraints.json is ${size} bytes`);
});

test('members carry botocore\'s constraints: string length and pattern, numeric range, list items, map keys', () => {
  assert.deepEqual(memberConstraint('sagemaker', 'SendPipelineExecutionStepSuccessRequest', 'CallbackToken'), { min: 10, max: 10, pattern: '[a-zA-Z0-9]+' });
  assert.deepEqual(memberConstraint('sagemaker', 'ListTrainingJobsRequest', 'MaxResults'), { min: 1, max: 100 });
  const subnets = memberConstraint('sagemaker', 'VpcConfig', 'Subnets')!;
  assert.equal(subnets.max, 16);
  assert.equal(subnets.item!.pattern, '[-0-9a-zA-Z]+');
  assert.equal(memberConstraint('sagemaker', 'CreateTrainingJobRequest', 'Environment')!.key!.pattern, '[a-zA-Z_][a-zA-Z0-9_]*');
  assert.equal(memberConstraint('sagemaker-runtime', 'InvokeEndpointInput', 'EndpointName')!.max, 63);
  // Enums are checked against their values, not their constraints; structures have none.
  assert.equal(memberConstraint('sagemaker', 'ListTrainingJobsRequest', 'SortOrder'), undefined);
  assert.equal(memberConstraint('sagemaker', 'CreateTrainingJobRequest', 'ResourceConfig'), undefined);
});

test('every pattern of the model is translated exactly or skipped; the skipped ones are known', () => {
  const skipped: string[] = [];
  for (const java of allPatterns()) {
    const translation = translateJavaPattern(java);
    if (!translation.ok) {
      skipped.push(java);
      continue;
    }
    // Compiled, anchored, Unicode-aware.
    assert.ok(translation.matcher.regex.source.startsWith('^(?:') && translation.matcher.regex.source.endsWith(')$'), java);
    assert.ok(translation.matcher.regex.unicode, java);
  }
  assert.ok(allPatterns().length > 150, `${allPatterns().length} patterns`);
  // Java reads \uD800\uDC00 as one code point; `${1,128}` is a quantified end anchor, an error in JavaScript.
  assert.deepEqual([...skipped].sort(), [
    '([\\p{L}\\p{Z}\\p{N}_.:\\/=+\\-@]*)${1,128}',
    '([\\p{L}\\p{Z}\\p{N}_.:\\/=+\\-@]*)${1,256}',
    '[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\t]*',
  ].sort());
  assert.equal(skipped.length, 3, skipped.join('\n'));
});

test('patterns match the whole value, as the service does', () => {
  const name = patternMatcher('[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}')!;
  assert.equal(name.regex.test('my-job'), true);
  assert.equal(name.regex.test('my_job'), false, 'a prefix match is not a match');
  assert.equal(name.regex.test('-job'), false);
  assert.equal(name.regex.test('a'.repeat(63)), true);
  assert.equal(name.regex.test('a'.repeat(64)), false);
  const alternation = patternMatcher('https://([^/]+)/?(.*)$|^[a-zA-Z0-9](-*[a-zA-Z0-9])*')!;
  assert.equal(alternation.regex.test('https://example.com/x'), true);
  assert.equal(alternation.regex.test('name'), true);
  assert.equal(alternation.regex.test('name_x'), false);
  const lookahead = patternMatcher('(?!^[.-])^([a-zA-Z0-9-_.]+)')!;
  assert.equal(lookahead.regex.test('a.b-c_d'), true);
  assert.equal(lookahead.regex.test('.abc'), false);
  const lookbehind = patternMatcher('([a-zA-Z0-9]([a-zA-Z0-9-]){0,62})(?<!-)')!;
  assert.equal(lookbehind.regex.test('abc-'), false);
  assert.equal(lookbehind.regex.test('abc-d'), true);
});

test('Java-only constructs are translated to their Java meaning or skipped', () => {
  // \A and \z anchor; escaped punctuation is literal; \s is ASCII whitespace in Java.
  assert.equal(translateJavaPattern('\\Aa\\-b\\z').ok && patternMatcher('\\Aa\\-b\\z')!.regex.test('a-b'), true);
  const space = patternMatcher('a\\sb')!;
  assert.equal(space.regex.test('a b'), true);
  assert.equal(space.regex.test('a\u00a0b'), false, 'Java\'s \\s has no no-break space');
  // POSIX classes are US-ASCII in Java; JavaScript's \p{Alpha} would be Unicode's Alphabetic.
  const alpha = patternMatcher('\\p{Alpha}+')!;
  assert.equal(alpha.regex.test('abc'), true);
  assert.equal(alpha.regex.test('é'), false);
  assert.equal(patternMatcher('\\p{ASCII}*')!.regex.test('ü'), false);
  // Unicode categories read the same in both.
  assert.equal(patternMatcher('[\\p{L}\\p{N}]+')!.regex.test('Modèle1'), true);
  for (const untranslatable of ['a*+', 'a++b', '(?>ab)', '(?i)abc', '[a-z&&[^b]]', '[a-z[0-9]]', '\\bword', '\\Qa.b\\E', '\\x{41}', '\\0101', '\\p{javaLowerCase}', '[\\P{Alpha}]', '\\Gx']) {
    assert.equal(translateJavaPattern(untranslatable).ok, false, untranslatable);
  }
  // Lazy quantifiers keep their meaning for a whole-value match.
  assert.equal(patternMatcher('[a-z0-9]([-a-z0-9]*[a-z0-9]){0,39}?')!.regex.test('ab-c'), true);
});

test('values with line terminators are never judged; \\s patterns judge ASCII values only', () => {
  const any = patternMatcher('.*')!;
  assert.equal(decides(any, 'a\nb'), false);
  assert.equal(decides(any, 'a\u0085b'), false);
  assert.equal(decides(any, 'abc'), true);
  const notSpace = patternMatcher('[\\S]+')!;
  assert.equal(decides(notSpace, 'image:1'), true);
  assert.equal(decides(notSpace, 'imäge'), false);
});

test('the characters a pattern can consume, and their words', () => {
  const name = patternMatcher('[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}')!;
  assert.equal(describeCharacters(name.allowed!), 'letters, digits and hyphens');
  assert.deepEqual(charactersOutside(name.allowed!, 'my_job v2'), ['_', ' ']);
  assert.equal(patternMatcher('.*')!.allowed, undefined, '. consumes anything');
  assert.equal(patternMatcher('[^/]+')!.allowed, undefined, 'a negated class consumes almost anything');
  assert.equal(patternMatcher('[\\p{L}]+')!.allowed, undefined);
  assert.equal(describeCharacters(patternMatcher('[a-z0-9](-*[a-z0-9])*')!.allowed!), 'lower-case letters, digits and hyphens');
  assert.equal(describeCharacters(patternMatcher('[a-f0-9]{8}')!.allowed!), undefined, 'a part of the letters has no short words');
});

test('every pattern of botocore\'s sagemaker and sagemaker-runtime models is translated or skipped (counted), when the clone is here', { skip: !fs.existsSync(BOTOCORE_MIRROR) && 'no botocore clone on this machine' }, () => {
  const patterns = new Set<string>();
  for (const file of ['botocore/data/sagemaker/2017-07-24/service-2.json', 'botocore/data/sagemaker-runtime/2017-05-13/service-2.json']) {
    const model = JSON.parse(spawnSync('git', [`--git-dir=${BOTOCORE_MIRROR}`, 'show', `1.43.67:${file}`], { encoding: 'utf8', maxBuffer: 1 << 30 }).stdout);
    for (const shape of Object.values(model.shapes) as Array<{ pattern?: string }>) if (shape.pattern !== undefined) patterns.add(shape.pattern);
  }
  const skipped = [...patterns].filter((java) => !translateJavaPattern(java).ok).sort();
  assert.ok(patterns.size > 220, `${patterns.size} patterns`);
  // The three above, and two IPv4 patterns that use \b (Java's word boundary is not JavaScript's).
  assert.deepEqual(skipped, [
    '((25[0-5]|(2[0-4]|1\\d|[1-9]|)\\d)\\.?\\b){4}',
    '([\\p{L}\\p{Z}\\p{N}_.:\\/=+\\-@]*)${1,128}',
    '([\\p{L}\\p{Z}\\p{N}_.:\\/=+\\-@]*)${1,256}',
    '[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\t]*',
    'ip-((25[0-5]|(2[0-4]|1\\d|[1-9]|)\\d)-?\\b){4}\\..*',
  ]);
});
