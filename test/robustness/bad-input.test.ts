import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { walk } from '../../server/src/parse/syntaxNode';
import { analyzeText } from '../helpers/python';
import { WasmPythonParser } from '../../server/src/parse/wasmParser';
import { analyze } from '../../server/src/analysis/analyze';
import { DEFAULT_SETTINGS } from '../../server/src/config/settings';
import { checkJson, runCli, tempDir } from '../helpers/cli';

const HEADER = [
  'from sagemaker.workflow.execution_variables import ExecutionVariables',
  'from sagemaker.workflow.parameters import ParameterString',
  '',
  'bucket = ParameterString(name="Bucket")',
  'print(bucket)', // line 4 (0-based): the one finding every variant keeps
  '',
].join('\n');

/** Half-typed code as it appears while someone types: nothing in it may produce a finding. */
const HALF_TYPED = [
  'print(ExecutionVariables.',
  'print(ExecutionVariables.PIPELINE_EXECUTION_ID',
  'print(bucket',
  'x = f"{bucket',
  'x = f"{bucket}',
  'x = f"{bucket!}"',
  'x = f"{bucket:{}"',
  'if bucket ==',
  'if bucket',
  'while not bucket',
  '"s3://" + bucket +',
  'path += ',
  'str(bucket',
  'int(bucket',
  'for x in bucket',
  'y = ParameterString(name=\nprint(y)',
  'logger.info("%s", bucket',
  '"{}".format(bucket',
  '"%s" % (bucket,',
  '"/".join([bucket, ',
  'x = [bucket,\nprint(bucket)',
  'print(bucket) = 3',
  'lambda: print(bucket',
  '{bucket: ',
  'assert bucket,',
  'x = bucket if',
];

async function checkNoFindingInBrokenRegions(source: string): Promise<{ lines: number[] }> {
  const analysis = await analyzeText(source);
  assert.deepEqual(analysis.ruleErrors, [], `a rule threw on:\n${source}`);
  const broken = [...walk(analysis.tree.root)].filter((n) => n.broken);
  for (const finding of analysis.findings) {
    const inside = broken.find((n) => n.start < finding.end && finding.start < n.end);
    assert.equal(inside, undefined, `${finding.code} at "${source.slice(finding.start, finding.end)}" overlaps a broken region in:\n${source}`);
  }
  return { lines: analysis.findings.map((f) => analysis.lines.positionAt(f.start).line) };
}

test('half-typed code: no crash, no finding in it, the code before it is still checked', async () => {
  for (const snippet of HALF_TYPED) {
    const source = `${HEADER}${snippet}\n`;
    const { lines } = await checkNoFindingInBrokenRegions(source);
    assert.deepEqual(lines, [4], `expected only the header finding for:\n${snippet}\ngot findings on lines ${lines.map((l) => l + 1)}`);
  }
});

test('syntax errors: findings never overlap ERROR or MISSING nodes', async () => {
  const broken = [
    'def f(:\n    print(bucket)',
    'class C(:\n    x = str(bucket)',
    '@\ndef g(): print(bucket)',
    'print(bucket))',
    'print(bucket) ]',
    'x = 1 +* bucket',
    'if bucket:\nprint(bucket)',
    'try:\n    print(bucket)\n',
    ')))))\nprint(f"{bucket}")',
    '"""unterminated\nprint(bucket)',
    "f'''{bucket}\n",
    'match bucket:\n    case',
    '\x00\x01\x02 print(bucket)',
    'print(bucket\u2028)',
  ];
  for (const snippet of broken) await checkNoFindingInBrokenRegions(`${HEADER}${snippet}\n`);
  // Broken code in front of valid code does not stop the valid code from being checked.
  const { lines } = await checkNoFindingInBrokenRegions(`${HEADER}x = (\n\n\ndef ok():\n    pass\n\nprint(ExecutionVariables.PIPELINE_NAME)\n`);
  assert.ok(lines.includes(4));
});

test('empty and trivial files', async () => {
  for (const text of ['', '\n', '\r\n', '   ', '# only a comment\n', 'import sagemaker\n', 'import sagemaker', '\ufeffimport sagemaker\n']) {
    const analysis = await analyzeText(text);
    assert.deepEqual(analysis.findings, []);
    assert.deepEqual(analysis.ruleErrors, []);
  }
});

