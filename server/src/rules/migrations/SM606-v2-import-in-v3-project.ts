import { SyntaxNode, childByField } from '../../parse/syntaxNode';
import { detectEol, lineStartBefore } from '../../text/lineIndex';
import { allModules, moduleExists, modulesDefining, nameExists } from '../../semantic/sdk/modules';
import { SemanticModel } from '../../semantic/model';
import { insertImport } from '../../semantic/imports';
import { Fix, Rule, RuleContext } from '../types';
import { projectGeneration } from './common';
import { catalogSymbol, sdkImports } from './imports';
import { attributeExists, chainAbove, fileImportsModule, moduleAttributeAt } from './attributeChains';
import { judgedReleaseOf, nameVerdict } from './releases';

const MIGRATION_URL = 'https://github.com/aws/sagemaker-python-sdk/blob/master/migration.md';

/** v3 sagemaker-core/src/sagemaker/core/deprecations.py _V3_REPLACEMENTS (what the v3 import guard says), by v2 top-level module. */
const TRAINER = 'ModelTrainer (`from sagemaker.train import ModelTrainer`)';
const BUILDER = 'ModelBuilder (`from sagemaker.serve import ModelBuilder`)';
const resource = (cls: string) => `the \`${cls}\` resource (\`from sagemaker.core.resources import ${cls}\`)`;
const V3_REPLACEMENTS: Record<string, string> = {
  estimator: TRAINER, algorithm: TRAINER, pytorch: TRAINER, tensorflow: TRAINER, huggingface: TRAINER, sklearn: TRAINER, xgboost: TRAINER,
  model: BUILDER, multidatamodel: BUILDER, predictor_async: BUILDER, serverless: BUILDER, async_inference: BUILDER, jumpstart: BUILDER,
  predictor: resource('Endpoint'), base_predictor: resource('Endpoint'), transformer: resource('TransformJob'), tuner: resource('HyperParameterTuningJob'),
  processing: resource('ProcessingJob'), clarify: resource('ProcessingJob'), wrangler: resource('ProcessingJob'), spark: resource('ProcessingJob'),
  model_monitor: resource('MonitoringSchedule'), feature_store: resource('FeatureGroup'), experiments: resource('Experiment'), model_card: resource('ModelCard'), automl: resource('AutoMLJob'),
  image_uris: '`sagemaker.core.image_uris`', s3: '`sagemaker.core.s3`', serializers: '`sagemaker.core.serializers`', deserializers: '`sagemaker.core.deserializers`',
  pipeline: 'Pipeline (`from sagemaker.mlops.workflow.pipeline import Pipeline`)', workflow: 'Pipeline (`from sagemaker.mlops.workflow.pipeline import Pipeline`) and `sagemaker.mlops.workflow.*` / `sagemaker.core.workflow.*`',
  inputs: 'InputData (`from sagemaker.train.configs import InputData`)', session: 'Session (`from sagemaker.core.helper.session_helper import Session`)',
};

/** Symbols whose v3 namesake is a different API (pydantic shapes with other parameters). */
const API_CHANGED: Record<string, string> = {
  ProcessingInput: 'v3 ProcessingInput is the API shape `sagemaker.core.shapes.ProcessingInput(input_name=..., s3_input=ProcessingS3Input(s3_uri=..., local_path=...))`; `source=`/`destination=` are rejected',
  ProcessingOutput: 'v3 ProcessingOutput is the API shape `sagemaker.core.shapes.ProcessingOutput(output_name=..., s3_output=ProcessingS3Output(...))`',
};

interface Moved {
  readonly name: string;
  readonly module?: string;
  readonly certain: boolean;
  readonly pointer?: string;
  /** The name is a v2 submodule and `${module}.${name}` is its v3 namesake module. */
  readonly submodule?: boolean;
}

/**
 * The v3 modules at the same path as a v2 module under one of v3's packages (`sagemaker.image_uris` ->
 * `sagemaker.core.image_uris`, `sagemaker.workflow.pipeline_context` -> `sagemaker.core.workflow.pipeline_context`):
 * v3 split the v2 tree into sagemaker.core/train/serve/mlops, keeping module paths below them.
 */
