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
