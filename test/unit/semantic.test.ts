import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SyntaxNode, walk } from '../../server/src/parse/syntaxNode';
import { childByField } from '../../server/src/parse/syntaxNode';
import { SemanticModel } from '../../server/src/semantic/model';
import { Value } from '../../server/src/semantic/values';
import { EXECUTION_VARIABLES, SDK_SYMBOLS } from '../../server/src/semantic/sdk/catalog';
import { EXECUTION_VARIABLE_MEMBERS, symbolAtPath, symbolById } from '../../server/src/semantic/sdk';
import { modelFor } from '../helpers/python';

/**
 * Each `probe(EXPR)` call in the text marks an expression to ask the model about; results come back in
 * document order. `probe` is never bound, so it does not disturb the names under test.
 */
async function probes(text: string): Promise<{ model: SemanticModel; nodes: SyntaxNode[] }> {
  const model = await modelFor(text);
  const nodes: SyntaxNode[] = [];
  for (const node of walk(model.tree.root)) {
    if (node.type !== 'call') continue;
    const callee = childByField(node, 'function');
    if (!callee || model.text(callee) !== 'probe') continue;
    const argument = childByField(node, 'arguments')!.children.find((c) => c.named);
    if (argument) nodes.push(argument);
  }
  nodes.sort((a, b) => a.start - b.start);
  return { model, nodes };
}

/** For each probe: the pipeline variable's class, or the SDK symbol the expression names, or '-'. */
async function describe(text: string): Promise<string[]> {
  const { model, nodes } = await probes(text);
  return nodes.map((node) => {
    const variable = model.pipelineVariable(node);
    if (variable) return `PV:${variable.className}`;
    const symbol = model.symbolOf(node);
    if (symbol) return `symbol:${symbol.symbol.id}`;
    const value: Value = model.valueOf(node);
    switch (value.kind) {
      case 'unknown':
        return '-';
      case 'builtin':
        return `builtin:${value.name}`;
      case 'literal':
        return `literal:${value.type}`;
      default:
        return value.kind;
    }
  });
}

const PS = 'from sagemaker.workflow.parameters import ParameterString\n';

test('import forms all resolve to the SDK symbol', async () => {
  const text = [
    'import sagemaker',
    'import sagemaker.workflow.parameters as params',
    'import sagemaker.workflow.execution_variables',
    'from sagemaker.workflow import ParameterString',
    'from sagemaker.workflow.parameters import ParameterInteger as PI',
    'from sagemaker import workflow',
    'from sagemaker.workflow.execution_variables import ExecutionVariables as EV',
    'from .parameters import ParameterFloat',
    'probe(sagemaker.workflow.parameters.ParameterString)',
    'probe(params.ParameterString)',
    'probe(ParameterString)',
    'probe(PI)',
    'probe(workflow.parameters.ParameterBoolean)',
    'probe(EV)',
    'probe(EV.PIPELINE_EXECUTION_ID)',
    'probe(sagemaker.workflow.execution_variables.ExecutionVariables.PIPELINE_NAME)',
    'probe(ParameterFloat)',
    'probe(sagemaker.not_a_module.Thing)',
  ].join('\n');
  assert.deepEqual(await describe(text), [
    'symbol:ParameterString',
    'symbol:ParameterString',
    'symbol:ParameterString',
    'symbol:ParameterInteger',
    'symbol:ParameterBoolean',
    'symbol:ExecutionVariables',
    'PV:ExecutionVariable',
    'PV:ExecutionVariable',
    '-', // relative imports are not followed
    'path', // a path under sagemaker, but no symbol
  ]);
});

test('v3 import paths resolve to the same symbols as v2', async () => {
  const text = [
    'from sagemaker.core.workflow.parameters import ParameterString',
    'from sagemaker.core.workflow import Join',
    'import sagemaker.core.workflow.execution_variables as ev',
    'from sagemaker.mlops.workflow.steps import ProcessingStep',
    'probe(ParameterString)',
    'probe(Join)',
    'probe(ev.ExecutionVariables.START_DATETIME)',
    'probe(ProcessingStep)',
    'probe(ParameterString(name="x"))',
    'probe(ProcessingStep(name="s").properties.ProcessingJobName)',
  ].join('\n');
  assert.deepEqual(await describe(text), ['symbol:ParameterString', 'symbol:Join', 'PV:ExecutionVariable', 'symbol:ProcessingStep', 'PV:ParameterString', 'PV:Properties']);
});

