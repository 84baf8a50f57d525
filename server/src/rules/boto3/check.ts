/**
 * One pass over a call on a boto3 client whose service the API model knows (`sagemaker`,
 * `sagemaker-runtime`): the method, its keyword arguments and the literal values passed to them, checked
 * like botocore's client-side validation (botocore/validate.py: unknown and missing parameters, types)
 * plus the enums the service checks. Each SM4xx/SM5xx rule reports its own kind of issue from the list.
 */
import { SyntaxNode, childByField, unparenthesize } from '../../parse/syntaxNode';
import { SemanticModel, plainStringValue } from '../../semantic/model';
import { ApiModel, Operation, Shape, TypeRef, apiModel, pythonTypeText } from '../../api/model';
import { closestName } from '../../api/closest';
import { xformName } from '../../api/xform';
import { Fix } from '../types';
import { Constraint, memberConstraint } from '../../api/constraints';
import { constraintIssue } from './constraints';

/** Client attributes that are not API operations (botocore/client.py BaseClient). */
export const CLIENT_NON_OPERATIONS: ReadonlySet<string> = new Set(['generate_presigned_url', 'get_paginator', 'get_waiter', 'can_paginate', 'close', 'exceptions', 'meta']);

export type Boto3Issue =
  | { kind: 'unknown-method'; node: SyntaxNode; message: string; fix?: Fix }
  | { kind: 'unknown-parameter'; node: SyntaxNode; message: string; fix?: Fix }
  | { kind: 'missing-required'; node: SyntaxNode; message: string }
  | { kind: 'bad-value'; node: SyntaxNode; message: string; fix?: Fix }
  /** A literal string passed where the model wants one of the instance-type enums (SM5xx checks these). */
  | { kind: 'instance-type'; node: SyntaxNode; value: string; enumName: string };

export interface Boto3Call {
  readonly service: string;
  readonly model: ApiModel;
  readonly method: string;
  readonly methodNode: SyntaxNode;
  readonly operation?: Operation;
}

/** The client method a call invokes, when its receiver is a boto3 client of a modelled service. */
export function boto3CallOf(call: SyntaxNode, model: SemanticModel): Boto3Call | undefined {
  if (call.type !== 'call') return undefined;
  const callee = childByField(call, 'function');
  if (!callee || callee.type !== 'attribute') return undefined;
  const object = childByField(callee, 'object');
  const attribute = childByField(callee, 'attribute');
  if (!object || !attribute) return undefined;
  const client = model.valueOf(object);
  if (client.kind !== 'boto3-client') return undefined;
  const api = apiModel(client.service);
  if (!api) return undefined;
  const method = model.identifierName(attribute);
  return { service: client.service, model: api, method, methodNode: attribute, operation: api.operationByPython(method) };
}

/** Every SM4xx rule and SM501/502 ask for the issues of each call: found once per call and model. */
const ISSUES = {};

/** What most calls (not a boto3 client's) have: shared, never added to. */
const NO_ISSUES: Boto3Issue[] = [];

export function boto3Issues(call: SyntaxNode, model: SemanticModel): readonly Boto3Issue[] {
  return model.memo(ISSUES, call, () => {
    const info = boto3CallOf(call, model);
    if (!info) return NO_ISSUES;
    const issues: Boto3Issue[] = [];
    collect(info, call, model, issues);
    return issues;
  });
}

function replaceFix(node: SyntaxNode, newText: string, title: string, applicability: 'safe' | 'unsafe' = 'safe'): Fix {
  return { title, applicability, edits: [{ start: node.start, end: node.end, newText }] };
}