function v3Namesakes(v2Module: string): string[] {
  const packages = [...allModules('v3')].filter((m) => m.split('.').length === 2);
  return packages.map((p) => `${p}${v2Module.slice('sagemaker'.length)}`).filter((m) => moduleExists('v3', m));
}

function v3Home(module: string, name: string): Moved {
  if (moduleExists('v2', `${module}.${name}`)) {
    const namesakes = v3Namesakes(`${module}.${name}`);
    if (namesakes.length === 1) return { name, module: namesakes[0].slice(0, namesakes[0].lastIndexOf('.')), certain: false, submodule: true };
    // `from sagemaker import session`: the v2 top-level module is the imported name itself.
    if (module === 'sagemaker') return { name, certain: false, pointer: V3_REPLACEMENTS[name] ? `the v3 replacement is ${V3_REPLACEMENTS[name]}` : undefined };
  }
  const symbol = catalogSymbol('v2', module, name);
  if (symbol) {
    if (API_CHANGED[symbol.id]) return { name, certain: false, pointer: API_CHANGED[symbol.id] };
    const path = symbol.v3.find((p) => p.endsWith(`.${name}`));
    if (path) return { name, module: path.slice(0, path.lastIndexOf('.')), certain: true };
    if (symbol.roles.includes('estimator')) return { name, certain: false, pointer: `v3 has no estimators; use ${TRAINER}` };
    if (symbol.roles.includes('model')) return { name, certain: false, pointer: `v3 has no Model classes; use ${BUILDER}` };
  }
  const definers = modulesDefining('v3', name).filter((m) => !m.split('.').some((p) => p.startsWith('_')));
  if (definers.length === 1) return { name, module: definers[0], certain: false };
  const top = module.split('.')[1];
  return { name, certain: false, pointer: top && V3_REPLACEMENTS[top] ? `the v3 replacement is ${V3_REPLACEMENTS[top]}` : undefined };
}

