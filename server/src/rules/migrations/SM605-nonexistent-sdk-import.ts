import { Rule } from '../types';
import { projectGeneration } from './common';
import { closestModule, commonHome, existsAnywhere, handledByV1Rules, sdkImports } from './imports';
import { nameExists, sdkLabel } from '../../semantic/sdk/modules';
import { Generation } from '../../semantic/sdk';

export const nonexistentSdkImport: Rule = {
  code: 'SM605',
  name: 'nonexistent-sdk-import',
  defaultSeverity: 'error',
  summary: 'An import of a SageMaker SDK module or name that exists in no SDK version (e.g. sagemaker.pipeline.steps)',
  nodeTypes: ['import_from_statement', 'import_statement'],
  check(node, context) {
    const { model } = context;
    const generation = projectGeneration(model);
    const other: Generation = generation === 'v2' ? 'v3' : 'v2';
    for (const sdkImport of sdkImports(model, node)) {
      const { module, moduleNode, names } = sdkImport;
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
        if (nameExists('v2', module, imported.name) || nameExists('v3', module, imported.name)) continue;
        const home = commonHome(generation, [imported.name]) ?? commonHome(other, [imported.name]);
        const only = names!.length === 1;
        context.report({
          node: imported.node,
          message: `No SDK has \`${imported.name}\` here (ImportError): ${home ? `import it from \`${home.module.length > 45 ? `${home.module.slice(0, 42)}...` : home.module}\`` : 'check the name'}. \`${module}\` has no \`${imported.name}\` in SageMaker Python SDK ${sdkLabel('v2')} or v3.${home ? ` Did you mean \`from ${home.module} import ${imported.name}\`?` : ''}`,
          fix: home && only ? { title: `Import from ${home.module}`, applicability: home.certain ? 'safe' : 'unsafe', edits: [{ start: moduleNode.start, end: imported.node.end, newText: `${home.module} import ${imported.name}` }] } : undefined,
        });
      }
    }
  },
  doc: {
    what: 'Checks every import from the `sagemaker` package against a generated table of the modules and public top-level names of SDK v2.257.6 and v3 (server/src/semantic/sdk/modulesData.ts, made by scripts/gen-sdk-modules.py). Fires when the module, or the imported name, exists in neither — typically invented by a tutorial or a language model (`sagemaker.pipeline.steps`, `sagemaker.workflow.step`) — and suggests the module that defines the names.',
    why: 'The import fails with `ModuleNotFoundError: No module named \'sagemaker.pipeline.steps\'` or `ImportError: cannot import name ...` as soon as the script runs — in a pipeline script, before anything is defined.',
    example: 'from sagemaker.pipeline.steps import ProcessingStep',
    useInstead: 'from sagemaker.workflow.steps import ProcessingStep',
    fixSafety: 'Safe fix when the catalog or the table names exactly one module that has every imported name (in the project\'s SDK generation, else the other); unsafe when several modules do; no fix when none does.',
    sdkVersions: 'sagemaker v2 (checked against v2.257.6) and v3.',
    references: ['scripts/gen-sdk-modules.py (how the table is generated)', 'aws/sagemaker-python-sdk v2.257.6 src/sagemaker and v3 sagemaker-{core,train,serve,mlops}/src'],
  },
};
