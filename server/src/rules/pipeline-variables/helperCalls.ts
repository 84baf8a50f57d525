import { SyntaxNode, childByField, unparenthesize } from '../../parse/syntaxNode';
import { PipelineVariableInfo, SemanticModel } from '../../semantic/model';
import { Scope } from '../../semantic/scopes';
import { RuleContext } from '../types';
import { codeOf, describeVariable, plainStringSource, shorten } from './common';
import { oldConversion } from './oldReleases';

/**
 * Pipeline variables passed to a function defined in the same module, followed one level: what the
 * function body does with the parameter that receives the variable. Only plain functions count (no
 * decorators, no *args/**kwargs at the call), and only parameters the body never rebinds.
 */

export type HelperUseKind = 'text' | 'concatenation' | 'logic';

export interface HelperUse {
  readonly kind: HelperUseKind;
  /** The argument at the call site. */
  readonly argument: SyntaxNode;
  readonly info: PipelineVariableInfo;
  /** The function's name, as called. */
  readonly functionName: string;
  readonly parameter: string;
  /** The use of the parameter inside the function that fails. */
  readonly use: SyntaxNode;
  /** What that use does, for the message: "an f-string calls str() on it". */
  readonly what: string;
}

const USES = {};

/** The helper uses for this call, computed once per call node and model. */
export function helperUses(model: SemanticModel, call: SyntaxNode): readonly HelperUse[] {
  return model.memo(USES, call, () => computeHelperUses(model, call));
}

function computeHelperUses(model: SemanticModel, call: SyntaxNode): HelperUse[] {
  const callee = childByField(call, 'function');
  const args = childByField(call, 'arguments');
  if (!callee || callee.type !== 'identifier' || !args || args.type !== 'argument_list') return [];
  const fn = model.functionDefinitionOf(callee);
  if (!fn || fn.start <= call.start && call.end <= fn.end) return []; // recursion: one level only
  const parameters = simpleParameters(model, fn);
  if (!parameters) return [];
  const bound = new Map<string, SyntaxNode>();
  let index = 0;
  for (const child of args.children) {
    if (!child.named || child.type === 'comment') continue;
    if (child.type === 'list_splat' || child.type === 'dictionary_splat') return [];
    if (child.type === 'keyword_argument') {
      const name = childByField(child, 'name');
      const value = childByField(child, 'value');
      if (name && value && parameters.includes(model.text(name))) bound.set(model.text(name), value);
    } else {
      if (index < parameters.length) bound.set(parameters[index], child);
      index++;
    }
  }
  const body = childByField(fn, 'body');
  const scope = body ? model.scopes.scopeOf(body.children.find((c) => c.named) ?? body) : undefined;
  if (!body || !scope || scope.node !== fn) return [];
  const uses: HelperUse[] = [];
  for (const [parameter, argument] of bound) {
    const info = model.pipelineVariable(argument);
    if (!info || !boundOnlyAsParameter(scope, parameter)) continue;
    for (const use of usesOf(model, body, parameter, scope)) {
      const failure = failingUse(model, use);
      if (failure) uses.push({ ...failure, argument: unparenthesize(argument), info, functionName: model.text(callee), parameter, use });
    }
  }
  return uses;
}

/** Parameter names in order, or undefined when the signature has *args, **kwargs or other forms. */
function simpleParameters(model: SemanticModel, fn: SyntaxNode): string[] | undefined {
  const parameters = childByField(fn, 'parameters');
  if (!parameters) return undefined;
  const names: string[] = [];
  for (const child of parameters.children) {
    if (!child.named || child.type === 'comment') continue;
    if (child.type === 'identifier') names.push(model.text(child));
    else if (child.type === 'default_parameter' || child.type === 'typed_parameter' || child.type === 'typed_default_parameter') {
      const name = childByField(child, 'name') ?? child.children.find((c) => c.type === 'identifier');
      if (!name || name.type !== 'identifier') return undefined;
      names.push(model.text(name));
    } else return undefined;
  }
  return names;
}

function boundOnlyAsParameter(scope: Scope, name: string): boolean {
  const definitions = scope.definitions.get(name);
  return !!definitions && definitions.length === 1 && !scope.globalNames.has(name) && !scope.nonlocalNames.has(name);
}

/** Identifiers in the function body that read the parameter (not inside nested functions or classes). */
function usesOf(model: SemanticModel, body: SyntaxNode, name: string, scope: Scope): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const stack = [body];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'function_definition' || node.type === 'class_definition' || node.type === 'lambda') continue;
    if (node.type === 'identifier' && model.text(node) === name && model.scopes.scopeOf(node) === scope) {
      const parent = node.parent;
      const isAttributeName = parent?.type === 'attribute' && node.field === 'attribute';
      const isKeywordName = parent?.type === 'keyword_argument' && node.field === 'name';
      if (!isAttributeName && !isKeywordName) found.push(node);
    }
    for (const child of node.children) stack.push(child);
  }
  return found.sort((a, b) => a.start - b.start);
}

const TEXT_BUILTINS: Record<string, string> = {
  str: 'str() raises TypeError ("Pipeline variables do not support __str__ operation")',
  print: 'print() calls str() on it, which raises TypeError ("Pipeline variables do not support __str__ operation")',
};
const LOGIC_BUILTINS: Record<string, string> = {
  int: 'int() raises TypeError ("Pipeline variables do not support __int__ operation")',
  float: 'float() raises TypeError ("Pipeline variables do not support __float__ operation")',
  len: 'len() raises TypeError',
  bool: 'bool() is always True',
};
const PLAIN_LITERALS = new Set(['string', 'integer', 'float', 'true', 'false', 'none', 'concatenated_string']);

