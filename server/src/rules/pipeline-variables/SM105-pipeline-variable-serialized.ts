import { SyntaxNode, childByField, unparenthesize } from '../../parse/syntaxNode';
import { SemanticModel } from '../../semantic/model';
import { Rule } from '../types';
import { codeOf, describeVariable } from './common';

type Serializer = 'json' | 'yaml' | 'yaml-safe' | 'pickle';

const SERIALIZERS: Record<string, Serializer> = {
  'json.dumps': 'json',
  'json.dump': 'json',
  'yaml.dump': 'yaml',
  'yaml.dump_all': 'yaml',
  'yaml.safe_dump': 'yaml-safe',
  'yaml.safe_dump_all': 'yaml-safe',
  'pickle.dumps': 'pickle',
  'pickle.dump': 'pickle',
};

/** What each serializer does with a pipeline variable, after "... when the pipeline is defined; ". */
const EFFECT: Record<Serializer, string> = {
  json: 'json raises TypeError ("Object of type ... is not JSON serializable")',
  yaml: 'yaml.dump writes the Python object (a `!!python/object:sagemaker...` tag with its fields), not a value',
  'yaml-safe': 'yaml.safe_dump raises RepresenterError ("cannot represent an object")',
  pickle: 'pickle stores the placeholder object, not a value, and unpickling it needs the SDK',
};

const MAX_ITEMS = 10_000;

/**
 * Pipeline variables inside a value as written: the value itself, the items of list/tuple/set/dict
 * literals (keys and values), recursively, and names bound to such literals.
 */
interface Found {
  /** The pipeline variable. */
  readonly variable: SyntaxNode;
  /** The name in the call's arguments that leads to it, when the variable sits in a literal bound elsewhere. */
  readonly via?: SyntaxNode;
}

function variablesInside(model: SemanticModel, root: SyntaxNode): Found[] {
  const found: Found[] = [];
  const seen = new Set<SyntaxNode>();
  const stack: { node: SyntaxNode; via?: SyntaxNode }[] = [{ node: root }];
  let budget = MAX_ITEMS;
  while (stack.length && budget-- > 0) {
    const { node: next, via } = stack.pop()!;
    const node = unparenthesize(next);
    if (seen.has(node)) continue;
    seen.add(node);
    const push = (child: SyntaxNode, through = via) => stack.push({ node: child, via: through });
    if (model.pipelineVariable(node)) {
      found.push({ variable: node, via });
      continue;
    }
    switch (node.type) {
      case 'list':
      case 'tuple':
      case 'set':
        for (const item of node.children) if (item.named && item.type !== 'comment') push(item);
        break;
      case 'dictionary':
        for (const pair of node.children) {
          if (pair.type !== 'pair') continue;
          for (const field of ['value', 'key']) {
            const part = childByField(pair, field);
            if (part) push(part);
          }
        }
        break;
      case 'identifier': {
        // A name bound to a literal container: the container as written (mutations later are not followed).
        const value = model.valueOf(node);
        if (value.kind === 'literal' && ['list', 'tuple', 'set', 'dict'].includes(value.type)) push(value.node, via ?? node);
        break;
      }
      default:
        break;
    }
  }
  return found.sort((a, b) => a.variable.start - b.variable.start);
}

