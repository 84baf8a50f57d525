import { SyntaxNode, childByField, childrenByField } from '../../parse/syntaxNode';
import { SemanticModel } from '../../semantic/model';
import { Generation, SdkSymbol } from '../../semantic/sdk';
import { SDK_SYMBOLS } from '../../semantic/sdk/catalog';
import { allModules, moduleExists, modulesDefining, nameExists } from '../../semantic/sdk/modules';
import { closestName } from '../../api/closest';
import { GET_IMAGE_URI_PATHS, renameForPath } from './renames';

/** Namespaces under `sagemaker.` that other distributions install (sagemaker-hyperpod): never judged. */
export const FOREIGN_NAMESPACES = ['sagemaker.hyperpod'];

export interface ImportedName {
  readonly node: SyntaxNode;
  readonly name: string;
}

export interface SdkImport {
  readonly statement: SyntaxNode;
  readonly moduleNode: SyntaxNode;
  readonly module: string;
  /** Names of `from M import a, b` ([] for `import M`, undefined for `from M import *`). */
  readonly names?: readonly ImportedName[];
}

/** The SDK imports a statement makes (one per module for `import a, b`). */
export function sdkImports(model: SemanticModel, statement: SyntaxNode): SdkImport[] {
  const result: SdkImport[] = [];
  if (guardedByImportError(model, statement)) return result; // compatibility code: `try: import x` / `except ImportError:`
  const isSdk = (module: string) => (module === 'sagemaker' || module.startsWith('sagemaker.')) && !FOREIGN_NAMESPACES.some((ns) => module === ns || module.startsWith(`${ns}.`));
  if (statement.type === 'import_from_statement') {
    const moduleNode = childByField(statement, 'module_name');
    if (!moduleNode || moduleNode.type !== 'dotted_name') return [];
    const module = model.text(moduleNode).replace(/\s+/g, '');
    if (!isSdk(module)) return [];
    if (statement.children.some((c) => c.type === 'wildcard_import')) return [{ statement, moduleNode, module }];
    const names: ImportedName[] = [];
    for (const item of childrenByField(statement, 'name')) {
      const nameNode = item.type === 'aliased_import' ? childByField(item, 'name') : item;
      if (nameNode) names.push({ node: nameNode, name: model.text(nameNode) });
    }
    result.push({ statement, moduleNode, module, names });
  } else if (statement.type === 'import_statement') {
    for (const item of childrenByField(statement, 'name')) {
      const moduleNode = item.type === 'aliased_import' ? childByField(item, 'name') : item;
      if (!moduleNode) continue;
      const module = model.text(moduleNode).replace(/\s+/g, '');
      if (isSdk(module)) result.push({ statement, moduleNode, module, names: [] });
    }
  }
  return result;
}

export function existsAnywhere(module: string): boolean {
  return moduleExists('v2', module) || moduleExists('v3', module);
}

/** The catalog symbol with a path `module.name` in a generation. */
function catalogSymbol(generation: Generation, module: string, name: string): SdkSymbol | undefined {
  const path = `${module}.${name}`;
  return SDK_SYMBOLS.find((s) => s[generation].includes(path) || (s.incidental?.[generation] ?? []).includes(path));
}

/** Where a name lives in a generation: the catalog's canonical module first, then the modules that define it. */
export function homesOf(generation: Generation, name: string): string[] {
  const homes: string[] = [];
  for (const symbol of SDK_SYMBOLS) {
    const first = symbol[generation][0];
    if (first && first.endsWith(`.${name}`) && first.slice(first.lastIndexOf('.') + 1) === name) {
      // Prefer the shortest deliberate path (a package re-export) over the defining module.
      const sorted = symbol[generation].filter((p) => p.endsWith(`.${name}`)).map((p) => p.slice(0, p.lastIndexOf('.')));
      homes.push(...sorted);
    }
  }
  for (const module of modulesDefining(generation, name)) if (!homes.includes(module)) homes.push(module);
  return homes.filter((m) => !m.split('.').some((part) => part.startsWith('_')));
}

/** A module where every name can be imported from, in a generation: the catalog's, else a unique definer. */
export function commonHome(generation: Generation, names: readonly string[]): { module: string; certain: boolean } | undefined {
  if (!names.length) return undefined;
  const candidates = homesOf(generation, names[0]).filter((module) => names.every((name) => nameExists(generation, module, name)));
  if (!candidates.length) return undefined;
  const catalogued = candidates.find((module) => names.every((name) => catalogSymbol(generation, module, name)));
  if (catalogued) return { module: catalogued, certain: true };
  return { module: candidates[0], certain: candidates.length === 1 };
}

/** The closest existing module path (for `import sagemaker.wokflow`). */
export function closestModule(generation: Generation, module: string): string | undefined {
  return closestName(module, allModules(generation));
}

/** Names the v1 migration rules (SM602-SM604) already report. */
export function handledByV1Rules(module: string, name: string): boolean {
  const path = `${module}.${name}`;
  return !!renameForPath(path) || GET_IMAGE_URI_PATHS.has(path);
}

export { catalogSymbol };

/** Whether a statement sits in the body of a `try` whose handlers catch ImportError (or everything). */
function guardedByImportError(model: SemanticModel, statement: SyntaxNode): boolean {
  for (let node: SyntaxNode | null | undefined = statement.parent; node; node = node.parent) {
    if (node.type !== 'block' || node.parent?.type !== 'try_statement' || childByField(node.parent, 'body') !== node) continue;
    for (const clause of node.parent.children) {
      if (clause.type !== 'except_clause' && clause.type !== 'except_group_clause') continue;
      const header = model.text(clause).split(':')[0];
      if (/^except\s*$/.test(header) || /\b(ImportError|ModuleNotFoundError|Exception|BaseException)\b/.test(header)) return true;
    }
  }
  return false;
}
