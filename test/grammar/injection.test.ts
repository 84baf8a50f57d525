/**
 * syntaxes/sagemaker.injection.tmLanguage.json, tokenized with vscode-textmate + vscode-oniguruma the
 * way VS Code does it: injected into a minimal stub `source.python` grammar (comments, strings,
 * f-strings with code in their replacement fields, docstrings, and a catch-all identifier rule that the
 * injection must win against).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

declare const SAGELINT_ROOT: string;

const INJECTION_PATH = path.join(SAGELINT_ROOT, 'syntaxes/sagemaker.injection.tmLanguage.json');
const INJECTION_SCOPE = 'sagelint.sagemaker.injection';

const MEMBER = 'support.constant.execution-variable.sagemaker';
const EXECUTION_VARIABLES = 'support.class.execution-variables.sagemaker';
const CLASS = 'support.class.pipeline-variable.sagemaker';

const STUB_PYTHON = {
  scopeName: 'source.python',
  name: 'stub python',
  patterns: [
    { match: '#.*$', name: 'comment.line.number-sign.python' },
    { begin: '"""', end: '"""', name: 'string.quoted.docstring.multi.python' },
    {
      // As in MagicPython: the f-string as a whole is meta.fstring.python, its literal parts are strings,
      // and the replacement fields are code (no string scope).
      begin: '\\b([fF])(")',
      beginCaptures: { 1: { name: 'storage.type.string.python' }, 2: { name: 'punctuation.definition.string.begin.python' } },
      end: '"',
      endCaptures: { 0: { name: 'punctuation.definition.string.end.python' } },
      name: 'meta.fstring.python',
      patterns: [
        { begin: '\\{', end: '\\}', name: 'meta.fstring.python', patterns: [{ include: '#code' }] },
        { match: '[^{"]+', name: 'string.interpolated.python string.quoted.single.python' },
      ],
    },
    { begin: '"', end: '"', name: 'string.quoted.double.python' },
    { begin: "'", end: "'", name: 'string.quoted.single.python' },
    { include: '#code' },
  ],
  repository: {
    code: {
      patterns: [
        { match: '\\b(from|import|as|if|else|def|return)\\b', name: 'keyword.control.python' },
        { match: '\\b([A-Za-z_]\\w*)\\s*(?=\\()', captures: { 1: { name: 'entity.name.function.call.python' } } },
        { match: '\\b[A-Za-z_]\\w*\\b', name: 'variable.other.python' },
        { match: '\\.', name: 'punctuation.separator.period.python' },
        { begin: '"', end: '"', name: 'string.quoted.double.python' },
      ],
    },
  },
};

interface Token {
  text: string;
  scopes: string[];
}

let grammar: textmate.IGrammar;

before(async () => {
  const wasm = fs.readFileSync(path.join(SAGELINT_ROOT, 'node_modules/vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName: string) => {
      if (scopeName === 'source.python') return textmate.parseRawGrammar(JSON.stringify(STUB_PYTHON), 'stub-python.json');
      if (scopeName === INJECTION_SCOPE) return textmate.parseRawGrammar(fs.readFileSync(INJECTION_PATH, 'utf8'), INJECTION_PATH);
      return null;
    },
    getInjections: (scopeName: string) => (scopeName === 'source.python' ? [INJECTION_SCOPE] : undefined),
  });
  const loaded = await registry.loadGrammar('source.python');
  assert.ok(loaded, 'the stub python grammar loads');
  grammar = loaded;
});

/** Tokenizes lines in sequence (multi-line constructs carry over), one token list per line. */
function tokenize(...lines: string[]): Token[][] {
  let state = textmate.INITIAL;
  return lines.map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

const sagemakerScopes = (tokens: Token[]) => tokens.flatMap((t) => t.scopes.filter((s) => s.endsWith('.sagemaker')).map((s) => `${t.text}: ${s}`));

/** The token that is exactly `text` (the occurrence-th one), which must carry `scope`. */
function expectScope(tokens: Token[], text: string, scope: string, occurrence = 0): void {
  const matching = tokens.filter((t) => t.text === text);
  const token = matching[occurrence];
  assert.ok(token, `no token "${text}" (#${occurrence}) in ${JSON.stringify(tokens.map((t) => t.text))}`);
  assert.ok(token.scopes.includes(scope), `"${text}" has ${JSON.stringify(token.scopes)}, expected ${scope}`);
}

test('package.json contributes the injection grammar with this scope name', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(SAGELINT_ROOT, 'package.json'), 'utf8'));
  const contribution = manifest.contributes.grammars.find((g: { scopeName: string }) => g.scopeName === INJECTION_SCOPE);
  assert.ok(contribution);
  assert.equal(path.resolve(SAGELINT_ROOT, contribution.path), INJECTION_PATH);
  assert.deepEqual(contribution.injectTo, ['source.python']);
  const raw = JSON.parse(fs.readFileSync(INJECTION_PATH, 'utf8'));
  assert.equal(raw.scopeName, INJECTION_SCOPE);
  assert.match(raw.injectionSelector, /^L:source\.python -comment -string$/);
});

test('every ExecutionVariables member gets its scope, and ExecutionVariables the class scope', () => {
  const members = ['START_DATETIME', 'CURRENT_DATETIME', 'PIPELINE_NAME', 'PIPELINE_ARN', 'PIPELINE_EXECUTION_ID', 'PIPELINE_EXECUTION_ARN', 'TRAINING_JOB_NAME', 'PROCESSING_JOB_NAME'];
  for (const member of members) {
    const [tokens] = tokenize(`x = ExecutionVariables.${member}`);
    expectScope(tokens, 'ExecutionVariables', EXECUTION_VARIABLES);
    expectScope(tokens, '.', 'punctuation.separator.period.python');
    expectScope(tokens, member, MEMBER);
    assert.deepEqual(sagemakerScopes(tokens), [`ExecutionVariables: ${EXECUTION_VARIABLES}`, `${member}: ${MEMBER}`]);
  }
});

