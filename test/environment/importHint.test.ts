/** The hover's import line names the version it is for: an installed version as such, a declared or pinned range as the range. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis/analyze';
import { DEFAULT_SETTINGS } from '../../server/src/config/settings';
import { importHint } from '../../server/src/environment/importHint';
import { exactVersion, parseVersionSpecifier } from '../../server/src/environment/sdkVersionRange';
import type { SdkEnvironment } from '../../server/src/environment/types';
import { parsePython } from '../helpers/python';

const hintIn = async (environment: SdkEnvironment) => importHint(analyze(await parsePython('import sagemaker\n'), DEFAULT_SETTINGS, undefined, { environment }).model!, 'Join');

test('import hints say the range a requirement or notebook pin admits, not its lowest version', async () => {
  assert.equal(await hintIn({ sdk: { major: 2, version: '2.257.6', source: 'installed', range: exactVersion('2.257.6') } }), '**Import** (sagemaker 2.257.6): `from sagemaker.workflow.functions import Join`');
  const declared = await hintIn({ sdk: { major: 3, version: '3.0.0', source: 'declared', range: parseVersionSpecifier('>=3', 'sagemaker>=3')! } });
  assert.equal(declared, '**Import** (sagemaker>=3, declared): `from sagemaker.core.workflow.functions import Join`');
  const notebook = await hintIn({ sdk: { major: 2, version: '2.173.0', source: 'notebook', range: parseVersionSpecifier('>=2.173.0', 'sagemaker>=2.173.0')!, cell: 1, line: 1 } });
  assert.equal(notebook, '**Import** (sagemaker>=2.173.0, installed by this notebook): `from sagemaker.workflow.functions import Join`');
});