test('catalog: v2 and v3 paths of a symbol are one symbol id', () => {
  const pairs: [string, string, string][] = [
    ['sagemaker.workflow.parameters.ParameterString', 'sagemaker.core.workflow.parameters.ParameterString', 'ParameterString'],
    ['sagemaker.workflow.ParameterString', 'sagemaker.core.workflow.ParameterString', 'ParameterString'],
    ['sagemaker.workflow.functions.Join', 'sagemaker.core.workflow.functions.Join', 'Join'],
    ['sagemaker.workflow.functions.JsonGet', 'sagemaker.core.workflow.functions.JsonGet', 'JsonGet'],
    ['sagemaker.workflow.execution_variables.ExecutionVariables', 'sagemaker.core.workflow.execution_variables.ExecutionVariables', 'ExecutionVariables'],
    ['sagemaker.workflow.steps.ProcessingStep', 'sagemaker.mlops.workflow.steps.ProcessingStep', 'ProcessingStep'],
  ];
  for (const [v2, v3, id] of pairs) {
    const a = symbolAtPath(v2);
    const b = symbolAtPath(v3);
    assert.ok(a && b, `${v2} or ${v3} does not resolve`);
    assert.equal(a.symbol.id, id);
    assert.equal(a.symbol, b.symbol);
    assert.ok(a.generations.includes('v2'), `${v2} is not marked v2`);
    assert.ok(b.generations.includes('v3'), `${v3} is not marked v3`);
    assert.equal(symbolById(id), a.symbol);
  }
  // Incidental paths resolve too (never suggested).
  assert.equal(symbolAtPath('sagemaker.workflow.steps.Join')?.symbol.id, 'Join');
  assert.equal(symbolAtPath('sagemaker.workflow.parameters.NotAThing'), undefined);
  assert.equal(symbolAtPath('sagemaker.workflow.parameters'), undefined);
});

test('catalog: ids are unique, every symbol has a path, pipeline-variable classes are the expected ones', () => {
  const ids = SDK_SYMBOLS.map((s) => s.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const symbol of SDK_SYMBOLS) assert.ok(symbol.v2.length + symbol.v3.length > 0, `${symbol.id} has no path`);
  const variableClasses = SDK_SYMBOLS.filter((s) => s.roles.includes('pipeline-variable-class')).map((s) => s.id);
  for (const id of ['ParameterString', 'ParameterInteger', 'ParameterFloat', 'ParameterBoolean', 'Join', 'JsonGet']) assert.ok(variableClasses.includes(id), `${id} is not a pipeline-variable class`);
  assert.deepEqual(
    EXECUTION_VARIABLES.map((m) => m.member).sort(),
    ['CURRENT_DATETIME', 'PIPELINE_ARN', 'PIPELINE_EXECUTION_ARN', 'PIPELINE_EXECUTION_ID', 'PIPELINE_NAME', 'PROCESSING_JOB_NAME', 'START_DATETIME', 'TRAINING_JOB_NAME'],
  );
  assert.equal(EXECUTION_VARIABLE_MEMBERS.get('PIPELINE_EXECUTION_ID')?.name, 'PipelineExecutionId');
});

test('flow-sensitive rebinding at module level', async () => {
  const text = `${PS}v = ParameterString(name="v")\nprobe(v)\nv = "plain"\nprobe(v)\nv = ParameterString(name="again")\nprobe(v)\n`;
  assert.deepEqual(await describe(text), ['PV:ParameterString', 'literal:str', 'PV:ParameterString']);
});

test('conditional bindings: one branch gives a union (not a variable); both branches give the variable', async () => {
  const text = [
    PS,
    'import random',
    'a = "plain"',
    'if random.random():',
    '    a = ParameterString(name="a")',
    'probe(a)',
    'if random.random():',
    '    b = ParameterString(name="b1")',
    'elif random.random():',
    '    b = ParameterString(name="b2")',
    'else:',
    '    b = ParameterString(name="b3")',
    'probe(b)',
    'if random.random():',
    '    c = ParameterString(name="c")',
    'probe(c)', // unbound otherwise: a NameError, so only the variable can reach here
    'd = ParameterString(name="d") if random.random() else "plain"',
    'probe(d)',
    'e = random.random() and ParameterString(name="e")',
    'probe(e)',
  ].join('\n');
  assert.deepEqual(await describe(text), ['union', 'PV:ParameterString', 'PV:ParameterString', 'union', '-']);
});