test('CRLF and lone-CR files: positions are right', async () => {
  const positionsOf = async (text: string) => {
    const analysis = await analyzeText(text);
    return analysis.findings.map((f) => ({ code: f.code, ...analysis.lines.positionAt(f.start), end: analysis.lines.positionAt(f.end) }));
  };
  const crlf = `${HEADER}x = f"s3://{bucket}"\n`.replace(/\n/g, '\r\n');
  assert.deepEqual(await positionsOf(crlf), [
    { code: 'SM101', line: 4, character: 6, end: { line: 4, character: 12 } },
    { code: 'SM101', line: 5, character: 12, end: { line: 5, character: 18 } },
  ]);
  // Lone CR (old Mac line breaks) ends lines in Python, and the parser is given \n in its place: the same
  // findings at the same places as with \n or \r\n.
  const cr = `${HEADER}x = f"s3://{bucket}"\n`.replace(/\n/g, '\r');
  assert.deepEqual(await positionsOf(cr), await positionsOf(crlf));
});

test('non-ASCII identifiers and astral characters: analyze reports UTF-16 columns', async () => {
  const text = `${HEADER}données = "😀😀"; print("𝔘𝔫𝔦", données, bucket)\n`;
  const analysis = await analyzeText(text);
  const finding = analysis.findings.find((f) => analysis.lines.positionAt(f.start).line === 5)!;
  assert.ok(finding);
  const line = 'données = "😀😀"; print("𝔘𝔫𝔦", données, bucket)';
  assert.equal(analysis.lines.positionAt(finding.start).character, line.indexOf('bucket'));
  assert.equal(line.indexOf('bucket'), 43); // UTF-16: each of the five astral characters counts twice
  assert.equal([...line.slice(0, 43)].length, 38); // code points
  assert.equal(text.slice(finding.start, finding.end), 'bucket');
});

const DEEP_CASES = [
  `x = ${'('.repeat(1000)}bucket${')'.repeat(1000)}`,
  `x = ${'['.repeat(1000)}bucket${']'.repeat(1000)}`,
  `x = ${'f('.repeat(1000)}bucket${')'.repeat(1000)}`,
  `x = ${'{"k": '.repeat(1000)}bucket${'}'.repeat(1000)}`,
  `x = ${'-'.repeat(5000)}1`,
  `x = ${'not '.repeat(2000)}bucket`,
  `x = "a"${' + bucket'.repeat(3000)}`,
  `x = bucket${'.a'.repeat(3000)}`,
  `x = bucket${'[0]'.repeat(2000)}`,
  `x = ${'lambda: '.repeat(1000)}bucket`,
  `x = ${'a = '.repeat(1000)}bucket`.replace('x = ', ''),
  `x = ${'1 if bucket else '.repeat(1000)}2`,
  `print(${'('.repeat(1000)}bucket${')'.repeat(1000)})`,
  `x = ${'['.repeat(1000)}`, // unclosed
  Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}if x:`).join('\n') + `\n${' '.repeat(1000)}print(bucket)`,
  Array.from({ length: 500 }, (_, i) => `${' '.repeat(i)}def f${i}():`).join('\n') + `\n${' '.repeat(500)}print(bucket)`,
];

test('deep nesting does not overflow the stack', async () => {
  // Blocks nested past Python's limit of 100 are refused by default (see parser-recovery.test.ts); the
  // syntax tree and the rules still take them without recursion when the parser is made to parse them.
  const unlimited = await WasmPythonParser.create({ indentationLimit: false });
  for (const snippet of DEEP_CASES) {
    const text = `${HEADER}${snippet}\n`;
    const parsed = unlimited.parse(text);
    assert.ok(parsed, `parsed: ${JSON.stringify(unlimited.lastRefusal)}`);
    const tree = parsed.toSyntaxTree(text);
    parsed.free();
    assert.deepEqual(analyze(tree, DEFAULT_SETTINGS).ruleErrors, []);
  }
  // Nesting Python itself accepts (it allows 100 nested blocks) is still analysed.
  const nestedIfs = Array.from({ length: 90 }, (_, i) => `${' '.repeat(i)}if x:`).join('\n') + `\n${' '.repeat(90)}print(bucket)\n`;
  const analysis = await analyzeText(`${HEADER}${nestedIfs}`);
  assert.equal(analysis.findings.length, 2);
  // A long + chain reports its first variable once.
  const chain = await analyzeText(`${HEADER}x = "a"${' + bucket'.repeat(3000)}\n`);
  assert.deepEqual(chain.findings.map((f) => f.code), ['SM101', 'SM102']);
});

test('CLI: deeply nested code in one file', () => {
  const tmp = tempDir();
  try {
    const file = tmp.write('deep.py', `${HEADER}${DEEP_CASES.join('\n')}\n`);
    const result = runCli(['check', file]);
    assert.ok(result.status === 0 || result.status === 1, `exit ${result.status}: ${result.stderr}`);
    assert.doesNotMatch(result.stderr, /RangeError|Maximum call stack|failed/);
  } finally {
    tmp.cleanup();
  }
});

test('CLI: exit codes 0 clean, 1 findings, 2 usage errors and missing paths', () => {
  const tmp = tempDir();
  try {
    const clean = tmp.write('clean.py', 'import sagemaker\nprint("hello")\n');
    const dirty = tmp.write('dirty.py', `${HEADER}`);
    const noSdk = tmp.write('plain.py', 'print(1)\n');
    assert.equal(runCli(['check', clean]).status, 0);
    assert.equal(runCli(['check', noSdk]).status, 0);
    assert.equal(runCli(['check', dirty]).status, 1);
    assert.equal(runCli(['check', clean, dirty]).status, 1);
    assert.equal(runCli(['check', tmp.dir]).status, 1);
    assert.equal(runCli(['check', dirty, '--ignore', 'SM101']).status, 0);
    const missing = runCli(['check', `${tmp.dir}/nope.py`]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /nope\.py: no such file or directory/);
    assert.equal(runCli(['check', clean, `${tmp.dir}/nope.py`]).status, 2);
    for (const args of [[], ['check'], ['check', clean, '--format', 'xml'], ['check', clean, '--bogus'], ['frobnicate'], ['check', clean, '--select']]) {
      const result = runCli(args);
      assert.equal(result.status, 2, `sagelint ${args.join(' ')} exited ${result.status}`);
      assert.match(result.stderr + result.stdout, /Usage:/);
    }
    assert.equal(runCli(['--help']).status, 0);
  } finally {
    tmp.cleanup();
  }
});

test('CLI: broken, empty, invalid UTF-8 and CRLF files', () => {
  const tmp = tempDir();
  try {
    const empty = tmp.write('empty.py', '');
    const broken = tmp.write('broken.py', `${HEADER}print(ExecutionVariables.\nx = f"{bucket\n`);
    // Invalid UTF-8 bytes (a lone continuation byte, 0xFF) in a comment before a finding.
    const invalid = tmp.write('invalid.py', Buffer.concat([Buffer.from(`${HEADER.split('print(bucket)')[0]}# caf\xe9 `, 'latin1'), Buffer.from([0x80, 0xff, 0x0a]), Buffer.from('print(bucket)\n')]));
    const crlf = tmp.write('crlf.py', `${HEADER}x = f"s3://{bucket}"\n`.replace(/\n/g, '\r\n'));
    assert.equal(runCli(['check', empty]).status, 0);

    const b = checkJson([broken]);
    assert.equal(b.status, 1);
    // The syntax error is reported too (SM001), where it starts; the code before it is still checked.
    assert.deepEqual(b.findings.map((f) => [f.code, f.location.row]), [['SM101', 5], ['SM001', 6]]);
    assert.doesNotMatch(b.stderr, /failed/);

    const i = checkJson([invalid]);
    assert.equal(i.status, 1);
    assert.deepEqual(i.findings.map((f) => [f.code, f.location]), [['SM101', { row: 6, column: 7 }]]);

    const c = checkJson([crlf]);
    assert.deepEqual(c.findings.map((f) => [f.location, f.end_location]), [
      [{ row: 5, column: 7 }, { row: 5, column: 13 }],
      [{ row: 6, column: 13 }, { row: 6, column: 19 }],
    ]);
    const fix = c.findings[1].fix!;
    assert.ok(fix.edits.some((e) => e.content === '\r\nfrom sagemaker.workflow.functions import Join'), JSON.stringify(fix.edits));
  } finally {
    tmp.cleanup();
  }
});

