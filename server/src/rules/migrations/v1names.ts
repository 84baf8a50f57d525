import { SyntaxNode, childByField, childrenByField } from '../../parse/syntaxNode';
import { insertImport } from '../../semantic/imports';
import { SemanticModel } from '../../semantic/model';
import { nameExists } from '../../semantic/sdk/modules';
import { detectEol, lineStartBefore } from '../../text/lineIndex';
import { Fix, TextEdit } from '../types';
import { NameRename, V2_DOC, renameForPath } from './renames';
import { judgedReleaseOf, nameVerdict } from './releases';

export interface V1NameFinding {
  readonly node: SyntaxNode;
  readonly oldPath: string;
  readonly rename: NameRename;
  /** Whether v2.257.6 still has the old name (a deprecated alias) or not (ImportError/AttributeError). */
  readonly stillInV2: boolean;
  readonly fix?: Fix;
}

function existsInV2(model: SemanticModel, path: string): boolean {
  const dot = path.lastIndexOf('.');
  if (path.slice(dot + 1).startsWith('_')) return false; // v2 removed every private v1 serializer class (only the upgrade tool names them)
  // The v2 release the code runs, when known: some aliases lived on for a while after v2.0.0.
  const judged = judgedReleaseOf(model);
  if (judged?.sdk.major === 2) {
    const verdict = nameVerdict(judged, path.slice(0, dot), path.slice(dot + 1));
    if (verdict.kind !== 'unknown') return verdict.kind === 'exists';
  }
  return nameExists('v2', path.slice(0, dot), path.slice(dot + 1));
}

export function v1NameMessage(finding: V1NameFinding): string {
  const { rename, oldPath } = finding;
  const target = `${rename.newModule}.${rename.newName}${rename.object ? '()' : ''}`;
  const state = finding.stillInV2
    ? `v2 keeps it as a deprecated alias that warns "The class ${oldPath} has been renamed in sagemaker>=2." (DeprecationWarning)`
    : 'it no longer exists in v2, so the import (or attribute access) fails';
  const what = rename.object ? `The serializer object \`${oldPath}\`` : `\`${oldPath}\``;
  const short = `\`${rename.newName}${rename.object ? '()' : ''}\``;
  const lead = `\`${oldPath.split('.').pop()}\` is the SDK v1 name${finding.stillInV2 ? ' (deprecated)' : ' (removed in v2)'}: use ${short} from ${rename.newModule}.`;
  return `${lead} ${what} is the SDK v1 name of \`${target}\`: ${state} (sagemaker-upgrade-v2 makes this change; see ${V2_DOC}).`;
}

/** `from M import N [as A]` names that were renamed in v2. */
export function v1ImportFindings(model: SemanticModel, statement: SyntaxNode): V1NameFinding[] {
  const moduleNode = childByField(statement, 'module_name');
  if (!moduleNode || moduleNode.type !== 'dotted_name') return [];
  const module = model.text(moduleNode);
  const names = childrenByField(statement, 'name');
  const findings: V1NameFinding[] = [];
  for (const item of names) {
    const nameNode = item.type === 'aliased_import' ? childByField(item, 'name') : item;
    const aliasNode = item.type === 'aliased_import' ? childByField(item, 'alias') : undefined;
    if (!nameNode) continue;
    const oldPath = `${module}.${model.text(nameNode)}`;
    const rename = renameForPath(oldPath);
    if (!rename) continue;
    const alias = aliasNode ? model.text(aliasNode) : undefined;
    findings.push({ node: nameNode, oldPath, rename, stillInV2: existsInV2(model, oldPath), fix: importFix(model, statement, module, names, item, oldPath, rename, alias) });
  }
  return findings;
}

