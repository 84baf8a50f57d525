import { SyntaxNode, childByField, childrenByField } from '../../parse/syntaxNode';
import { insertImport } from '../../semantic/imports';
import { SemanticModel } from '../../semantic/model';
import { Fix, Rule, TextEdit } from '../types';
import { GET_IMAGE_URI_PATHS, MIGRATION_REFERENCES, V2_DOC } from './renames';
import { detectEol } from '../../text/lineIndex';

/** The call's arguments rearranged for image_uris.retrieve(framework, region, version). */
function retrieveArguments(model: SemanticModel, call: SyntaxNode): string | undefined {
  const args = childByField(call, 'arguments');
  if (!args) return undefined;
  const slots: (string | undefined)[] = [undefined, undefined, undefined]; // region, repo, version
  let position = 0;
  for (const child of args.children) {
    if (!child.named || child.type === 'comment') continue;
    if (child.type === 'keyword_argument') {
      const name = model.text(childByField(child, 'name')!);
      const value = model.text(childByField(child, 'value')!);
      const slot = name === 'region_name' || name === 'repo_region' ? 0 : name === 'repo_name' ? 1 : name === 'repo_version' ? 2 : -1;
      if (slot < 0 || slots[slot] !== undefined) return undefined;
      slots[slot] = value;
    } else if (child.type === 'list_splat' || child.type === 'dictionary_splat') {
      return undefined;
    } else {
      if (position > 2 || slots[position] !== undefined) return undefined;
      slots[position++] = model.text(child);
    }
  }
  if (slots[0] === undefined || slots[1] === undefined) return undefined;
  // get_image_uri's repo_version defaults to "1" and is passed on as version="1".
  return `${slots[1]}, ${slots[0]}, ${slots[2] ?? '"1"'}`;
}

/** How to spell image_uris.retrieve at `at`, and the import it needs. */
function retrieveCallee(model: SemanticModel, at: SyntaxNode): { callee: string; edits: TextEdit[] } | undefined {
  const imageUris = model.lookupNameAt('image_uris', at);
  if (imageUris.kind === 'path' && imageUris.path === 'sagemaker.image_uris') return { callee: 'image_uris.retrieve', edits: [] };
  const sagemaker = model.lookupNameAt('sagemaker', at);
  if (sagemaker.kind === 'path' && sagemaker.path === 'sagemaker') return { callee: 'sagemaker.image_uris.retrieve', edits: [] };
  if (model.scopes.module.definitions.has('image_uris')) return undefined;
  return { callee: 'image_uris.retrieve', edits: [insertImport(model, 'from sagemaker import image_uris')] };
}

function callFix(model: SemanticModel, call: SyntaxNode, callee: string): TextEdit | undefined {
  const args = retrieveArguments(model, call);
  return args === undefined ? undefined : { start: call.start, end: call.end, newText: `${callee}(${args})` };
}

const MESSAGE = `get_image_uri() is the SDK v1 function: call image_uris.retrieve(framework, region, version). It was replaced by sagemaker.image_uris.retrieve(framework, region, version) in SDK v2 (sagemaker-upgrade-v2 makes this change; see ${V2_DOC}): v2 keeps it only in sagemaker.amazon.amazon_estimator, where it warns "The method get_image_uri has been renamed in sagemaker>=2."; \`sagemaker.get_image_uri\` no longer exists. The arguments map as image_uris.retrieve(repo_name, region_name, repo_version).`;

