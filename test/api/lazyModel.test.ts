/**
 * The build writes the SageMaker API model beside the bundle in the lazy form (io/lazyJson.ts: shapes are
 * parsed one by one); tests read the JSON of the source tree whole. Both must answer alike.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { apiModelOf } from '../../server/src/api/model';
import { plain, readLazyJson } from '../../server/src/io/lazyJson';
import { lazyJsonText } from '../../scripts/lazyJson.mjs';

declare const SAGELINT_ROOT: string;

test('the lazy form of the SageMaker API model answers every operation, shape, type and enum as the whole JSON does', () => {
  const data = JSON.parse(fs.readFileSync(path.join(SAGELINT_ROOT, 'server/src/api/data/sagemaker.json'), 'utf8'));
  const whole = apiModelOf(plain(data));
  const lazy = apiModelOf(readLazyJson(lazyJsonText(data, ['shapes'])));
  assert.equal(lazy.source, whole.source);
  assert.deepEqual(lazy.pythonNames, whole.pythonNames);
  assert.deepEqual(lazy.paginators, whole.paginators);
  for (const python of whole.pythonNames) assert.deepEqual(lazy.operationByPython(python), whole.operationByPython(python), python);
  for (const name of [...Object.keys(data.shapes), ...Object.keys(data.enums), 'NoSuchShape', 'constructor']) {
    assert.deepEqual(lazy.shape(name), whole.shape(name), name);
    assert.deepEqual(lazy.type(name), whole.type(name), name);
    assert.deepEqual(lazy.type(`${name}[]`), whole.type(`${name}[]`), name);
    assert.deepEqual(lazy.enumValues(name), whole.enumValues(name), name);
  }
});
