import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyze } from '../../server/src/analysis/analyze';
import { DEFAULT_SETTINGS } from '../../server/src/config/settings';
import { detectEnvironment, DetectionInput } from '../../server/src/environment/detect';
import type { SdkEnvironment } from '../../server/src/environment/types';
import { describeFindings, keyOf, parseExpectations } from '../helpers/fixtures';
import { applyEdits, parsePython, syntaxProblems } from '../helpers/python';

declare const SAGELINT_ROOT: string;
const ENVS = path.join(SAGELINT_ROOT, 'test/fixtures/environments');
const FIXTURES = path.join(SAGELINT_ROOT, 'test/fixtures/rules/SM702');
const ws = (name: string): DetectionInput => ({ root: path.join(ENVS, name), env: {} });

/** The environments each fixture subfolder runs in (every one of them). */
const ENVIRONMENTS: Record<string, DetectionInput[]> = {
  'none-txt': [ws('stubs-none-txt'), ws('stubs-plain'), ws('stubs-boto3-installed')],
  'none-pyproject': [ws('stubs-none-pyproject')],
  declared: [ws('stubs-declared-dev'), ws('stubs-poetry-group'), ws('stubs-precommit'), ws('stubs-installed'), ws('stubs-broken-include'), ws('stubs-no-aws'), ws('empty')],
};

async function findingsIn(text: string, environment: SdkEnvironment | undefined) {
  const analysis = analyze(await parsePython(text), DEFAULT_SETTINGS, undefined, { environment });
  assert.deepEqual(analysis.ruleErrors, []);
  return analysis;
}

for (const folder of fs.readdirSync(FIXTURES).sort()) {
  const dir = path.join(FIXTURES, folder);
  if (!fs.statSync(dir).isDirectory()) continue;
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.py')).sort()) {
    test(`SM702 fixture ${folder}/${name}`, async () => {
      const inputs = ENVIRONMENTS[folder];
      assert.ok(inputs, `no environment for fixture folder ${folder}`);
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      for (const input of inputs) {
        const analysis = await findingsIn(text, detectEnvironment(input).environment);
        const actual = describeFindings(text, analysis.findings.filter((f) => f.code === 'SM702'), analysis.lines).map(keyOf);
        const expected = parseExpectations(text).filter((e) => e.code === 'SM702').map(keyOf);
        if (name.startsWith('silent_')) assert.deepEqual(actual, [], path.basename(input.root!));
        else assert.ok(expected.length > 0, 'firing fixture without # expect: SM702');
        assert.deepEqual(actual, expected, path.basename(input.root!));
      }
    });
  }
}

const environmentOf = (name: string) => detectEnvironment(ws(name)).environment;

async function sm702(text: string, environment = environmentOf('stubs-none-txt')) {
  const findings = (await findingsIn(text, environment)).findings.filter((f) => f.code === 'SM702');
  assert.equal(findings.length, 1, `expected one SM702, got ${findings.length}`);
  return findings[0];
}

