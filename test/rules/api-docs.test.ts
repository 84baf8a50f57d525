import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RULES } from '../../server/src/rules/registry';
import { analyzeText } from '../helpers/python';

/** The API-model rules' docs on their own, so another family's doc problem cannot hide theirs. */
const API_CODES = ['SM301', 'SM302', 'SM303', 'SM401', 'SM402', 'SM403', 'SM404', 'SM501', 'SM502'];

test('the API-model rules are registered and documented; each example fires and its fix does not', async () => {
  for (const code of API_CODES) {
    const rule = RULES.find((r) => r.code === code);
    assert.ok(rule, `${code} is not registered`);
    for (const field of ['what', 'why', 'example', 'useInstead', 'fixSafety', 'sdkVersions'] as const) {
      assert.ok(rule.doc[field].trim().length > 20, `${code} doc.${field}`);
    }
    assert.ok(rule.doc.references.length > 0);
    const example = (await analyzeText(rule.doc.example)).findings;
    assert.ok(example.some((f) => f.code === code), `${code}: its example does not trigger it`);
    const fixed = (await analyzeText(rule.doc.useInstead)).findings;
    assert.ok(!fixed.some((f) => f.code === code), `${code}: its "use instead" code triggers it`);
  }
});