export const v2ImportInV3Project: Rule = {
  code: 'SM606',
  name: 'v2-import-in-v3-project',
  defaultSeverity: 'error',
  summary: 'In a project on SDK v3, an import of a v2 module or name that v3 moved or removed',
  nodeTypes: ['import_from_statement', 'import_statement', 'attribute'],
  check(node, context) {
    const { model } = context;
    if (projectGeneration(model) !== 'v3') return;
    if (node.type === 'attribute') {
      checkAttribute(node, context);
      return;
    }
    // A v3 release the code runs (installed, pinned): what exists there is not gone, whatever the snapshot says.
    const judged = judgedReleaseOf(model);
    const inRelease = (parent: string, name: string) => judged?.sdk.major === 3 && nameVerdict(judged, parent, name).kind === 'exists';
    for (const sdkImport of sdkImports(model, node)) {
      const { module, moduleNode, names } = sdkImport;
      if (!moduleExists('v2', module)) continue; // not a v2 import (SM605 judges modules that exist nowhere)
      const dot = module.lastIndexOf('.');
      const moduleGone = !moduleExists('v3', module) && !(dot > 0 && inRelease(module.slice(0, dot), module.slice(dot + 1)));
      const gone = (names ?? []).filter((n) => !n.name.startsWith('_') && nameExists('v2', module, n.name) && (moduleGone || !nameExists('v3', module, n.name)) && !inRelease(module, n.name));
      if (!moduleGone && !gone.length) continue;
      const homes = gone.map((n) => v3Home(module, n.name));
      const top = module.split('.')[1];
      const details = homes.map((h) => (h.module ? (h.submodule ? `\`${h.name}\` is now the module \`${h.module}.${h.name}\`` : `\`${h.name}\` is now in \`${h.module}\``) : `\`${h.name}\`: ${h.pointer ?? 'no v3 equivalent was found'}`));
      const guard = moduleGone ? `\`${module}\` was removed in the SageMaker Python SDK v3 (importing it raises ModuleNotFoundError).` : `\`${module}\` in SDK v3 has no ${gone.map((n) => `\`${n.name}\``).join(', ')}.`;
      const lead = homes.length === 1 && homes[0].module
        ? `This v3 project cannot import \`${homes[0].name}\` from here: import it from \`${homes[0].module}\`${homes[0].submodule ? ` (the module \`${homes[0].module}.${homes[0].name}\`)` : ''}.`
        : `This v3 project cannot import from \`${module.length > 40 ? `${module.slice(0, 37)}...` : module}\`: ${pointerOrDetails(homes.length, !!(!names?.length && top && V3_REPLACEMENTS[top]))}.`;
      const pointer = !names?.length && top && V3_REPLACEMENTS[top] ? ` Use ${V3_REPLACEMENTS[top]}.` : '';
      const message = `${lead} ${guard}${details.length ? ` ${details.join('; ')}.` : ''}${pointer} See ${MIGRATION_URL}.`;
      const target = moduleGone ? moduleNode : gone[0].node;
      context.report({ node: target, message, fix: names && names.length && gone.length === names.length ? movedFix(model.tree.text, sdkImport.statement, homes, names.map((n) => n.node)) : undefined });
    }
  },
  doc: {
    what: 'In a project that uses SDK v3 (from the detected environment, else because the module imports `sagemaker.core`/`mlops`/`train`/`serve`), fires on imports of v2 modules or names that v3 no longer has. Where the symbol merely moved (the catalog maps its v2 path to a v3 path: `sagemaker.workflow.pipeline_context.PipelineSession` → `sagemaker.core.workflow.pipeline_context`, `sagemaker.workflow.steps.ProcessingStep` → `sagemaker.mlops.workflow.steps`) the fix rewrites the import. A v2 module imported by name (`from sagemaker import image_uris`) is pointed to its namesake under v3\'s packages (`sagemaker.core.image_uris`) when exactly one exists, with an unsafe fix, and otherwise to the replacement v3\'s import guard names. Where the API changed (`Estimator` → `ModelTrainer`, `Model` → `ModelBuilder`, `ProcessingInput` → the `sagemaker.core.shapes` shape) it points to the replacement. The same holds for v2 modules and names reached through `import sagemaker` (`sagemaker.image_uris.retrieve(...)`, `sagemaker.session.Session()`, `sagemaker.Session()`, `import sagemaker as sm` then `sm.image_uris`, `sagemaker.workflow.steps.TrainingStep`): reported at the attribute, naming the v3 module (`sagemaker.core.image_uris`) or the v3 path of the catalogued name. Silent when the chain starts at a local variable or parameter, when `sagemaker` may be rebound, when the file assigns or `setattr`s the attribute, inside `try` with an `AttributeError` handler, in a branch that tests `hasattr`/`getattr`/a version, and when the file imports that v2 module (the import is reported and fails first). In a v2 project the same code gets nothing: there `sagemaker.X` works for every submodule (v2\'s `sagemaker/__init__.py` imports most of them, and any import of a submodule sets the attribute).',
    why: 'v3 installs an import guard (since v3.16.0, `sagemaker-core/.../core/deprecations.py`): importing a removed v2 module raises `ModuleNotFoundError: \\`sagemaker.workflow\\` was removed in the SageMaker Python SDK v3. Use \\`Pipeline\\`. (from sagemaker.mlops.workflow.pipeline import Pipeline)`; a removed name raises `ImportError` when the script starts. In v3 the top-level `sagemaker` is an empty namespace package: every `sagemaker/__init__.py` of sagemaker-core, -train, -serve and -mlops only extends `__path__` (sagemaker-core\'s also registers the import guard), checked at v3.0.0 and at a24812666d; so `import sagemaker` followed by `sagemaker.image_uris` raises `AttributeError: module \'sagemaker\' has no attribute \'image_uris\'` where that line runs.',
    example: 'from sagemaker.train import ModelTrainer\nfrom sagemaker.workflow.pipeline_context import PipelineSession',
    useInstead: 'from sagemaker.train import ModelTrainer\nfrom sagemaker.core.workflow.pipeline_context import PipelineSession',
    fixSafety: 'Safe fix when every imported name has a catalogued v3 path for the same class; for a chain written from the name `sagemaker` to a catalogued name (`sagemaker.image_uris.retrieve`, `sagemaker.Session`), a safe fix rewrites the use to the v3 path and adds `import <v3 module>` (no fix through an alias, for a bare module, or when the name\'s API changed); unsafe when the v3 module was inferred from the generated table alone; no fix when a name\'s API changed or has no v3 home. Paths from migration.md that do not exist (`sagemaker.mlops.pipeline`, `sagemaker.mlops.steps`) are never suggested: suggestions come only from the v3 source tree.',
    sdkVersions: 'sagemaker v3 projects (every v3 release, v3.0.0 to v3.20.0) importing or reaching v2 paths; an imported name the v3 release the code runs still has (from the SDK\'s release history) is not reported.',
    references: ['v3 sagemaker-core/src/sagemaker/core/deprecations.py (_REMOVED_V2_MODULES, _V3_REPLACEMENTS)', MIGRATION_URL, 'server/src/semantic/sdk/catalog.ts (v2 → v3 paths)'],
  },
};

