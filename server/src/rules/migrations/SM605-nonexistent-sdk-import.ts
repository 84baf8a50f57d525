import { Rule } from '../types';
import { projectGeneration } from './common';
import { closestModule, commonHome, existsAnywhere, handledByV1Rules, sdkImports } from './imports';
import { moduleExists, moduleNames, nameAnywhere, nameExists, sdkLabel } from '../../semantic/sdk/modules';
import { Generation } from '../../semantic/sdk';
import { closestName } from '../../api/closest';
import { SyntaxNode, childByField } from '../../parse/syntaxNode';
import { RuleContext } from '../types';
import { attributeExists, fileImportsModule, moduleAttributeAt } from './attributeChains';
import { historyNote, judgedReleaseOf, nameVerdict } from './releases';

export const nonexistentSdkImport: Rule = {
  code: 'SM605',
  name: 'nonexistent-sdk-import',
  defaultSeverity: 'error',
  summary: 'An import of a SageMaker SDK module or name that exists in no SDK version (e.g. sagemaker.pipeline.steps)',
  nodeTypes: ['import_from_statement', 'import_statement', 'attribute'],
  check(node, context) {
    if (node.type === 'attribute') {
      checkAttribute(node, context);
      return;
    }
    const { model } = context;
    const generation = projectGeneration(model);
    const other: Generation = generation === 'v2' ? 'v3' : 'v2';
    const judged = judgedReleaseOf(model);
    for (const sdkImport of sdkImports(model, node)) {
      const { module, moduleNode, names } = sdkImport;
      // The release the code runs decides first (a notebook's pin, the installed SDK); the snapshots otherwise.
      const dot = module.lastIndexOf('.');
      const moduleVerdict = dot > 0 ? nameVerdict(judged, module.slice(0, dot), module.slice(dot + 1)) : { kind: 'exists' as const };
      if (moduleVerdict.kind === 'absent') {
        context.report({ node: moduleNode, message: `${moduleVerdict.message} Importing \`${module}\` raises ModuleNotFoundError there.` });
        continue;
      }
      if (moduleVerdict.kind === 'exists' && !existsAnywhere(module)) {
        // A module of the judged release that the snapshots no longer have: only what the history says about its names.
        for (const imported of names ?? []) {
          const verdict = nameVerdict(judged, module, imported.name);
          if (verdict.kind === 'absent') context.report({ node: imported.node, message: `${verdict.message} \`from ${module} import ${imported.name}\` raises ImportError there.` });
        }
        continue;
      }
      if (!existsAnywhere(module)) {
        if (names?.length && names.every((n) => handledByV1Rules(module, n.name))) continue; // SM602-SM604 rewrite these
        const wanted = (names ?? []).map((n) => n.name).filter((n) => !n.startsWith('_'));
        const home = wanted.length ? commonHome(generation, wanted) ?? commonHome(other, wanted) : undefined;
        const guess = home?.module ?? (wanted.length ? undefined : closestModule(generation, module) ?? closestModule(other, module));
        context.report({
          node: moduleNode,
          message: `No SDK has this module (ModuleNotFoundError): ${guess ? `import from \`${guess.length > 45 ? `${guess.slice(0, 42)}...` : guess}\`` : 'check the module path'}. Neither SageMaker Python SDK ${sdkLabel('v2')} nor v3 has a module \`${module}\`.${guess ? ` Did you mean \`${guess}\`${wanted.length ? ` (where ${wanted.map((n) => `\`${n}\``).join(', ')} ${wanted.length === 1 ? 'is' : 'are'} defined)` : ''}?` : ''}`,
          fix: guess ? { title: `Import from ${guess}`, applicability: home?.certain ? 'safe' : 'unsafe', edits: [{ start: moduleNode.start, end: moduleNode.end, newText: guess }] } : undefined,
        });
        continue;
      }
      for (const imported of names ?? []) {
        if (imported.name.startsWith('_') || handledByV1Rules(module, imported.name)) continue;
        const verdict = nameVerdict(judged, module, imported.name);
        if (verdict.kind === 'exists') continue;
        if (verdict.kind === 'absent') {
          context.report({ node: imported.node, message: `${verdict.message} \`from ${module} import ${imported.name}\` raises ImportError there.` });
          continue;
        }
        if (nameExists('v2', module, imported.name) || nameExists('v3', module, imported.name)) continue;
        const home = commonHome(generation, [imported.name]) ?? commonHome(other, [imported.name]);
        const only = names!.length === 1;
        context.report({
          node: imported.node,
          message: `No SDK has \`${imported.name}\` here (ImportError): ${home ? `import it from \`${home.module.length > 45 ? `${home.module.slice(0, 42)}...` : home.module}\`` : 'check the name'}. \`${module}\` has no \`${imported.name}\` in SageMaker Python SDK ${sdkLabel('v2')} or v3.${home ? ` Did you mean \`from ${home.module} import ${imported.name}\`?` : ''}${judged ? '' : historyNote(module, imported.name, generation === 'v3' ? 3 : 2)}`,
          fix: home && only ? { title: `Import from ${home.module}`, applicability: home.certain ? 'safe' : 'unsafe', edits: [{ start: moduleNode.start, end: imported.node.end, newText: `${home.module} import ${imported.name}` }] } : undefined,
        });
      }
    }
  },
  doc: {
    what: 'Checks every import from the `sagemaker` package against a generated table of the modules and public top-level names of SDK v2.257.6 and v3 (server/src/semantic/sdk/modulesData.ts, made by scripts/gen-sdk-modules.py). Fires when the module, or the imported name, exists in neither — typically invented by a tutorial or a language model (`sagemaker.pipeline.steps`, `sagemaker.workflow.step`) — and suggests the module that defines the names. Names reached through an imported SDK module are checked the same way (`import sagemaker` then `sagemaker.image_uri.retrieve(...)`, `import sagemaker.workflow` then `sagemaker.workflow.stepz.TrainingStep`): reported at the attribute when the module exists and neither generation\'s module has that name or submodule, and no SDK module anywhere defines or is named like it (a name defined elsewhere may belong to another release of that module). Silent when the chain starts at a local variable or parameter, when `sagemaker` may be rebound, when the file assigns or `setattr`s the attribute, inside `try` with an `AttributeError` handler, in a branch that tests `hasattr`/`getattr`/a version, and when the file imports that module path (the import is reported instead). When the SDK release the code runs is known (a notebook\'s `%pip install sagemaker==...`, the installed package, a requirement pin; for a range, the newest release of its major it admits, which pip installs), the SDK\'s release history (server/src/semantic/sdk/history) decides instead: a name that exists in that release is fine even if v2.257.6 lacks it (`DeepSpeedModel` under `sagemaker==2.160.0`), and one that release lacks is reported with the release that removed or added it and the pin that works (`DeepSpeedModel` was removed in v2.224.2: pin sagemaker<2.224.2 or use DJLModel).',
    why: 'The import fails with `ModuleNotFoundError: No module named \'sagemaker.pipeline.steps\'` or `ImportError: cannot import name ...` as soon as the script runs — in a pipeline script, before anything is defined. A name reached through a module fails with `AttributeError: module \'sagemaker\' has no attribute \'image_uri\'` when that line runs.',
    example: 'from sagemaker.pipeline.steps import ProcessingStep',
    useInstead: 'from sagemaker.workflow.steps import ProcessingStep',
    fixSafety: 'Safe fix when the catalog or the table names exactly one module that has every imported name (in the project\'s SDK generation, else the other); unsafe when several modules do; no fix when none does. For a name reached through a module: an unsafe fix to the closest name that module has (`image_uri` → `image_uris`), none when no name is close.',
    sdkVersions: 'sagemaker v2 and v3: the release the code runs when known (every v2 and v3 release tag), else v2.257.6 and v3.',
    references: ['scripts/gen-sdk-modules.py (how the table is generated)', 'scripts/gen-sdk-history.py (the release history)', 'aws/sagemaker-python-sdk v2.257.6 src/sagemaker and v3 sagemaker-{core,train,serve,mlops}/src'],
  },
};

