import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { IMAGE_URI_DATA_SCRIPT_SHA256, INSTANCE_INDEPENDENT_IMAGES } from '../../server/src/semantic/sdk/imageUriData';

declare const SAGELINT_ROOT: string;
const SCRIPT = path.join(SAGELINT_ROOT, 'scripts/gen-image-uri-data.py');
const MIRROR = '/work/.mirror/aws+sagemaker-python-sdk/repo';

test('the image-URI data was written by the current scripts/gen-image-uri-data.py', () => {
  const sha = crypto.createHash('sha256').update(fs.readFileSync(SCRIPT)).digest('hex');
  assert.equal(sha, IMAGE_URI_DATA_SCRIPT_SHA256, 'scripts/gen-image-uri-data.py changed since imageUriData.ts was generated: run it');
});

test('the image-URI data is not stale: regenerated from the SDK mirror when it is here', { skip: !fs.existsSync(MIRROR) && 'no SDK mirror on this machine (the checksum test still runs)' }, () => {
  const result = spawnSync('python3', [SCRIPT, '--mirror', MIRROR, '--check'], { cwd: SAGELINT_ROOT, encoding: 'utf8', timeout: 120_000 });
  assert.equal(result.status, 0, result.stderr);
});

test('image-URI data: what the SDK configuration says about well-known frameworks', () => {
  for (const generation of ['v2', 'v3'] as const) {
    const table = INSTANCE_INDEPENDENT_IMAGES[generation];
    // xgboost.json: 1.2-2 has no processors ("Ignoring unnecessary instance type"); 1.5-1 has an inference_graviton image.
    assert.ok(table.xgboost.versions.includes('1.2-2'));
    assert.ok(!table.xgboost.versions.includes('1.5-1'));
    assert.ok(!table.xgboost.versions.includes('1.3-1'));
    assert.equal(table.xgboost.all, false);
    // pytorch and huggingface switch to Neuron images on inf/trn instances; tensorflow has cpu and gpu images.
    assert.equal(table.pytorch, undefined);
    assert.equal(table.huggingface, undefined);
    assert.equal(table.tensorflow, undefined);
  }
});
