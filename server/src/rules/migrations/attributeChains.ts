import { SyntaxNode, childByField } from '../../parse/syntaxNode';
import { SemanticModel, editTouchesImports } from '../../semantic/model';
import { ModuleFact, NodeQuery } from '../../semantic/reads';
import { Generation } from '../../semantic/sdk';
import { moduleExists, nameExists } from '../../semantic/sdk/modules';
import { FOREIGN_NAMESPACES, handledByV1Rules, sdkImports } from './imports';
import { isWritten, statementIndex } from '../../semantic/statementIndex';

/**
 * `module.name` written as an attribute chain whose object is an SDK module bound by an import
 * (`import sagemaker` then `sagemaker.image_uris`, `import sagemaker as sm` then `sm.session.Session`,
 * `import sagemaker.workflow` then `sagemaker.workflow.foo`): the step of the chain the import rules
 * (SM605, SM606) judge like `from module import name`.
 */
export interface ModuleAttribute {
  /** The attribute node `object.name`. */
  readonly node: SyntaxNode;
  /** The module the object stands for (`sagemaker`, `sagemaker.workflow`). */
  readonly module: string;
  readonly name: string;
  /** The identifier the chain starts from. */
  readonly root: SyntaxNode;
}

/**
 * The module attribute at `node`, when the object is a plain chain of names (no calls or subscripts) that
 * provably stands for an SDK module (a local variable or parameter named `sagemaker`, or a rebinding,
 * gives a value other than that module path), when the attribute is read (not assigned, deleted or
 * monkeypatched anywhere in the file) and when no guard shows the code expects it may be missing.
 */
export function moduleAttributeAt(model: SemanticModel, node: SyntaxNode): ModuleAttribute | undefined {
  if (node.type !== 'attribute') return undefined;
  const object = childByField(node, 'object');
  const attribute = childByField(node, 'attribute');
  if (!object || !attribute) return undefined;
  const name = model.text(attribute);
  if (name.startsWith('_')) return undefined; // __version__, __path__, private names: never judged
  let root: SyntaxNode = object;
  while (root.type === 'attribute') {
    const inner = childByField(root, 'object');
    if (!inner) return undefined;
    root = inner;
  }
  if (root.type !== 'identifier') return undefined;
  const value = model.valueOf(object);
  if (value.kind !== 'path') return undefined;
  const module = value.path;
  if (module !== 'sagemaker' && !module.startsWith('sagemaker.')) return undefined;
  if (FOREIGN_NAMESPACES.some((ns) => module === ns || module.startsWith(`${ns}.`) || `${module}.${name}` === ns)) return undefined;
  if (!moduleExists('v2', module) && !moduleExists('v3', module)) return undefined; // a name reached through a class or function, not a module
  if (chainHandledByV1Rules(model, node)) return undefined;
  if (isWritten(node) || monkeypatched(model, node)) return undefined;
  if (guarded(model, node)) return undefined;
  return { node, module, name, root };
}

/** Whether `module.name` is something the generation's module has: a submodule or a public name. */
export function attributeExists(generation: Generation, module: string, name: string): boolean {
  return moduleExists(generation, `${module}.${name}`) || nameExists(generation, module, name);
}

/** The attribute nodes above `node` that extend its chain (`a.b` -> `a.b.c` -> `a.b.c.d`). */
export function* chainAbove(node: SyntaxNode): Generator<SyntaxNode> {
  let current = node;
  while (current.parent?.type === 'attribute' && childByField(current.parent, 'object') === current) {
    current = current.parent;
    yield current;
  }
}

/** SM602-SM604 report v1 names written as chains (`sagemaker.s3_input`, `sagemaker.session.s3_input`). */
function chainHandledByV1Rules(model: SemanticModel, node: SyntaxNode): boolean {
  for (const link of [node, ...chainAbove(node)]) {
    const value = model.valueOf(link);
    if (value.kind !== 'path') break;
    const dot = value.path.lastIndexOf('.');
    if (handledByV1Rules(value.path.slice(0, dot), value.path.slice(dot + 1))) return true;
  }
  return false;
}

const patchedCache = new WeakMap<SemanticModel, Set<string>>();

/**
 * Chains the file assigns to (`sagemaker.image_uris = image_uris`) or passes to setattr, as written
 * without spaces: code that sets an attribute on the module makes later reads of it work.
 */
function monkeypatched(model: SemanticModel, node: SyntaxNode): boolean {
  // Asked as a node query: a statement depends on the answer, not on every assignment in the file.
  return model.ask(MONKEYPATCHED, node);
}

const MONKEYPATCHED: NodeQuery<boolean> = { name: 'monkeypatched', compute: (model, node) => isMonkeypatched(model, node) };

