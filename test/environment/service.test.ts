import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { EnvironmentService, uriPath } from '../../server/src/environment/service';

declare const SAGELINT_ROOT: string;
const ENVS = path.join(SAGELINT_ROOT, 'test/fixtures/environments');

test('the server-side service: per-folder detection, cell URIs, settings, trust', () => {
  let changes = 0;
  const service = new EnvironmentService(() => changes++);
  const v2 = path.join(ENVS, 'ws-venv-v2-mypy');
  const v3 = path.join(ENVS, 'ws-venv-v3-mypy');
  service.configure({ roots: [v2, v3] });
  assert.equal(changes, 1);
  const file = pathToFileURL(path.join(v3, 'src/app.py')).href;
  assert.equal(service.optionsFor(file)?.environment?.sdk?.version, '3.20.0');
  assert.equal(service.optionsFor(pathToFileURL(path.join(v2, 'app.py')).href)?.environment?.sdk?.version, '2.232.0');
  const cell = `vscode-notebook-cell:${path.join(v3, 'nb.ipynb')}#W1sZmlsZQ%3D%3D`;
  assert.equal(uriPath(cell), path.join(v3, 'nb.ipynb'));
  assert.equal(service.status(cell).summary, 'SageMaker 3.20.0 (.venv)');
  // sagelint.pythonPath overrides the folder's .venv.
  service.configure({ pythonPath: path.join(ENVS, 'v2-typed') });
  assert.equal(changes, 2);
  assert.equal(service.optionsFor(file)?.environment?.sdk?.version, '2.257.6');
  service.configure({ pythonPath: path.join(ENVS, 'v2-typed') });
  assert.equal(changes, 2, 'no change, no re-analysis');
  // Untrusted: nothing is read, whatever the settings say.
  service.configure({ trusted: false });
  assert.deepEqual(service.optionsFor(file)?.environment, {});
  assert.equal(service.status(file).untrusted, true);
  assert.equal(service.status(file).summary, 'untrusted workspace');
});
