// Requirements files are user text too: any content, half-typed or binary, must analyse without an
// exception, with every finding inside the document and its fix edits inside it as well.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeRequirements } from '../../server/src/requirements/analyzeRequirements';
import { DEFAULT_SETTINGS } from '../../server/src/config/settings';

const LINES = [
  'boto3==1.35.10', 'boto3-stubs[sagemaker]==1.34.0', 'mypy-boto3-sagemaker==1.33.0', 'types-boto3[sagemaker,s3]==1.30.1',
  'sagemaker>=2.200,<3', '-r other.txt', '-c constraints.txt', '--index-url https://example.invalid/simple', '# comment',
  'boto3 == 1.35.10 ; python_version >= "3.8"', 'boto3-stubs[sagemaker]==1.34.0  # noqa: SM703', 'git+https://example.invalid/x.git#egg=boto3',
  '', '\\', 'boto3-stubs[', '==', 'boto3==', '\u0000', '😀==1.0', 'boto3-stubs[sagemaker]===1.2.3', 'boto3-stubs[sagemaker]~=1.34',
];

test('fuzz: requirements-file analysis never throws and keeps findings inside the text (fast-check)', () => {
  const lineArb = fc.oneof(fc.constantFrom(...LINES), fc.string({ maxLength: 30, unit: 'binary' }));
  const textArb = fc.tuple(fc.array(lineArb, { maxLength: 12 }), fc.constantFrom('\n', '\r\n', '\r')).map(([lines, eol]) => lines.join(eol));
  let fired = 0;
  fc.assert(
    fc.property(textArb, (text) => {
      const analysis = analyzeRequirements(text, DEFAULT_SETTINGS, { path: '/tmp/requirements.txt' });
      assert.deepEqual(analysis.ruleErrors, []);
      for (const finding of analysis.findings) {
        fired++;
        assert.ok(finding.start >= 0 && finding.start <= finding.end && finding.end <= text.length, `finding range ${finding.start}-${finding.end} in ${text.length}`);
        for (const edit of finding.fix?.edits ?? []) assert.ok(edit.start >= 0 && edit.start <= edit.end && edit.end <= text.length);
      }
    }),
    { numRuns: 600, seed: Number(process.env.SAGELINT_SEED ?? 3) },
  );
  assert.ok(fired > 0, 'the generated files included drifting pins that SM703 reports');
});