export const pipelineVariableSerialized: Rule = {
  code: 'SM105',
  name: 'pipeline-variable-serialized',
  defaultSeverity: 'error',
  summary: 'A pipeline variable serialised in Python: json.dumps, yaml.dump, pickle.dumps of a value that holds one',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    const callee = childByField(node, 'function');
    if (!callee) return;
    const value = model.valueOf(callee);
    if (value.kind !== 'path') return;
    const serializer = SERIALIZERS[value.path];
    if (!serializer) return;
    const args = childByField(node, 'arguments');
    if (!args || args.children.some((c) => c.type === 'list_splat' || c.type === 'dictionary_splat')) return;
    if (serializer === 'json') {
      // A custom encoder may handle the objects (default=lambda o: o.expr); default=str does not (str() raises).
      const custom = model.argument(node, 'default');
      if (model.argument(node, 'cls') || (custom && !model.isBuiltin(unparenthesize(custom), 'str'))) return;
    }
    if (serializer === 'yaml' && model.argument(node, 'Dumper')) return;
    const data = model.argument(node, 'obj', 0) ?? model.argument(node, 'data', 0) ?? model.argument(node, 'documents', 0);
    if (!data) return;
    // A literal bound elsewhere is reported once, at the name passed here, naming its first variable.
    const reported = new Set<SyntaxNode>();
    for (const { variable, via } of variablesInside(model, data)) {
      if (via && reported.has(via)) continue;
      if (via) reported.add(via);
      const info = model.pipelineVariable(variable)!;
      const inside = via ? `\`${model.text(via)}\` holds the pipeline variable ${describeVariable(model, variable, info)}, which` : `The pipeline variable ${describeVariable(model, variable, info)}`;
      context.report({
        node: via ?? variable,
        message: `${value.path}() of pipeline variable ${codeOf(model, via ?? variable)} fails: pass it to the step as it is, or use Join. ${inside} cannot be serialised while the pipeline is defined; Join(on="", values=[...]) builds text when it runs. A pipeline variable has no value until an execution: ${EFFECT[serializer]}.`,
      });
    }
  },
  doc: {
    what: 'Finds pipeline variables (parameters, `ExecutionVariables.*`, step properties, `Join`, `JsonGet`, names bound to them) serialised by Python when the pipeline is defined: `json.dumps` / `json.dump`, `yaml.dump` / `yaml.safe_dump` (and their `_all` forms), `pickle.dumps` / `pickle.dump`, of the variable itself or of a list, tuple, set or dict literal that holds one (also through a name bound to such a literal). `json.dumps(..., default=...)` or `cls=` with a custom encoder, and `yaml.dump(..., Dumper=...)`, stay silent; `default=str` is reported, since `str()` raises on a pipeline variable.',
    why: 'A pipeline variable is a placeholder object; its value exists only in an execution. `json.dumps` raises `TypeError: Object of type ParameterString is not JSON serializable` (the classes have no JSON form; `str()` raises `TypeError: Pipeline variables do not support __str__ operation`). `yaml.safe_dump` raises `RepresenterError: cannot represent an object`; `yaml.dump` writes a `!!python/object:sagemaker.workflow.parameters.ParameterString` tag with the object\'s fields, and `pickle` stores the object: neither holds the value the execution will have. A typical case is a hyperparameter or environment variable built as JSON: `hyperparameters={"config": json.dumps({"epochs": epochs_param})}`.',
    example: [
      'import json',
      'from sagemaker.workflow.parameters import ParameterInteger',
      '',
      'epochs = ParameterInteger(name="Epochs", default_value=10)',
      'hyperparameters = {"config": json.dumps({"epochs": epochs, "lr": 0.1})}',
    ].join('\n'),
    useInstead: [
      'from sagemaker.workflow.functions import Join',
      'from sagemaker.workflow.parameters import ParameterInteger',
      '',
      'epochs = ParameterInteger(name="Epochs", default_value=10)',
      'hyperparameters = {"epochs": epochs, "lr": 0.1}',
      '# or, when the script needs one JSON string:',
      'config = Join(on="", values=[\'{"epochs": \', epochs, \', "lr": 0.1}\'])',
    ].join('\n'),
    fixSafety: 'No fix: whether the value should go to the step as it is, or become a Join that builds the text at run time, needs a person.',
    sdkVersions: 'sagemaker v2 (since pipelines) and v3: the pipeline-variable classes have no JSON or YAML form in either.',
    references: [
      'v2.257.6 src/sagemaker/workflow/entities.py L65-123 (PipelineVariable: __str__ raises, no JSON form)',
      'v2.257.6 src/sagemaker/workflow/parameters.py (Parameter is an attrs class, not a str/int)',
      'v3 sagemaker-core/src/sagemaker/core/helper/pipeline_variable.py (the same)',
      'Python json.JSONEncoder.default ("Object of type X is not JSON serializable"); PyYAML SafeRepresenter.represent_undefined ("cannot represent an object")',
    ],
  },
};