test('SM702 message names the problem and both fixes; information severity', async () => {
  const finding = await sm702('import boto3\n\nsm = boto3.client("sagemaker")\n');
  assert.equal(finding.severity, 'information');
  assert.match(finding.message, /No type stubs for boto3's sagemaker client.*\(requirements\.txt\).*Add `boto3-stubs\[sagemaker\]==1\.35\.0` to requirements\.txt \(pinned to boto3 1\.35\.0\).*`sm: "SageMakerClient" = \.\.\.`.*TYPE_CHECKING/);
});

test('SM702 fix 1: string annotation and a TYPE_CHECKING import after the imports (unsafe)', async () => {
  const text = '"""Doc."""\nimport os\nimport boto3\n\nsm = boto3.client("sagemaker")\nprint(os.name)\n';
  const finding = await sm702(text);
  assert.equal(finding.fix?.applicability, 'unsafe');
  const fixed = applyEdits(text, finding.fix!.edits);
  assert.equal(
    fixed,
    '"""Doc."""\nimport os\nimport boto3\nfrom typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from mypy_boto3_sagemaker import SageMakerClient\n\nsm: "SageMakerClient" = boto3.client("sagemaker")\nprint(os.name)\n',
  );
  assert.deepEqual(syntaxProblems(await parsePython(fixed)), []);
  // Applied, the module mentions the stubs: SM702 is satisfied.
  assert.equal((await findingsIn(fixed, environmentOf('stubs-none-txt'))).findings.filter((f) => f.code === 'SM702').length, 0);
});

test('SM702 fix 1 reuses an existing TYPE_CHECKING import and block, CRLF kept', async () => {
  const text = 'from typing import TYPE_CHECKING\r\nimport boto3\r\n\r\nif TYPE_CHECKING:\r\n    from os import PathLike\r\n\r\ndef make():\r\n    client = boto3.client("sagemaker")\r\n    return client\r\n';
  const finding = await sm702(text);
  assert.equal(
    applyEdits(text, finding.fix!.edits),
    'from typing import TYPE_CHECKING\r\nimport boto3\r\n\r\nif TYPE_CHECKING:\r\n    from os import PathLike\r\n    from mypy_boto3_sagemaker import SageMakerClient\r\n\r\ndef make():\r\n    client: "SageMakerClient" = boto3.client("sagemaker")\r\n    return client\r\n',
  );
  const withTyping = 'import typing\nimport boto3\nsm = boto3.client("sagemaker")\n';
  assert.equal(applyEdits(withTyping, (await sm702(withTyping)).fix!.edits), 'import typing\nimport boto3\n\nif typing.TYPE_CHECKING:\n    from mypy_boto3_sagemaker import SageMakerClient\nsm: "SageMakerClient" = boto3.client("sagemaker")\n');
});

test('SM702 fix 1 only for a plain single-name assignment outside class bodies', async () => {
  const noFix = [
    'import boto3\nclients = [boto3.client("sagemaker")]\n',
    'import boto3\na = b = boto3.client("sagemaker")\n',
    'import boto3\nsm: object = boto3.client("sagemaker")\n',
    'import boto3\nsm, other = boto3.client("sagemaker"), None\n',
    'import boto3\nclass Holder:\n    sm = boto3.client("sagemaker")\n',
    'import boto3\nsm = None\ndef init():\n    global sm\n    sm = boto3.client("sagemaker")\n',
    'import boto3\nSageMakerClient = object\nsm = boto3.client("sagemaker")\n',
  ];
  for (const text of noFix) {
    const finding = await sm702(text);
    assert.equal(finding.fix, undefined, text);
    // The requirements fix is still offered, alone.
    assert.equal(finding.moreFixes?.[0].edits.length, 0, text);
  }
});

test('SM702 fix 2: a cross-file edit appending the pinned stubs to requirements.txt, with the annotation', async () => {
  const text = 'import boto3\nsm = boto3.client("sagemaker")\n';
  const finding = await sm702(text);
  const add = finding.moreFixes?.[0];
  assert.ok(add);
  assert.equal(add.title, 'Add boto3-stubs[sagemaker]==1.35.0 to requirements.txt and annotate the client');
  assert.equal(add.applicability, 'unsafe');
  assert.deepEqual(add.edits, finding.fix!.edits);
  assert.deepEqual(add.otherFiles, [
    { file: path.join(ENVS, 'stubs-none-txt', 'requirements.txt'), range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, newText: 'boto3-stubs[sagemaker]==1.35.0\n' },
  ]);
  // No trailing newline in the file: the new line goes after a line break, and none is added at the end.
  const plain = (await sm702(text, environmentOf('stubs-plain'))).moreFixes![0].otherFiles![0];
  assert.deepEqual(plain.range.start, { line: 1, character: 33 });
  assert.equal(plain.newText, '\nboto3-stubs[sagemaker]==1.35.0');
  // boto3 only installed (sagemaker declared): pinned to the installed version.
  const installed = (await sm702(text, environmentOf('stubs-boto3-installed'))).moreFixes![0];
  assert.equal(installed.otherFiles![0].newText, 'boto3-stubs[sagemaker]==1.35.7\n');
  // boto3 declared in pyproject.toml: the annotation only, no requirements edit.
  const pyproject = await sm702(text, environmentOf('stubs-none-pyproject'));
  assert.ok(pyproject.fix);
  assert.equal(pyproject.moreFixes, undefined);
  assert.match(pyproject.message, /Add `boto3-stubs\[sagemaker\]>=1\.34` to pyproject\.toml/);
});

test('SM702 fixes are never applied by the command line (other files; unsafe)', async () => {
  const { chooseFixes } = await import('../../server/src/cli/fix');
  const text = 'import boto3\nsm = boto3.client("sagemaker")\n';
  const finding = await sm702(text);
  assert.equal(chooseFixes([finding], false).edits.length, 0);
  const asFix = { ...finding, fix: finding.moreFixes![0] };
  assert.equal(chooseFixes([asFix], true).edits.length, 0, 'a fix with edits to other files is never chosen');
});

test('SM702 doc: the example fires in its example environment, the corrected code does not', async () => {
  const { sagemakerClientWithoutStubs: rule } = await import('../../server/src/rules/environment/SM702-sagemaker-client-without-stubs');
  assert.equal((await findingsIn(rule.doc.example, rule.exampleEnvironment)).findings.filter((f) => f.code === 'SM702').length, 1);
  assert.equal((await findingsIn(rule.doc.example, undefined)).findings.filter((f) => f.code === 'SM702').length, 0);
  assert.equal((await findingsIn(rule.doc.useInstead, rule.exampleEnvironment)).findings.filter((f) => f.code === 'SM702').length, 0);
});

test('SM702 fix 1 in a file with lone \\r line breaks (old Mac): the block found, \\r kept', async () => {
  const text = 'from typing import TYPE_CHECKING\rimport boto3\r\rif TYPE_CHECKING:\r    from os import PathLike\r\rdef make():\r    client = boto3.client("sagemaker")\r    return client\r';
  const finding = await sm702(text);
  assert.ok(finding.fix, 'a fix (the indentation of the TYPE_CHECKING block is found across \\r)');
  assert.equal(
    applyEdits(text, finding.fix.edits),
    'from typing import TYPE_CHECKING\rimport boto3\r\rif TYPE_CHECKING:\r    from os import PathLike\r    from mypy_boto3_sagemaker import SageMakerClient\r\rdef make():\r    client: "SageMakerClient" = boto3.client("sagemaker")\r    return client\r',
  );
});

// The stubs' module named anywhere in the file silences SM702, so the check reads the whole text: a
// comment typed elsewhere (an edit that changes no statement) must not leave the finding reused.
test('SM702: naming the stubs in a comment typed after the call removes the finding at the next keystroke too', async () => {
  const { WasmPythonParser } = await import('../../server/src/parse/wasmParser');
  const { DocumentState } = await import('../../server/src/lsp/documents');
  const { sagemakerClientWithoutStubs: rule } = await import('../../server/src/rules/environment/SM702-sagemaker-client-without-stubs');
  const parser = await WasmPythonParser.create();
  const codes = (state: InstanceType<typeof DocumentState>) => {
    const outcome = state.analysis(parser, DEFAULT_SETTINGS);
    assert.equal(outcome.kind, 'analyzed');
    return (outcome as { analysis: { findings: readonly { code: string }[] } }).analysis.findings.map((f) => f.code).filter((code) => code === 'SM702');
  };
  const state = new DocumentState('file:///project/sm702.py', 1, 'import boto3\n\nprint(boto3.client("sagemaker"))\n');
  state.analyzeOptions = () => ({ environment: rule.exampleEnvironment });
  assert.deepEqual(codes(state), ['SM702']);
  state.applyChange({ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '# see mypy_boto3_sagemaker' });
  state.version = 2;
  const fresh = new DocumentState('file:///project/sm702-fresh.py', 1, state.text);
  fresh.analyzeOptions = state.analyzeOptions;
  assert.deepEqual(codes(fresh), [], 'a fresh analysis of the text with the comment finds no SM702');
  assert.deepEqual(codes(state), [], 'the comment names the stubs: no SM702 after the edit either');
  state.dispose();
  fresh.dispose();
});