test('a module name some function rebinds through `global` may hold anything when one branch bound it', async () => {
  const text = [
    PS,
    'import random',
    'if random.random():',
    '    v = ParameterString(name="v")',
    'def setup():',
    '    global v',
    '    v = "plain"',
    'probe(v)',
  ].join('\n');
  assert.deepEqual(await describe(text), ['-']);
});

test('loops: a later binding in the loop reaches earlier uses in it', async () => {
  const text = [
    PS,
    'v = ParameterString(name="v")',
    'for i in range(3):',
    '    probe(v)',
    '    v = "plain"',
    'probe(v)',
    'w = ParameterString(name="w")',
    'while True:',
    '    probe(w)',
    '    break',
    'for x in [ParameterString(name="x")]:',
    '    probe(x)',
  ].join('\n');
  assert.deepEqual(await describe(text), ['union', 'union', 'PV:ParameterString', '-']);
});

test('functions read module globals flow-insensitively; parameters shadow them', async () => {
  const text = [
    PS,
    'g = ParameterString(name="g")',
    'h = ParameterString(name="h")',
    'def f(h, k=probe(g)):',
    '    probe(g)',
    '    probe(h)',
    '    local = ParameterString(name="l")',
    '    probe(local)',
    '    local = 1',
    '    probe(local)',
    'lam = lambda g: probe(g)',
    'def later():',
    '    probe(r)',
    'r = ParameterString(name="r")',
    'r = "plain"',
  ].join('\n');
  assert.deepEqual(await describe(text), ['PV:ParameterString', 'PV:ParameterString', '-', 'PV:ParameterString', 'literal:int', '-', 'union']);
});

test('global and nonlocal', async () => {
  const text = [
    PS,
    'g = ParameterString(name="g")',
    'def f():',
    '    global g',
    '    probe(g)',
    'def outer():',
    '    n = ParameterString(name="n")',
    '    def inner():',
    '        nonlocal n',
    '        probe(n)',
    '    def shadow():',
    '        n = "plain"',
    '        probe(n)',
    '    def reader():',
    '        probe(n)',
    '    return inner',
  ].join('\n');
  assert.deepEqual(await describe(text), ['PV:ParameterString', 'PV:ParameterString', 'literal:str', 'PV:ParameterString']);
});

test('module-level `global` (valid Python, a no-op) resolves names at module level instead of recursing', async () => {
  const text = [
    PS,
    'global bucket',
    'bucket = ParameterString(name="b")',
    'probe(bucket)',
    'def f():',
    '    global bucket',
    '    probe(bucket)',
    'class C:',
    '    global bucket',
    '    probe(bucket)',
  ].join('\n');
  assert.deepEqual(await describe(text), ['PV:ParameterString', 'PV:ParameterString', 'PV:ParameterString']);
});

test('class scopes: visible in the class body, not in methods or nested comprehensions', async () => {
  const text = [
    PS,
    'm = "module"',
    'class C:',
    '    m = ParameterString(name="m")',
    '    probe(m)',
    '    def method(self):',
    '        probe(m)',
    '    items = [probe(m) for _ in range(1)]',
    '    first = [x for x in probe(m)]',
    'probe(m)',
  ].join('\n');
  // Methods and comprehension bodies skip the class scope; the first iterable of a comprehension does not.
  assert.deepEqual(await describe(text), ['PV:ParameterString', 'literal:str', 'literal:str', 'PV:ParameterString', 'literal:str']);
});

test('comprehensions: targets shadow outer names; the first iterable is evaluated outside', async () => {
  const text = [
    PS,
    'v = ParameterString(name="v")',
    'a = [probe(v) for v in ["x"]]',
    'b = [probe(v) for x in ["x"]]',
    'c = {probe(k): 1 for k in [v]}',
    'd = [y for y in probe(v)]',
    'e = (probe(v) for v in range(2))',
    'f = [v for v in probe(v)]',
  ].join('\n');
  assert.deepEqual(await describe(text), ['-', 'PV:ParameterString', '-', 'PV:ParameterString', '-', 'PV:ParameterString']);
});