test('members in calls, with spaces, qualified, and followed by an attribute', () => {
  const [call, spaced, qualified, chained] = tokenize(
    'print(ExecutionVariables.PIPELINE_EXECUTION_ID)',
    'v = ExecutionVariables . PIPELINE_NAME',
    'v = execution_variables.ExecutionVariables.START_DATETIME',
    'ExecutionVariables.PIPELINE_EXECUTION_ID.expr',
  );
  expectScope(call, 'PIPELINE_EXECUTION_ID', MEMBER);
  expectScope(call, 'print', 'entity.name.function.call.python');
  expectScope(spaced, 'PIPELINE_NAME', MEMBER);
  expectScope(qualified, 'ExecutionVariables', EXECUTION_VARIABLES);
  expectScope(qualified, 'START_DATETIME', MEMBER);
  expectScope(qualified, 'execution_variables', 'variable.other.python');
  expectScope(chained, 'PIPELINE_EXECUTION_ID', MEMBER);
  expectScope(chained, 'expr', 'variable.other.python');
  assert.deepEqual(sagemakerScopes(chained), [`ExecutionVariables: ${EXECUTION_VARIABLES}`, `PIPELINE_EXECUTION_ID: ${MEMBER}`]);
});

test('pipeline-variable constructors get the class scope, in calls, imports and qualified', () => {
  const lines = tokenize(
    'from sagemaker.workflow.parameters import ParameterString, ParameterInteger, ParameterFloat, ParameterBoolean',
    'from sagemaker.workflow.functions import Join, JsonGet',
    'from sagemaker.workflow.execution_variables import ExecutionVariable, ExecutionVariables',
    'bucket = ParameterString(name="Bucket", default_value="b")',
    'uri = functions.Join(on="/", values=["s3:/", bucket])',
    'acc = JsonGet(step_name="Eval", property_file=report, json_path="a.b")',
    'v = ExecutionVariable("PipelineExecutionId")',
  );
  for (const name of ['ParameterString', 'ParameterInteger', 'ParameterFloat', 'ParameterBoolean']) expectScope(lines[0], name, CLASS);
  expectScope(lines[1], 'Join', CLASS);
  expectScope(lines[1], 'JsonGet', CLASS);
  expectScope(lines[2], 'ExecutionVariable', CLASS);
  expectScope(lines[2], 'ExecutionVariables', EXECUTION_VARIABLES);
  expectScope(lines[3], 'ParameterString', CLASS);
  assert.ok(!lines[3].find((t) => t.text === 'ParameterString')!.scopes.includes('entity.name.function.call.python'), 'the injection wins over the call rule');
  expectScope(lines[4], 'Join', CLASS);
  expectScope(lines[5], 'JsonGet', CLASS);
  expectScope(lines[6], 'ExecutionVariable', CLASS);
  assert.deepEqual(sagemakerScopes(lines[3]), [`ParameterString: ${CLASS}`], 'strings and keyword names in the call: none');
});

test('look-alike names get no SageMaker scope', () => {
  const lines = tokenize(
    'MyParameterString = ParameterStrings + ParameterString2 + _Join + Joiner + join + JOIN',
    'x = ExecutionVariables.NOT_A_MEMBER + ExecutionVariables.PIPELINE_NAMES + my_ExecutionVariables',
    'ExecutionVariablesX.PIPELINE_NAME, self.PIPELINE_NAME, PIPELINE_NAME',
    '", ".join(parts); os.path.join(a, b)',
  );
  assert.deepEqual(sagemakerScopes(lines[0]), []);
  // An unknown member: the class is still ExecutionVariables, the member is not a constant.
  assert.deepEqual(sagemakerScopes(lines[1]), [`ExecutionVariables: ${EXECUTION_VARIABLES}`, `ExecutionVariables: ${EXECUTION_VARIABLES}`]);
  assert.deepEqual(sagemakerScopes(lines[2]), []);
  assert.deepEqual(sagemakerScopes(lines[3]), []);
});

test('comments, strings and docstrings get no SageMaker scope; f-string replacement fields do', () => {
  const lines = tokenize(
    '# print(ExecutionVariables.PIPELINE_EXECUTION_ID) and ParameterString(name="x") Join',
    'x = 1  # ExecutionVariables.PIPELINE_NAME',
    'label = "ExecutionVariables.PIPELINE_NAME ParameterString Join JsonGet"',
    "label = 'ExecutionVariable ParameterBoolean'",
    '"""Docstring mentioning ExecutionVariables.START_DATETIME',
    'and Join(on="/") and ParameterFloat',
    '"""',
    'uri = f"s3://ExecutionVariables.PIPELINE_NAME/{ExecutionVariables.PIPELINE_EXECUTION_ID}/Join"',
  );
  for (const line of lines.slice(0, 7)) {
    assert.deepEqual(sagemakerScopes(line), [], JSON.stringify(line.map((t) => t.text)));
  }
  expectScope(lines[1], 'x', 'variable.other.python');
  // In the f-string: the literal part is a string (nothing), the replacement field is code.
  assert.deepEqual(sagemakerScopes(lines[7]), [`ExecutionVariables: ${EXECUTION_VARIABLES}`, `PIPELINE_EXECUTION_ID: ${MEMBER}`]);
  const member = lines[7].find((t) => t.text === 'PIPELINE_EXECUTION_ID')!;
  assert.ok(member.scopes.includes('meta.fstring.python'));
});
