import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ProjectSettings } from '../../server/src/config/projectSettings';
import { DEFAULT_SETTINGS, isRuleEnabled } from '../../server/src/config/settings';
import { scratch } from '../cli/run';

const CONFIG = '[tool.sagelint]\nignore = ["SM103"]\n';

test('project settings: a closed document is forgotten, so a pyproject.toml appearing beside it changes nothing open', () => {
  const dir = scratch({ 'open/a.py': '', 'closed/b.py': '' });
  const settings = new ProjectSettings(() => undefined);
  const open = pathToFileURL(path.join(dir, 'open/a.py')).href;
  const closed = pathToFileURL(path.join(dir, 'closed/b.py')).href;
  settings.settingsFor(open, DEFAULT_SETTINGS);
  settings.settingsFor(closed, DEFAULT_SETTINGS);
  settings.forget(closed);
  fs.writeFileSync(path.join(dir, 'closed/pyproject.toml'), CONFIG);
  assert.equal(settings.refreshIfChanged(), false, 'only open documents are re-resolved');
  fs.writeFileSync(path.join(dir, 'open/pyproject.toml'), CONFIG);
  assert.equal(settings.refreshIfChanged(), true, 'a configuration appearing beside an open document is noticed');
  assert.equal(isRuleEnabled('SM103', settings.settingsFor(open, DEFAULT_SETTINGS)), false, 'and applied');
});