export const getImageUri: Rule = {
  code: 'SM604',
  name: 'get-image-uri',
  defaultSeverity: 'warning',
  summary: 'get_image_uri(region, repo, version) from SDK v1; v2 uses image_uris.retrieve(framework, region, version)',
  nodeTypes: ['call', 'import_from_statement'],
  check(node, context) {
    const { model } = context;
    if (node.type === 'call') {
      const callee = childByField(node, 'function');
      if (!callee || callee.type !== 'attribute') return; // calls through an imported name are fixed at the import
      const value = model.valueOf(callee);
      if (value.kind !== 'path' || !GET_IMAGE_URI_PATHS.has(value.path)) return;
      const target = retrieveCallee(model, node);
      const edit = target && callFix(model, node, target.callee);
      context.report({ node: callee, message: MESSAGE, fix: edit && target ? { title: 'Use image_uris.retrieve', applicability: 'safe', edits: [...target.edits, edit] } : undefined });
      return;
    }
    const moduleNode = childByField(node, 'module_name');
    if (!moduleNode || moduleNode.type !== 'dotted_name') return;
    const module = model.text(moduleNode);
    const names = childrenByField(node, 'name');
    for (const item of names) {
      const nameNode = item.type === 'aliased_import' ? childByField(item, 'name') : item;
      if (!nameNode || !GET_IMAGE_URI_PATHS.has(`${module}.${model.text(nameNode)}`)) continue;
      const bound = item.type === 'aliased_import' ? model.text(childByField(item, 'alias')!) : 'get_image_uri';
      context.report({ node: nameNode, message: MESSAGE, fix: importFix(model, node, names, item, bound, `${module}.${model.text(nameNode)}`) });
    }
  },
  doc: {
    what: 'Fires on `get_image_uri` imported from `sagemaker`, `sagemaker.amazon_estimator` or `sagemaker.amazon.amazon_estimator`, and on calls written through those modules.',
    why: 'v2 replaced it with `sagemaker.image_uris.retrieve(framework, region, version)`, whose first two parameters are swapped. `sagemaker.get_image_uri` is gone (ImportError); `sagemaker.amazon.amazon_estimator.get_image_uri` remains as a shim that warns `The method get_image_uri has been renamed in sagemaker>=2.` and does not exist in v3.',
    example: 'from sagemaker.amazon.amazon_estimator import get_image_uri\n\ncontainer = get_image_uri(boto3.Session().region_name, "xgboost", "1.0-1")',
    useInstead: 'from sagemaker import image_uris\n\ncontainer = image_uris.retrieve("xgboost", boto3.Session().region_name, "1.0-1")',
    fixSafety: 'Safe fix: the import becomes `from sagemaker import image_uris` and every call becomes `image_uris.retrieve(repo_name, region_name, repo_version)` — what the v2 shim itself calls, including its default `repo_version="1"`. No fix when a call uses *args/**kwargs or the name `image_uris` is taken.',
    sdkVersions: 'Code written for SDK v1, run on v2.',
    references: [...MIGRATION_REFERENCES, 'v2.257.6 .../modifiers/image_uris.py', 'v2.257.6 src/sagemaker/amazon/amazon_estimator.py L518-538'],
  },
};

function importFix(model: SemanticModel, statement: SyntaxNode, names: SyntaxNode[], item: SyntaxNode, bound: string, path: string): Fix | undefined {
  const edits: TextEdit[] = [];
  const existing = model.scopes.module.definitions.get('image_uris');
  const needsImport = !existing?.some((d) => d.path === 'sagemaker.image_uris');
  if (existing && needsImport) return undefined;
  const eol = detectEol(model.tree.text);
  if (names.length === 1) {
    edits.push({ start: statement.start, end: statement.end, newText: needsImport ? 'from sagemaker import image_uris' : '' });
  } else {
    const index = names.indexOf(item);
    edits.push(index > 0 ? { start: names[index - 1].end, end: item.end, newText: '' } : { start: item.start, end: names[index + 1].start, newText: '' });
    if (needsImport) edits.push({ start: statement.end, end: statement.end, newText: `${eol}from sagemaker import image_uris` });
  }
  const stack: SyntaxNode[] = [model.tree.root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'call') {
      const callee = childByField(node, 'function');
      if (callee?.type === 'identifier' && model.text(callee) === bound) {
        const value = model.valueOf(callee);
        if (value.kind === 'path' && value.path === path) {
          const edit = callFix(model, node, 'image_uris.retrieve');
          if (!edit) return undefined;
          edits.push(edit);
          continue; // arguments are kept as text
        }
      }
    }
    if (node.type === 'identifier' && model.text(node) === bound && node.parent?.type !== 'call' && !isInImport(node)) {
      const value = model.valueOf(node);
      if (value.kind === 'path' && value.path === path) return undefined; // used other than by a call
    }
    for (const child of node.children) stack.push(child);
  }
  return { title: 'Use image_uris.retrieve', applicability: 'safe', edits };
}

function isInImport(node: SyntaxNode): boolean {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'import_from_statement' || p.type === 'import_statement') return true;
  return false;
}