/** What the use does with the variable, when that fails or is meaningless for a pipeline variable. */
function failingUse(model: SemanticModel, use: SyntaxNode): { kind: HelperUseKind; what: string } | undefined {
  let node = use;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  const parent = node.parent;
  if (!parent) return undefined;
  switch (parent.type) {
    case 'interpolation': {
      const conversion = parent.children.find((c) => c.type === 'type_conversion');
      if (conversion && model.text(conversion) !== '!s') return undefined;
      if (!conversion && parent.children.some((c) => !c.named && c.type === '=')) return undefined;
      return { kind: 'text', what: 'an f-string calls str() on it, which raises TypeError ("Pipeline variables do not support __str__ operation")' };
    }
    case 'binary_operator': {
      const operator = model.text(childByField(parent, 'operator')!);
      if (operator === '+') return { kind: 'concatenation', what: '`+` raises TypeError ("Pipeline variables do not support concatenation")' };
      if (operator === '%' && node.field === 'right' && plainStringSource(model, childByField(parent, 'left')!)) {
        return { kind: 'text', what: '%-formatting calls str() on it, which raises TypeError ("Pipeline variables do not support __str__ operation")' };
      }
      return undefined;
    }
    case 'argument_list': {
      const call = parent.parent;
      const callee = call && childByField(call, 'function');
      if (!callee) return undefined;
      const first = parent.children.find((c) => c.named && c.type !== 'comment');
      if (callee.type === 'identifier') {
        const name = model.text(callee);
        if (!model.isBuiltin(callee, name)) return undefined;
        if (TEXT_BUILTINS[name] && (name === 'print' || first === node)) return { kind: 'text', what: TEXT_BUILTINS[name] };
        if (LOGIC_BUILTINS[name] && first === node) return { kind: 'logic', what: LOGIC_BUILTINS[name] };
        return undefined;
      }
      if (callee.type === 'attribute' && model.text(childByField(callee, 'attribute')!) === 'format' && plainStringSource(model, childByField(callee, 'object')!)) {
        return { kind: 'text', what: 'str.format() calls str() on it, which raises TypeError ("Pipeline variables do not support __str__ operation")' };
      }
      return undefined;
    }
    case 'if_statement':
    case 'elif_clause':
    case 'while_statement':
      return node.field === 'condition' ? { kind: 'logic', what: `\`${parent.type === 'while_statement' ? 'while' : 'if'}\` tests it as a Python object, which is always true` } : undefined;
    case 'not_operator':
      return { kind: 'logic', what: '`not` tests it as a Python object, which is always true' };
    case 'conditional_expression': {
      const parts = parent.children.filter((c) => c.named && c.type !== 'comment');
      return parts[1] === node ? { kind: 'logic', what: 'a conditional expression tests it as a Python object, which is always true' } : undefined;
    }
    case 'comparison_operator': {
      const operands = parent.children.filter((c) => c.named && c.type !== 'comment');
      const operators = parent.children.filter((c) => !c.named).map((c) => model.text(c));
      if (operands.length !== 2 || operators.length !== 1 || (operators[0] !== '==' && operators[0] !== '!=')) return undefined;
      const other = unparenthesize(operands[0] === node ? operands[1] : operands[0]);
      if (!PLAIN_LITERALS.has(other.type)) return undefined;
      return { kind: 'logic', what: `\`${operators[0]}\` compares the Python object, so it is always ${operators[0] === '==' ? 'False' : 'True'}` };
    }
    default:
      return undefined;
  }
}

/** Reports the uses of one kind at the call's argument: one finding per argument. */
export function reportHelperUses(context: RuleContext, call: SyntaxNode, kind: HelperUseKind, advice: string): void {
  const { model } = context;
  const reported = new Set<SyntaxNode>();
  for (const use of helperUses(model, call)) {
    if (use.kind !== kind || reported.has(use.argument)) continue;
    reported.add(use.argument);
    const statement = shorten(model.text(enclosingExpression(use.use)));
    // Before v2.81.0 text conversion raised nothing: say what it gave instead (oldReleases.ts).
    const old = kind === 'text' ? oldConversion(model, use.argument, use.info) : undefined;
    const what = old ? `${use.what.replace(/(, which)? raises TypeError \("Pipeline variables do not support __str__ operation"\)$/, (_m, which) => (which ? '' : ' converts it now'))}; ${old.detail}` : use.what;
    context.report({
      node: use.argument,
      message: `Pipeline variable ${codeOf(model, use.argument)} reaches Python in \`${shorten(use.functionName)}()\`: ${leadFix(advice)}. ${describeVariable(model, use.argument, use.info)} is passed to \`${use.functionName}()\` as \`${use.parameter}\`, which uses it in Python when the pipeline is defined (\`${statement}\`); ${advice} There ${what}.`,
    });
  }
}

/** The expression around a use, for quoting it in a message: up to the statement, not beyond. */
function enclosingExpression(use: SyntaxNode): SyntaxNode {
  let node = use;
  while (node.parent && !/statement|clause|block|module|function_definition|argument_list|keyword_argument|pair/.test(node.parent.type)) node = node.parent;
  if (node.parent?.type === 'argument_list' && node.parent.parent) return node.parent.parent;
  return node;
}

/** The first clause of the advice, as the fix half of the lead sentence ("pass it to a step instead"). */
function leadFix(advice: string): string {
  const first = advice.split(/, which|[.;:]\s/)[0].replace(/\.$/, '').replace(/ in that function instead$/, '');
  return first.length > 75 ? 'keep it out of Python logic (see below)' : first.charAt(0).toLowerCase() + first.slice(1);
}