test('star imports from SDK modules bind catalog names and keep builtins', async () => {
  const text = [
    'from sagemaker.workflow.parameters import *',
    'from sagemaker.workflow.execution_variables import *',
    'probe(ParameterString)',
    'probe(ExecutionVariables.PIPELINE_NAME)',
    'probe(print)',
    'probe(SomethingElse)',
  ].join('\n');
  assert.deepEqual(await describe(text), ['symbol:ParameterString', 'PV:ExecutionVariable', 'builtin:print', '-']);
  // A star import from another module may rebind anything, builtins included.
  assert.deepEqual(await describe(`from mylib import *\n${PS}probe(print)\nprobe(ParameterString)\n`), ['-', 'symbol:ParameterString']);
});

test('builtins: shadowing by any binding in the file makes them unknown', async () => {
  assert.deepEqual(await describe('import sagemaker\nprobe(print)\nprobe(str)\n'), ['builtin:print', 'builtin:str']);
  assert.deepEqual(await describe('import sagemaker\ndef print(*a): pass\nprobe(print)\n'), ['-']);
  // Before a module-level rebinding the name is still the builtin; inside functions (run later) it is not.
  assert.deepEqual(await describe('import sagemaker\nprobe(print)\ndef f():\n    probe(print)\nprint = None\n'), ['builtin:print', 'literal:none']);
  assert.deepEqual(await describe('import sagemaker\nfrom mylib import str\nprobe(str)\n'), ['path']);
});

test('other binding forms: walrus, chained and annotated assignment, unpacking, with, except, del, match', async () => {
  const text = [
    PS,
    'if (w := ParameterString(name="w")):',
    '    pass',
    'probe(w)',
    'a = b = ParameterString(name="ab")',
    'probe(a)',
    'probe(b)',
    'c: ParameterString = ParameterString(name="c")',
    'probe(c)',
    'd, e = ParameterString(name="d"), 1',
    'probe(d)',
    'with open("f") as f:',
    '    probe(f)',
    'g = ParameterString(name="g")',
    'try:',
    '    pass',
    'except Exception as g:',
    '    probe(g)',
    'h = ParameterString(name="h")',
    'del h',
    'probe(h)',
    'i = ParameterString(name="i")',
    'match 1:',
    '    case i:',
    '        probe(i)',
  ].join('\n');
  assert.deepEqual(await describe(text), ['PV:ParameterString', 'PV:ParameterString', 'PV:ParameterString', 'PV:ParameterString', '-', '-', '-', '-', '-']);
});

test('pipeline variable kinds: parameters, Join, JsonGet, properties, to_string, default_value', async () => {
  const text = [
    'from sagemaker.workflow.functions import Join, JsonGet',
    'from sagemaker.workflow.parameters import ParameterBoolean, ParameterFloat, ParameterInteger, ParameterString',
    'from sagemaker.workflow.steps import ProcessingStep, TrainingStep',
    'step = ProcessingStep(name="s")',
    'probe(ParameterInteger(name="i"))',
    'probe(ParameterFloat(name="f"))',
    'probe(ParameterBoolean(name="b"))',
    'probe(Join(on="", values=[]))',
    'probe(JsonGet(step_name="s", property_file="p", json_path="a"))',
    'probe(step.properties)',
    'probe(step.properties.ProcessingOutputConfig.Outputs["train"].S3Output.S3Uri)',
    'probe(TrainingStep(name="t").properties.ModelArtifacts.S3ModelArtifacts)',
    'probe(step.properties.expr)',
    'probe(ParameterString(name="s").to_string())',
    'probe(ParameterInteger(name="i").to_string())',
    'probe(ParameterString(name="s").default_value)',
    'probe(ParameterString(name="s").expr)',
    'probe(step.name)',
  ].join('\n');
  assert.deepEqual(await describe(text), [
    'PV:ParameterInteger', 'PV:ParameterFloat', 'PV:ParameterBoolean', 'PV:Join', 'PV:JsonGet',
    'PV:Properties', 'PV:Properties', 'PV:Properties', '-',
    'PV:ParameterString', 'PV:Join', 'default-value', '-', 'method',
  ]);
});

