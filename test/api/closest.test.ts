import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closestName, editDistance, nearestNames } from '../../server/src/api/closest';

test('edit distance counts adjacent transpositions as one edit', () => {
  assert.equal(editDistance('TrainingJobNmae', 'TrainingJobName'), 1);
  assert.equal(editDistance('S3ModelArtifact', 'S3ModelArtifacts'), 1);
  assert.equal(editDistance('abc', 'abc'), 0);
  assert.equal(editDistance('', 'abc'), 3);
});

test('closestName prefers a case-insensitive match, stays within a typo budget, and keeps candidate order on ties', () => {
  assert.equal(closestName('trainingjobname', ['TrainingJobArn', 'TrainingJobName']), 'TrainingJobName');
  assert.equal(closestName('ModelName', ['ModelCard', 'ModelPackageName']), undefined);
  assert.equal(closestName('S3Url', ['S3Uri', 'S3UploadMode']), 'S3Uri');
  assert.equal(closestName('xyz', ['abc']), undefined);
  assert.equal(closestName('ab', ['ac', 'ad']), 'ac');
});

test('nearestNames returns the closest candidates first', () => {
  assert.deepEqual(nearestNames('ml.m5.xlarg', ['ml.c5.xlarge', 'ml.m5.xlarge', 'ml.m5.large'], 2), ['ml.m5.xlarge', 'ml.c5.xlarge']);
});

/** The textbook full-matrix optimal string alignment distance, to check the rolling-row version against. */
function referenceDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

test('editDistance equals the full-matrix distance on random strings, short and longer than its buffers', () => {
  let seed = 42;
  const random = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % k);
  const word = (max: number) => Array.from({ length: random(max) }, () => 'abcml.5x'[random(8)]).join('');
  for (let i = 0; i < 2000; i++) {
    const a = word(i % 10 === 0 ? 90 : 14);
    const b = random(3) === 0 ? a.slice(0, -1) + 'x' : word(i % 10 === 0 ? 90 : 14);
    const expected = Math.abs(a.length - b.length) > 8 ? Math.abs(a.length - b.length) : referenceDistance(a, b);
    assert.equal(editDistance(a, b), expected, `${a} / ${b}`);
  }
});

test('nearestNames answers from its cache are copies: a caller changing one does not change the next answer', () => {
  const candidates = ['ml.c5.xlarge', 'ml.m5.xlarge', 'ml.m5.large'];
  const first = nearestNames('ml.m5.xlarg', candidates, 2);
  first.push('changed');
  assert.deepEqual(nearestNames('ml.m5.xlarg', candidates, 2), ['ml.m5.xlarge', 'ml.c5.xlarge']);
});

test('closestName (with its length filter and cache) answers like a plain scan over every candidate', () => {
  const plain = (name: string, candidates: string[]) => {
    const budget = name.length <= 4 ? 1 : name.length <= 10 ? 2 : 3;
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of candidates) {
      if (candidate === name) return candidate;
      const distance = candidate.toLowerCase() === name.toLowerCase() ? 0.5 : editDistance(name.toLowerCase(), candidate.toLowerCase());
      if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
    }
    return bestDistance <= budget ? best : undefined;
  };
  let seed = 7;
  const random = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % k);
  const word = () => Array.from({ length: 1 + random(12) }, () => 'abAB_x'[random(6)]).join('');
  for (let i = 0; i < 500; i++) {
    const candidates = Array.from({ length: 1 + random(20) }, word);
    const name = random(2) ? word() : candidates[0].slice(1);
    assert.equal(closestName(name, candidates), plain(name, candidates), `${name} in ${candidates.join(',')}`);
    assert.equal(closestName(name, new Set(candidates)), plain(name, candidates), 'same answer from the cache and for a Set');
  }
});

test('nearestNames (which skips candidates too different in length) answers like sorting every candidate by distance', () => {
  const plain = (name: string, candidates: string[], count: number) =>
    candidates
      .map((candidate, index) => ({ candidate, index, distance: editDistance(name.toLowerCase(), candidate.toLowerCase()) }))
      .sort((a, b) => a.distance - b.distance || a.index - b.index)
      .slice(0, count)
      .map((entry) => entry.candidate);
  let seed = 7;
  const random = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % k);
  // Short words of few letters (many ties), some far longer (past editDistance's cut-off of 8), mixed case.
  const word = () => Array.from({ length: random(4) === 0 ? 5 + random(20) : random(7) }, () => 'abAB.5'[random(6)]).join('');
  for (let i = 0; i < 3000; i++) {
    const candidates = Array.from({ length: random(12) }, word);
    const name = random(4) === 0 && candidates.length ? candidates[random(candidates.length)] : word();
    const count = random(5);
    assert.deepEqual(nearestNames(name, candidates, count), plain(name, candidates, count), `${name} in ${candidates.join(',')} (${count})`);
  }
});
