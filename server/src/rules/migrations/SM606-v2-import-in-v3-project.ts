import { SyntaxNode } from '../../parse/syntaxNode';
import { detectEol, lineStartBefore } from '../../text/lineIndex';
import { allModules, moduleExists, modulesDefining, nameExists } from '../../semantic/sdk/modules';
import { Fix, Rule } from '../types';
import { projectGeneration } from './common';
import { catalogSymbol, sdkImports } from './imports';

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
  nodeTypes: ['import_from_statement', 'import_statement'],
  check(node, context) {
    const { model } = context;
    if (projectGeneration(model) !== 'v3') return;
    for (const sdkImport of sdkImports(model, node)) {
      const { module, moduleNode, names } = sdkImport;
      if (!moduleExists('v2', module)) continue; // not a v2 import (SM605 judges modules that exist nowhere)
      const moduleGone = !moduleExists('v3', module);
      const gone = (names ?? []).filter((n) => !n.name.startsWith('_') && nameExists('v2', module, n.name) && (moduleGone || !nameExists('v3', module, n.name)));
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
    what: 'In a project that uses SDK v3 (from the detected environment, else because the module imports `sagemaker.core`/`mlops`/`train`/`serve`), fires on imports of v2 modules or names that v3 no longer has. Where the symbol merely moved (the catalog maps its v2 path to a v3 path: `sagemaker.workflow.pipeline_context.PipelineSession` → `sagemaker.core.workflow.pipeline_context`, `sagemaker.workflow.steps.ProcessingStep` → `sagemaker.mlops.workflow.steps`) the fix rewrites the import. A v2 module imported by name (`from sagemaker import image_uris`) is pointed to its namesake under v3\'s packages (`sagemaker.core.image_uris`) when exactly one exists, with an unsafe fix, and otherwise to the replacement v3\'s import guard names. Where the API changed (`Estimator` → `ModelTrainer`, `Model` → `ModelBuilder`, `ProcessingInput` → the `sagemaker.core.shapes` shape) it points to the replacement. In a v2 project the same code gets nothing.',
    why: 'v3 installs an import guard (since v3.16.0, `sagemaker-core/.../core/deprecations.py`): importing a removed v2 module raises `ModuleNotFoundError: \\`sagemaker.workflow\\` was removed in the SageMaker Python SDK v3. Use \\`Pipeline\\`. (from sagemaker.mlops.workflow.pipeline import Pipeline)`; a removed name raises `ImportError` when the script starts.',
    example: 'from sagemaker.train import ModelTrainer\nfrom sagemaker.workflow.pipeline_context import PipelineSession',
    useInstead: 'from sagemaker.train import ModelTrainer\nfrom sagemaker.core.workflow.pipeline_context import PipelineSession',
    fixSafety: 'Safe fix when every imported name has a catalogued v3 path for the same class; unsafe when the v3 module was inferred from the generated table alone; no fix when a name\'s API changed or has no v3 home. Paths from migration.md that do not exist (`sagemaker.mlops.pipeline`, `sagemaker.mlops.steps`) are never suggested: suggestions come only from the v3 source tree.',
    sdkVersions: 'sagemaker v3 projects importing v2 paths.',
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