test('CLI: JSON columns count code points, 1-based', () => {
  const tmp = tempDir();
  try {
    const file = tmp.write('astral.py', `${HEADER}données = "😀😀"; print("𝔘𝔫𝔦", données, bucket)\n`);
    const { findings } = checkJson([file]);
    assert.deepEqual(findings.map((f) => [f.location, f.end_location]), [
      [{ row: 5, column: 7 }, { row: 5, column: 13 }],
      [{ row: 6, column: 39 }, { row: 6, column: 45 }],
    ]);
    const text = runCli(['check', file]).stdout;
    assert.match(text, /astral\.py:6:39: SM101 /);
  } finally {
    tmp.cleanup();
  }
});

test('CLI: a 10 MB file is skipped with a clear message; a file just under the limit is analysed', () => {
  const tmp = tempDir();
  try {
    const line = 'print(bucket)  # padding padding padding padding padding padding\n';
    const big = tmp.write('big.py', HEADER + line.repeat(Math.ceil((10 * 1024 * 1024) / line.length)));
    assert.ok(fs.statSync(big).size > 10 * 1024 * 1024);
    const result = runCli(['check', big]);
    assert.equal(result.status, 0);
    assert.match(result.stderr, /skipped .*big\.py: larger than 5 MB/);
    const small = tmp.write('small.py', HEADER + 'x = 1\n'.repeat(20_000));
    assert.equal(checkJson([small]).findings.length, 1);
  } finally {
    tmp.cleanup();
  }
});