function movedFix(text: string, statement: SyntaxNode, homes: readonly Moved[], nameNodes: readonly SyntaxNode[]): Fix | undefined {
  if (homes.some((h) => !h.module) || statement.type !== 'import_from_statement') return undefined;
  const items = nameNodes.map((n) => (n.parent?.type === 'aliased_import' ? n.parent : n));
  const byModule = new Map<string, string[]>();
  homes.forEach((home, i) => {
    const list = byModule.get(home.module!) ?? [];
    list.push(text.slice(items[i].start, items[i].end));
    byModule.set(home.module!, list);
  });
  const lineStart = lineStartBefore(text, statement.start);
  const indent = text.slice(lineStart, statement.start);
  if (/\S/.test(indent)) return undefined;
  const eol = detectEol(text);
  const lines = [...byModule].map(([module, names]) => `from ${module} import ${names.join(', ')}`);
  return {
    title: `Import from ${[...byModule.keys()].join(' and ')}`,
    applicability: homes.every((h) => h.certain) ? 'safe' : 'unsafe',
    edits: [{ start: statement.start, end: statement.end, newText: lines.join(`${eol}${indent}`) }],
  };
}

/** The fix half of SM606's lead sentence when the names have no single new home. */
function pointerOrDetails(names: number, hasReplacement: boolean): string {
  if (hasReplacement) return 'use its v3 replacement (below)';
  return names ? 'the names moved (below)' : 'see the v3 migration guide';
}

/**
 * `import sagemaker` then `sagemaker.image_uris.retrieve(...)` in a v3 project: v3's top-level `sagemaker`
 * is a namespace package whose `__init__.py` files only extend `__path__` (and register the import guard),
 * so a v2 module or name reached through it raises AttributeError where it is used.
 */