function importFix(model: SemanticModel, statement: SyntaxNode, module: string, names: SyntaxNode[], item: SyntaxNode, oldPath: string, rename: NameRename, alias: string | undefined): Fix | undefined {
  const bound = alias ?? model.text(item);
  const newBinding = alias ?? rename.newName;
  // The new name must not already mean something else in the module.
  if (!alias && rename.newName !== bound) {
    const existing = model.scopes.module.definitions.get(rename.newName);
    if (existing?.some((d) => d.path !== `${rename.newModule}.${rename.newName}`)) return undefined;
  }
  const importText = `from ${rename.newModule} import ${rename.newName}${alias ? ` as ${alias}` : ''}`;
  const edits: TextEdit[] = [];
  if (rename.newModule === module && !rename.object) {
    const nameNode = item.type === 'aliased_import' ? childByField(item, 'name')! : item;
    edits.push({ start: nameNode.start, end: nameNode.end, newText: rename.newName });
  } else if (names.length === 1 && !statement.parent?.type.includes('block') && statement.parent?.type === 'module') {
    edits.push({ start: statement.start, end: statement.end, newText: importText });
  } else if (names.length > 1) {
    // Drop this name (and one comma next to it) and add the new import after the statement.
    const index = names.indexOf(item);
    const start = index > 0 ? names[index - 1].end : item.start;
    const end = index > 0 ? item.end : names[index + 1].start;
    edits.push({ start, end, newText: '' });
    const eol = detectEol(model.tree.text);
    const indent = model.tree.text.slice(lineStartBefore(model.tree.text, statement.start), statement.start);
    if (/\S/.test(indent)) return undefined;
    edits.push({ start: statement.end, end: statement.end, newText: `${eol}${indent}${importText}` });
  } else {
    edits.push({ start: statement.start, end: statement.end, newText: importText });
  }
  // Rename the uses of the bound name (objects become instances).
  if (newBinding !== bound || rename.object) {
    for (const use of usesOf(model, bound, oldPath)) edits.push({ start: use.start, end: use.end, newText: `${newBinding}${rename.object ? '()' : ''}` });
  }
  return { title: `Import ${rename.newName} from ${rename.newModule}${rename.object ? ' and instantiate it' : ''}`, applicability: 'safe', edits };
}

/** Identifiers outside import statements that resolve to `path` through the name `name`. */
function usesOf(model: SemanticModel, name: string, path: string): SyntaxNode[] {
  const uses: SyntaxNode[] = [];
  const stack: SyntaxNode[] = [model.tree.root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'import_from_statement' || node.type === 'import_statement') continue;
    if (node.type === 'identifier' && model.text(node) === name) {
      const parent = node.parent;
      const isAttributeName = parent?.type === 'attribute' && childByField(parent, 'attribute') === node;
      const isKeyword = parent?.type === 'keyword_argument' && childByField(parent, 'name') === node;
      if (!isAttributeName && !isKeyword) {
        const value = model.valueOf(node);
        if (value.kind === 'path' && value.path === path) uses.push(node);
      }
    }
    for (const child of node.children) stack.push(child);
  }
  return uses;
}

/** `sagemaker.session.s3_input` written out as an attribute chain. */
export function v1AttributeFinding(model: SemanticModel, node: SyntaxNode): V1NameFinding | undefined {
  if (node.type !== 'attribute') return undefined;
  const value = model.valueOf(node);
  if (value.kind !== 'path') return undefined;
  const rename = renameForPath(value.path);
  if (!rename) return undefined;
  const object = childByField(node, 'object');
  const attribute = childByField(node, 'attribute');
  if (!object || !attribute) return undefined;
  const objectValue = model.valueOf(object);
  let fix: Fix | undefined;
  const suffix = rename.object ? '()' : '';
  if (objectValue.kind === 'path' && objectValue.path === rename.newModule) {
    fix = { title: `Use ${rename.newName}${suffix}`, applicability: 'safe', edits: [{ start: node.start, end: node.end, newText: `${model.text(object)}.${rename.newName}${suffix}` }] };
  } else {
    const probe = model.lookupNameAt(rename.newName, node);
    const target = `${rename.newModule}.${rename.newName}`;
    if (probe.kind === 'path' && probe.path === target) {
      fix = { title: `Use ${rename.newName}${suffix}`, applicability: 'safe', edits: [{ start: node.start, end: node.end, newText: `${rename.newName}${suffix}` }] };
    } else if (pendingImportFix(model, rename)) {
      // The module also imports the old name; rewrite that import in the same fix, so applying every
      // fix at once does not import the new name twice.
      const pending = pendingImportFix(model, rename)!;
      fix = { title: `Use ${rename.newName}${suffix}`, applicability: 'safe', edits: [...pending.edits, { start: node.start, end: node.end, newText: `${rename.newName}${suffix}` }] };
    } else if (!model.scopes.module.definitions.has(rename.newName)) {
      fix = {
        title: `Import ${rename.newName} from ${rename.newModule}`,
        applicability: 'safe',
        edits: [insertImport(model, `from ${rename.newModule} import ${rename.newName}`), { start: node.start, end: node.end, newText: `${rename.newName}${suffix}` }],
      };
    }
  }
  return { node, oldPath: value.path, rename, stillInV2: existsInV2(model, value.path), fix };
}

/** The fix of a top-level `from old import name` (no alias) that will bind `rename.newName`, if the module has one. */
function pendingImportFix(model: SemanticModel, rename: NameRename): Fix | undefined {
  for (const statement of model.tree.root.children) {
    if (statement.type !== 'import_from_statement') continue;
    for (const finding of v1ImportFindings(model, statement)) {
      if (finding.rename !== rename || !finding.fix) continue;
      if (finding.node.parent?.type === 'aliased_import') continue;
      return finding.fix;
    }
  }
  return undefined;
}