function collect(info: Boto3Call, call: SyntaxNode, model: SemanticModel, issues: Boto3Issue[]): void {
  const { method, methodNode, operation, service } = info;
  if (!operation) {
    if (method === 'get_paginator' || method === 'get_waiter' || method === 'generate_presigned_url') checkNamedHelper(info, call, model, issues);
    if (CLIENT_NON_OPERATIONS.has(method) || method.startsWith('_')) return;
    for (const other of ['sagemaker', 'sagemaker-runtime']) {
      if (other === service) continue;
      if (apiModel(other)!.operationByPython(method)) {
        issues.push({
          kind: 'unknown-method',
          node: methodNode,
          message: `\`${method}\` belongs to the ${other} client: call it on boto3.client("${other}"). It is not an operation of the ${service} client; boto3 raises AttributeError: '${service === 'sagemaker' ? 'SageMaker' : 'SageMakerRuntime'}' object has no attribute '${method}'.`,
        });
        return;
      }
    }
    const names = info.model.pythonNames;
    const camel = xformName(method);
    const suggestion = names.includes(camel) ? camel : closestName(method, [...names, ...CLIENT_NON_OPERATIONS]);
    issues.push({
      kind: 'unknown-method',
      node: methodNode,
      message: `The ${service} client has no method \`${method}\`${suggestion ? `; did you mean \`${suggestion}\`?` : ` in the API model (${info.model.source}).`} boto3 raises AttributeError when the call runs.`,
      fix: suggestion ? replaceFix(methodNode, suggestion, `Replace with ${suggestion}`) : undefined,
    });
    return;
  }
  const input = operation.input;
  const args = childByField(call, 'arguments');
  if (!args || !input) return;
  let hasSplat = false;
  const given = new Set<string>();
  for (const child of args.children) {
    if (!child.named || child.type === 'comment') continue;
    if (child.type === 'dictionary_splat' || child.type === 'list_splat') {
      hasSplat = true;
      continue;
    }
    if (child.type !== 'keyword_argument') {
      issues.push({ kind: 'unknown-parameter', node: child, message: `boto3 client methods take keyword arguments only (TypeError): name this argument. \`${method}\` raises TypeError: ${method}() only accepts keyword arguments.` });
      continue;
    }
    const nameNode = childByField(child, 'name');
    const valueNode = childByField(child, 'value');
    if (!nameNode || !valueNode) continue;
    const name = model.identifierName(nameNode);
    given.add(name);
    const member = input.members.get(name);
    if (!member) {
      issues.push(unknownMember(name, nameNode, input, `\`${method}\``, (text) => text));
      continue;
    }
    checkValue(valueNode, member.type, `${name}`, model, info.model, issues, memberConstraint(service, input.name, name));
  }
  // An unknown or positional argument may be the missing one misspelled: report that, not both.
  const unsure = issues.some((issue) => issue.kind === 'unknown-parameter' && issue.node.parent === args) || issues.some((issue) => issue.kind === 'unknown-parameter' && issue.node.parent?.parent === args);
  if (!hasSplat && !unsure) {
    const missing = [...input.members.values()].filter((m) => m.required && !given.has(m.name)).map((m) => m.name);
    if (missing.length) {
      issues.push({
        kind: 'missing-required',
        node: methodNode,
        message: `\`${method}\` lacks required ${missing.length > 1 ? 'parameters' : 'parameter'}: pass ${missing.length > 2 ? `${missing.slice(0, 2).map((m) => `${m}=`).join(', ')}, ...` : missing.map((m) => `${m}=`).join(', ')}. It is missing ${missing.map((m) => `\`${m}\``).join(', ')}; botocore raises ParamValidationError: Missing required parameter in input: "${missing[0]}".`,
      });
    }
  }
}

/** `get_paginator("list_x")`, `get_waiter("x_in_service")`, `generate_presigned_url("describe_x")`: the name argument. */
function checkNamedHelper(info: Boto3Call, call: SyntaxNode, model: SemanticModel, issues: Boto3Issue[]): void {
  const keyword = info.method === 'get_waiter' ? 'waiter_name' : info.method === 'get_paginator' ? 'operation_name' : 'ClientMethod';
  const argument = model.argument(call, keyword, 0);
  if (!argument || unparenthesize(argument).type !== 'string') return;
  const name = plainStringValue(model.tree, argument);
  if (name === undefined) return;
  const api = info.model;
  const valid = info.method === 'get_waiter' ? api.waiters : info.method === 'get_paginator' ? api.paginators : api.pythonNames;
  if (valid.includes(name)) return;
  const what = info.method === 'get_waiter' ? 'waiter' : info.method === 'get_paginator' ? 'paginator' : 'method';
  const suggestion = valid.includes(xformName(name)) ? xformName(name) : closestName(name, valid);
  const quote = model.text(argument).trimStart().startsWith("'") ? "'" : '"';
  const error =
    info.method === 'get_waiter'
      ? `ValueError: Waiter does not exist: ${name}`
      : info.method === 'get_paginator'
        ? api.operationByPython(name)
          ? `OperationNotPageableError: Operation cannot be paginated: ${name}`
          : `KeyError: '${name}'`
        : `UnknownClientMethodError: Client does not have method: ${name}`;
  const pageableNote = info.method === 'get_paginator' && api.operationByPython(name) ? ` \`${name}\` is an operation, but it returns everything in one response.` : '';
  issues.push({
    kind: 'unknown-method',
    node: argument,
    message: `The ${info.service} client has no ${what} "${name}"${suggestion ? `; did you mean "${suggestion}"?` : '.'}${pageableNote} botocore raises ${error}.`,
    fix: suggestion ? replaceFix(argument, `${quote}${suggestion}${quote}`, `Replace with "${suggestion}"`) : undefined,
  });
}

function unknownMember(name: string, node: SyntaxNode, shape: Shape, where: string, quote: (text: string) => string): Boto3Issue {
  const names = [...shape.members.keys()];
  const pascal = names.find((n) => xformName(n) === name);
  const suggestion = pascal ?? closestName(name, names);
  return {
    kind: 'unknown-parameter',
    node,
    message: `${where} has no parameter \`${name}\` (${shape.name})${suggestion ? `; did you mean \`${suggestion}\`?` : '.'} botocore raises ParamValidationError: Unknown parameter in input: "${name}", must be one of: ${names.slice(0, 6).join(', ')}${names.length > 6 ? ', ...' : ''}.`,
    fix: suggestion ? replaceFix(node, quote(suggestion), `Replace with ${suggestion}`) : undefined,
  };
}

type LiteralType = 'str' | 'int' | 'float' | 'bool' | 'none' | 'list' | 'tuple' | 'dict' | 'set';

function accepts(type: TypeRef, literal: LiteralType): boolean {
  switch (type.kind) {
    case 'primitive':
      switch (type.name) {
        case 'string':
          return literal === 'str';
        case 'number':
          return literal === 'int' || literal === 'float' || literal === 'bool';
        case 'boolean':
          return literal === 'bool';
        case 'timestamp':
          return literal === 'str' || literal === 'int' || literal === 'float';
        case 'blob':
          return literal === 'str';
        default:
          return true;
      }
    case 'enum':
      return literal === 'str';
    case 'list':
      return literal === 'list' || literal === 'tuple';
    case 'map':
    case 'structure':
    case 'union':
      return literal === 'dict';
  }
}

const PYTHON_TYPE_NAMES: Record<LiteralType, string> = { str: 'str', int: 'int', float: 'float', bool: 'bool', none: 'NoneType', list: 'list', tuple: 'tuple', dict: 'dict', set: 'set' };

function checkValue(node: SyntaxNode, type: TypeRef, where: string, model: SemanticModel, api: ApiModel, issues: Boto3Issue[], constraint?: Constraint): void {
  const value = model.valueOf(node);
  if (value.kind !== 'literal') return;
  // A name bound to a literal is reported where it is used, but only literals written in place are traversed.
  const literal = value.node;
  if (!accepts(type, value.type)) {
    issues.push({
      kind: 'bad-value',
      node,
      message: `\`${where.length > 40 ? `...${where.slice(-37)}` : where}\` takes ${pythonTypeText(type)}, not ${PYTHON_TYPE_NAMES[value.type]}: pass ${/^(int|float|bool|str)/.test(pythonTypeText(type)) ? `a ${pythonTypeText(type).split(' ')[0]}` : 'that type'}. botocore raises ParamValidationError: Invalid type for parameter ${where}.`,
    });
    return;
  }
  if (type.kind === 'enum') {
    const text = plainStringValue(model.tree, literal);
    if (text === undefined || type.values.includes(text)) return;
    if (/InstanceType$/.test(type.name)) {
      issues.push({ kind: 'instance-type', node, value: text, enumName: type.name });
      return;
    }
    const sameCase = type.values.find((v) => v.toLowerCase() === text.toLowerCase());
    const suggestion = sameCase ?? closestName(text, type.values);
    const quote = model.text(literal).trimStart().startsWith("'") ? "'" : '"';
    issues.push({
      kind: 'bad-value',
      node,
      message: `"${text}" is not a valid ${type.name} for \`${where}\`${suggestion ? `; did you mean "${suggestion}"?` : ''} Valid values: ${type.values.slice(0, 8).join(', ')}${type.values.length > 8 ? ', ...' : ''}. The service rejects it with a ValidationException.`,
      fix: suggestion && node === literal ? replaceFix(node, `${quote}${suggestion}${quote}`, `Replace with "${suggestion}"`, sameCase ? 'safe' : 'unsafe') : undefined,
    });
    return;
  }
  if (constraint) {
    const issue = constraintIssue(model, node, literal, value.type, constraint, where);
    if (issue) issues.push({ kind: 'bad-value', ...issue });
  }
  if (literal !== unparenthesize(node)) return; // only traverse containers written in place
  if ((type.kind === 'structure' || type.kind === 'union') && literal.type === 'dictionary') {
    const shape = api.shape(type.name);
    if (!shape) return;
    let hasSplat = false;
    const given = new Set<string>();
    for (const pair of literal.children) {
      if (pair.type === 'dictionary_splat') hasSplat = true;
      if (pair.type !== 'pair') continue;
      const keyNode = childByField(pair, 'key');
      const valueNode = childByField(pair, 'value');
      if (!keyNode || !valueNode) continue;
      const key = plainStringValue(model.tree, keyNode);
      if (key === undefined) {
        hasSplat = true; // a computed key may be any member
        continue;
      }
      given.add(key);
      const member = shape.members.get(key);
      if (!member) {
        const quote = model.text(keyNode).trimStart().startsWith("'") ? "'" : '"';
        issues.push(unknownMember(key, keyNode, shape, `\`${where}\``, (text) => `${quote}${text}${quote}`));
        continue;
      }
      checkValue(valueNode, member.type, `${where}.${key}`, model, api, issues, memberConstraint(api.service, shape.name, key));
    }
    if (!hasSplat && shape.kind === 'structure') {
      const missing = [...shape.members.values()].filter((m) => m.required && !given.has(m.name)).map((m) => m.name);
      if (missing.length) {
        issues.push({
          kind: 'missing-required',
          node: literal,
          message: `\`${where.length > 40 ? `...${where.slice(-37)}` : where}\` lacks required ${missing.length > 1 ? 'keys' : 'key'}: add ${missing.length > 2 ? `${missing.slice(0, 2).map((m) => `"${m}"`).join(', ')}, ...` : missing.map((m) => `"${m}"`).join(', ')}. \`${where}\` (${shape.name}) is missing required key${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}; botocore raises ParamValidationError: Missing required parameter in ${where}: "${missing[0]}".`,
        });
      }
    }
    return;
  }
  if (type.kind === 'map' && literal.type === 'dictionary') {
    for (const pair of literal.children) {
      if (pair.type !== 'pair') continue;
      const keyNode = childByField(pair, 'key');
      const valueNode = childByField(pair, 'value');
      const keyValue = keyNode ? model.valueOf(keyNode) : undefined;
      if (keyNode && constraint?.key && keyValue?.kind === 'literal' && keyValue.type === 'str') {
        const issue = constraintIssue(model, keyNode, keyValue.node, 'str', constraint.key, `${where} key`);
        if (issue) issues.push({ kind: 'bad-value', ...issue });
      }
      if (valueNode) checkValue(valueNode, type.of, `${where}[...]`, model, api, issues, constraint?.value);
    }
    return;
  }
  if (type.kind === 'list' && (literal.type === 'list' || literal.type === 'tuple')) {
    let index = 0;
    for (const item of literal.children) {
      if (!item.named || item.type === 'comment') continue;
      if (item.type === 'list_splat') return;
      checkValue(item, type.of, `${where}[${index++}]`, model, api, issues, constraint?.item);
    }
  }
}
