import { SyntaxNode, childByField, unparenthesize } from '../parse/syntaxNode';
import { SemanticModel, plainStringValue } from './model';

/** Stands for a part of a built string whose text is unknown (a variable, a call). */
export const HOLE = '\u0000';

const MAX_DEPTH = 8;

export interface BuiltString {
  /** The text, with HOLE where a part is unknown. */
  readonly text: string;
  /** The expression the text was read from after following names: where the string is built. */
  readonly origin: SyntaxNode;
}

/**
 * The text a str expression builds, as far as it is written in the module: plain literals, f-strings,
 * implicit concatenation, `+` chains, `"...".format(...)`, and names assigned once from one of these.
 * Parts it cannot read are HOLEs; undefined when the expression is not one of these forms at all.
 */
export function builtString(model: SemanticModel, node: SyntaxNode): BuiltString | undefined {
  let current = unparenthesize(node);
  for (let depth = 0; current.type === 'identifier' && depth < MAX_DEPTH; depth++) {
    const assigned = model.assignedExpression(current);
    if (!assigned) return undefined;
    current = unparenthesize(assigned);
  }
  const text = textOf(model, current, 0);
  return text === undefined ? undefined : { text, origin: startOrigin(model, current) };
}

/**
 * The expression that writes the start of a built string (where its scheme comes from): the left end
 * of `+` chains, through names assigned once. `base + "/x"` and `base + "/y"` share the origin of `base`.
 */
function startOrigin(model: SemanticModel, node: SyntaxNode): SyntaxNode {
  let current = unparenthesize(node);
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    let leftmost = current;
    while (leftmost.type === 'binary_operator') {
      const left = childByField(leftmost, 'left');
      if (!left) break;
      leftmost = unparenthesize(left);
    }
    // The chain's start is written here unless it is a name for a string built elsewhere.
    const assigned = leftmost.type === 'identifier' ? model.assignedExpression(leftmost) : undefined;
    if (!assigned || textOf(model, assigned, 0) === undefined) return current;
    current = unparenthesize(assigned);
  }
  return current;
}

function textOf(model: SemanticModel, node: SyntaxNode, depth: number): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const bare = unparenthesize(node);
  switch (bare.type) {
    case 'string':
      return plainStringValue(model.tree, bare) ?? fStringText(model, bare, depth);
    case 'concatenated_string': {
      let result = '';
      for (const part of bare.children) {
        if (part.type !== 'string') continue;
        const text = textOf(model, part, depth + 1);
        if (text === undefined) return undefined;
        result += text;
      }
      return result;
    }
    case 'binary_operator': {
      const operator = childByField(bare, 'operator');
      if (!operator || model.text(operator) !== '+') return undefined;
      const left = childByField(bare, 'left');
      const right = childByField(bare, 'right');
      if (!left || !right) return undefined;
      const leftText = textOf(model, left, depth + 1);
      const rightText = textOf(model, right, depth + 1);
      // `a + b` is a string only when one side is known to be one.
      if (leftText === undefined && rightText === undefined) return undefined;
      return (leftText ?? HOLE) + (rightText ?? HOLE);
    }
    case 'call':
      return formatText(model, bare, depth);
    case 'identifier': {
      const assigned = model.assignedExpression(bare);
      return assigned ? textOf(model, assigned, depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

/** A part of a built string: its text, or a HOLE when it is unknown. */
function partText(model: SemanticModel, node: SyntaxNode, depth: number): string {
  return textOf(model, node, depth + 1) ?? HOLE;
}

function fStringText(model: SemanticModel, node: SyntaxNode, depth: number): string | undefined {
  const start = node.children.find((c) => c.type === 'string_start');
  const prefix = start ? model.text(start).replace(/['"]+$/, '').toLowerCase() : '';
  if (!prefix.includes('f') || prefix.includes('b') || prefix.includes('t')) return undefined;
  let result = '';
  for (const child of node.children) {
    if (child.type === 'string_content') result += model.text(child).replace(/\{\{/g, '{').replace(/\}\}/g, '}');
    else if (child.type === 'escape_sequence') result += HOLE;
    else if (child.type === 'interpolation') {
      const expression = childByField(child, 'expression');
      const plain = !child.children.some((c) => c.type === 'type_conversion' || c.type === 'format_specifier' || (!c.named && c.type === '='));
      result += expression && plain ? partText(model, expression, depth) : HOLE;
    }
  }
  return result;
}

/** `"...{}...".format(a, b)` on a plain literal: the fields filled with their arguments' text. */
function formatText(model: SemanticModel, call: SyntaxNode, depth: number): string | undefined {
  const callee = childByField(call, 'function');
  if (!callee || callee.type !== 'attribute' || model.text(childByField(callee, 'attribute')!) !== 'format') return undefined;
  const object = childByField(callee, 'object');
  const template = object && plainStringValue(model.tree, object);
  if (template === undefined) return undefined;
  const args = childByField(call, 'arguments');
  const positional: SyntaxNode[] = [];
  const keywords = new Map<string, SyntaxNode>();
  for (const child of args?.children ?? []) {
    if (!child.named || child.type === 'comment') continue;
    if (child.type === 'list_splat' || child.type === 'dictionary_splat') return undefined;
    if (child.type === 'keyword_argument') {
      const name = childByField(child, 'name');
      const value = childByField(child, 'value');
      if (name && value) keywords.set(model.text(name), value);
    } else positional.push(child);
  }
  let result = '';
  let auto = 0;
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if ((c === '{' || c === '}') && template[i + 1] === c) {
      result += c;
      i++;
      continue;
    }
    if (c !== '{') {
      result += c;
      continue;
    }
    const close = template.indexOf('}', i);
    if (close < 0) return undefined;
    const field = template.slice(i + 1, close);
    const match = /^([A-Za-z_][A-Za-z0-9_]*|\d*)(?:![rsa])?(?::[^{}]*)?$/.exec(field);
    if (!match) return undefined;
    const key = match[1];
    const argument = key === '' ? positional[auto++] : /^\d+$/.test(key) ? positional[Number(key)] : keywords.get(key);
    const plain = field === key;
    result += argument && plain ? partText(model, argument, depth) : HOLE;
    i = close;
  }
  return result;
}