/**
 * `import sagemaker` then `sagemaker.pipeline.steps` or `sagemaker.image_uri.retrieve`: a name reached
 * through a module that exists, which neither generation's module has and which no SDK module defines
 * anywhere (a submodule imported anywhere makes `sagemaker.X` work in v2, and a name the SDK defines
 * elsewhere may be a different release's; only names that exist nowhere are reported).
 */
function checkAttribute(node: SyntaxNode, context: RuleContext): void {
  const { model } = context;
  const found = moduleAttributeAt(model, node);
  if (!found) return;
  const { module, name } = found;
  const generation = projectGeneration(model);
  if (!moduleExists(generation, module)) return; // the chain already left this generation's SDK (SM606 judges v2 paths in v3)
  if (attributeExists('v2', module, name) || attributeExists('v3', module, name)) return;
  if (nameAnywhere('v2', name) || nameAnywhere('v3', name)) return;
  // A name the release the code runs still has (`sagemaker.djl_inference.DeepSpeedModel` under
  // sagemaker==2.160.0) is fine, as for imports.
  const judged = judgedReleaseOf(model);
  if (judged && nameVerdict(judged, module, name).kind === 'exists') return;
  if (fileImportsModule(model, `${module}.${name}`)) return; // the import is reported
  const guess = closestName(name, moduleNames(generation, module));
  const attribute = childByField(node, 'attribute')!;
  const written = model.text(node).replace(/\s+/g, '');
  const shown = written.length > 45 ? `${written.slice(0, 42)}...` : written;
  context.report({
    node: attribute,
    message: `No SDK has \`${shown}\` (AttributeError): ${guess ? `did you mean \`${guess}\`?` : 'check the name.'} \`${module}\` has no \`${name}\` in SageMaker Python SDK ${sdkLabel('v2')} or v3, and no SDK module defines or is named \`${name}\`.`,
    fix: guess ? { title: `Use ${guess}`, applicability: 'unsafe', edits: [{ start: attribute.start, end: attribute.end, newText: guess }] } : undefined,
  });
}