function isMonkeypatched(model: SemanticModel, node: SyntaxNode): boolean {
  let patched = patchedCache.get(model);
  if (!patched) {
    // From the statements' indexes: each statement is walked once, not the whole module per model.
    patched = new Set();
    for (const statement of model.tree.root.children) for (const chain of statementIndex(statement, (n) => model.text(n)).patchedChains) patched.add(chain);
    patchedCache.set(model, patched);
  }
  if (!patched.size) return false;
  const text = model.text(node).replace(/\s+/g, '');
  const object = text.slice(0, text.lastIndexOf('.'));
  return patched.has(text) || patched.has(`${object}.*`);
}

/** Words in a condition that show the code tests which SDK it runs on (or whether the attribute exists). */
const VERSION_TEST = /hasattr|getattr|TYPE_CHECKING|find_spec|version/i;

/**
 * Compatibility code: inside `try:` with a handler for AttributeError (or everything), in a branch whose
 * condition tests the SDK's version or the attribute's existence, in `getattr(sagemaker, ...)` /
 * `hasattr(...)`'s own arguments, or in an annotation that `from __future__ import annotations` leaves
 * unevaluated.
 */
function guarded(model: SemanticModel, node: SyntaxNode): boolean {
  for (let child: SyntaxNode = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    switch (parent.type) {
      case 'block':
        if (parent.parent?.type === 'try_statement' && childByField(parent.parent, 'body') === parent && catchesAttributeError(model, parent.parent)) return true;
        break;
      case 'if_statement':
      case 'elif_clause':
      case 'while_statement':
      case 'conditional_expression':
      case 'boolean_operator': {
        const condition = parent.type === 'conditional_expression' || parent.type === 'boolean_operator' ? parent : childByField(parent, 'condition');
        if (condition && VERSION_TEST.test(model.text(condition))) return true;
        if (parent.type === 'if_statement' || parent.type === 'elif_clause') {
          // An `else:` after such a test is guarded too.
          const tested = ifChainConditions(model, parent.type === 'elif_clause' ? parent.parent : parent);
          if (tested.some((c) => VERSION_TEST.test(c))) return true;
        }
        break;
      }
      case 'type':
        if (hasFutureAnnotations(model)) return true;
        break;
      case 'call': {
        const callee = childByField(parent, 'function');
        if (callee && child !== callee && /^(hasattr|getattr)$/.test(model.text(callee))) return true;
        break;
      }
      default:
        break;
    }
  }
  return false;
}

function ifChainConditions(model: SemanticModel, statement: SyntaxNode | null | undefined): string[] {
  if (!statement || statement.type !== 'if_statement') return [];
  const conditions: string[] = [];
  const first = childByField(statement, 'condition');
  if (first) conditions.push(model.text(first));
  for (const clause of statement.children) {
    if (clause.type !== 'elif_clause') continue;
    const condition = childByField(clause, 'condition');
    if (condition) conditions.push(model.text(condition));
  }
  return conditions;
}

function catchesAttributeError(model: SemanticModel, tryStatement: SyntaxNode): boolean {
  for (const clause of tryStatement.children) {
    if (clause.type !== 'except_clause' && clause.type !== 'except_group_clause') continue;
    const header = model.text(clause).split(':')[0];
    if (/^except\s*$/.test(header) || /\b(AttributeError|Exception|BaseException)\b/.test(header)) return true;
  }
  return false;
}

const FUTURE_ANNOTATIONS: ModuleFact<boolean> = {
  name: 'future-annotations',
  compute: (model) => model.tree.root.children.some((s) => s.type === 'future_import_statement' && /\bannotations\b/.test(model.text(s))),
  unchangedBy: (model, before) => !editTouchesImports(before),
};

function hasFutureAnnotations(model: SemanticModel): boolean {
  return model.fact(FUTURE_ANNOTATIONS);
}

const importedCache = new WeakMap<SemanticModel, string[]>();

/**
 * Whether some import statement of the file names `module` or one of its submodules (`import
 * sagemaker.image_uris`, `from sagemaker import image_uris`): the import rules report the import itself.
 */
export function fileImportsModule(model: SemanticModel, module: string): boolean {
  // A module fact per module name: a statement depends on the answer, not on every import statement.
  let fact = importsModuleFacts.get(module);
  if (!fact) importsModuleFacts.set(module, (fact = { name: `imports-module:${module}`, compute: (m) => importsModule(m, module), unchangedBy: (m, before) => !editTouchesImports(before) }));
  return model.fact(fact);
}

const importsModuleFacts = new Map<string, ModuleFact<boolean>>();

function importsModule(model: SemanticModel, module: string): boolean {
  let imported = importedCache.get(model);
  if (!imported) {
    imported = [];
    const stack: SyntaxNode[] = [model.tree.root];
    while (stack.length) {
      const current = stack.pop()!;
      if (current.type === 'import_statement' || current.type === 'import_from_statement') {
        for (const sdkImport of sdkImports(model, current)) {
          imported.push(sdkImport.module);
          for (const n of sdkImport.names ?? []) imported.push(`${sdkImport.module}.${n.name}`);
        }
        continue;
      }
      for (const child of current.children) if (child.named) stack.push(child);
    }
    importedCache.set(model, imported);
  }
  return imported.some((m) => m === module || m.startsWith(`${module}.`));
}