test('pipeline variable info: hashability and origin', async () => {
  const text = [
    'from sagemaker.workflow.execution_variables import ExecutionVariables',
    'from sagemaker.workflow.parameters import ParameterInteger, ParameterString',
    'from sagemaker.workflow.steps import ProcessingStep',
    'probe(ParameterString(name="Bucket"))',
    'probe(ParameterInteger("Count"))',
    'probe(ExecutionVariables.PIPELINE_EXECUTION_ID)',
    'probe(ProcessingStep(name="s").properties.ProcessingJobName)',
  ].join('\n');
  const { model, nodes } = await probes(text);
  const infos = nodes.map((n) => model.pipelineVariable(n)!);
  assert.deepEqual(infos.map((i) => i.hashable), [true, false, false, true]);
  assert.deepEqual(infos.map((i) => i.isProperty), [false, false, false, true]);
  assert.equal(infos[0].origin, 'a ParameterString named "Bucket"');
  assert.equal(infos[1].origin, 'a ParameterInteger named "Count"');
  assert.equal(infos[2].origin, 'ExecutionVariables.PIPELINE_EXECUTION_ID');
});

test('importsSdk: only modules importing sagemaker or boto3 count', async () => {
  assert.equal((await modelFor('import os\nsagemaker = 1\n')).importsSdk, false);
  assert.equal((await modelFor('import sagemaker\n')).importsSdk, true);
  assert.equal((await modelFor('def f():\n    from sagemaker.workflow import ParameterString\n')).importsSdk, true);
  assert.equal((await modelFor('from sagemaker.workflow.parameters import *\n')).importsSdk, true);
  assert.equal((await modelFor('from .sagemaker import x\n')).importsSdk, false);
});

test('a name bound by a line that does not parse has an unknown value, not the next expression recovery attached', async () => {
  // `name = <PLACEHOLDER>` parses as an assignment whose right-hand side is the next line's list.
  const text = `${PS}v = ParameterString(name="v")\nname = <PROJECT NAME>\nitems = [v]\nprobe(name)\nw = ParameterString(name="w")\nif c:\n    other = <X>\n    w = <Y>\nprobe(w)\n`;
  const { model, nodes } = await probes(text);
  assert.equal(nodes.length, 2);
  assert.equal(model.valueOf(nodes[0]).kind, 'unknown');
  // `w = <Y>` sits inside the ERROR region of the line before: it rebinds w to an unknown value.
  assert.equal(model.valueOf(nodes[1]).kind, 'unknown');
});

test('names inside syntax errors bind nothing and evaluate to unknown', async () => {
  const text = `${PS}v = ParameterString(name="v")\nprobe(v)\nx = (ParameterString(name="y"\nprobe(v)\n`;
  const { model, nodes } = await probes(text);
  assert.equal(model.pipelineVariable(nodes[0])?.className, 'ParameterString');
});

test('assignedExpression: the one assignment that reaches a name, or nothing when another binding may', async () => {
  const { model, nodes } = await probes([
    'a = "s3://" + b',
    'probe(a)',
    'if cond:',
    '    c = "x"',
    'probe(c)',
    'd = "one"',
    'd = "two"',
    'probe(d)',
    'for e in items:',
    '    pass',
    'probe(e)',
    'g = "module"',
    'def f():',
    '    probe(g)',
    'def h():',
    '    global d',
    '    d = "three"',
    'probe(d)',
  ].join('\n'));
  const texts = nodes.map((node) => {
    const assigned = model.assignedExpression(node);
    return assigned ? model.text(assigned) : '-';
  });
  // `c` may be unbound, `e` is a loop target, and `d` is rebound by h() through `global`: no single assignment is known for them.
  assert.deepEqual(texts, ['"s3://" + b', '-', '-', '-', '"module"', '-']);
});

test('functionDefinitionOf: a plain def that is the only binding; decorated or rebound names are not followed', async () => {
  const { model, nodes } = await probes([
    'def plain(x):',
    '    return x',
    '@decorator',
    'def wrapped(x):',
    '    return x',
    'def twice(x):',
    '    return x',
    'twice = other',
    'probe(plain)',
    'probe(wrapped)',
    'probe(twice)',
    'probe(unknown)',
  ].join('\n'));
  assert.deepEqual(nodes.map((node) => model.functionDefinitionOf(node)?.type ?? '-'), ['function_definition', '-', '-', '-']);
});