function checkAttribute(node: SyntaxNode, context: RuleContext): void {
  const { model } = context;
  const found = moduleAttributeAt(model, node);
  if (!found) return;
  const { module, name } = found;
  // The object must itself exist in v3: `sagemaker.workflow.steps` is judged at `sagemaker.workflow`.
  if (!moduleExists('v3', module)) return;
  if (attributeExists('v3', module, name) || !attributeExists('v2', module, name)) return; // fine, or SM605's (exists in no SDK)
  const v2Path = `${module}.${name}`;
  if (fileImportsModule(model, v2Path)) return; // the import is reported, and fails before this line runs
  const home = v3Home(module, name);
  const moved = catalogedMove(model, node);
  const written = model.text(node).replace(/\s+/g, '');
  const shown = written.length > 45 ? `${written.slice(0, 42)}...` : written;
  const advice = moved?.pointer ? 'use its v3 replacement (below)'
    : home.module
    ? home.submodule ? `use the module \`${home.module}.${name}\`` : `use \`${home.module}.${name}\``
    : moved?.v3Path ? `use \`${moved.v3Path}\``
    : home.pointer ? 'use its v3 replacement (below)' : 'see the v3 migration guide';
  const why = module === 'sagemaker'
    ? `In SDK v3 the top-level \`sagemaker\` is a namespace package: \`import sagemaker\` binds none of v2's modules or names, so \`${v2Path}\` raises AttributeError: module 'sagemaker' has no attribute '${name}'.`
    : `\`${module}\` in SDK v3 has no \`${name}\`, so this raises AttributeError.`;
  const details = moved?.pointer ? ` ${moved.pointer}.` : home.module || moved?.v3Path ? '' : home.pointer ? ` \`${name}\`: ${home.pointer}.` : '';
  const moveNote = moved?.v3Path && home.module && !moved.v3Path.startsWith(`${home.module}.${name}`) ? ` Here: \`${moved.v3Path}\`.` : '';
  const message = `\`${shown}\` fails in this v3 project (AttributeError): ${advice}. ${why}${details}${moveNote} See ${MIGRATION_URL}.`;
  context.report({ node, message, fix: moved?.fix });
}

/**
 * The chain written out to a catalogued v2 symbol (`sagemaker.image_uris.retrieve`, `sagemaker.Session`,
 * `sagemaker.workflow.steps.TrainingStep`): its v3 path, or what replaces it when its API changed. With a
 * safe fix when the symbol is the same object in v3 (the catalog maps it) and the chain starts at the name
 * `sagemaker` bound to the package: the use is rewritten to the v3 path, and `import <v3 module>` is added
 * unless the module already has it.
 */
function catalogedMove(model: SemanticModel, node: SyntaxNode): { v3Path?: string; pointer?: string; fix?: Fix } | undefined {
  for (const link of [node, ...chainAbove(node)]) {
    const value = model.valueOf(link);
    if (value.kind !== 'path') return undefined;
    const dot = value.path.lastIndexOf('.');
    const name = value.path.slice(dot + 1);
    const symbol = catalogSymbol('v2', value.path.slice(0, dot), name);
    if (!symbol) continue;
    if (API_CHANGED[symbol.id]) return { pointer: `\`${name}\`: ${API_CHANGED[symbol.id]}` };
    const v3Path = symbol.v3.find((p) => p.endsWith(`.${name}`));
    if (!v3Path) {
      if (symbol.roles.includes('estimator')) return { pointer: `\`${name}\`: v3 has no estimators; use ${TRAINER}` };
      if (symbol.roles.includes('model')) return { pointer: `\`${name}\`: v3 has no Model classes; use ${BUILDER}` };
      return undefined;
    }
    const v3Module = v3Path.slice(0, v3Path.lastIndexOf('.'));
    let root: SyntaxNode = link;
    while (root.type === 'attribute') root = childByField(root, 'object')!;
    const rootValue = model.valueOf(root);
    if (model.text(root) !== 'sagemaker' || rootValue.kind !== 'path' || rootValue.path !== 'sagemaker') return { v3Path };
    const edits = [{ start: link.start, end: link.end, newText: v3Path }];
    const fix: Fix = {
      title: `Use ${v3Path}`,
      applicability: 'safe',
      edits: importsModule(model, v3Module) ? edits : [insertImport(model, `import ${v3Module}`), ...edits],
    };
    return { v3Path, fix };
  }
  return undefined;
}

/** Whether a top-level `import module` (without `as`) binds `sagemaker` with `module` loaded. */
function importsModule(model: SemanticModel, module: string): boolean {
  return model.tree.root.children.some((statement) => statement.type === 'import_statement'
    && statement.children.some((item) => item.type === 'dotted_name' && model.text(item).replace(/\s+/g, '') === module));
}
