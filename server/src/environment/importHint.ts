import { SemanticModel } from '../semantic/model';
import { symbolById } from '../semantic/sdk';

/**
 * A hover's closing line naming where a symbol is imported from in the SDK generation of the detected
 * environment: `sagemaker.core.workflow.functions` in a v3 project, `sagemaker.workflow.functions` in v2.
 * Nothing without a detected SDK version.
 */
export function importHint(model: SemanticModel, symbolId: string): string | undefined {
  const sdk = model.environment?.sdk;
  const symbol = symbolById(symbolId);
  if (!sdk || !symbol) return undefined;
  const paths = sdk.major >= 3 ? symbol.v3 : symbol.v2;
  // A declared or pinned range stays a range ("sagemaker>=2.173.0, declared"): its lowest version is not the one installed.
  const where = sdk.source === 'installed' ? `sagemaker ${sdk.version}` : `${sdk.range.text}, ${sdk.source === 'notebook' ? 'installed by this notebook' : 'declared'}`;
  if (!paths.length) {
    const other = sdk.major >= 3 ? symbol.v2 : symbol.v3;
    return other.length ? `**Not in SDK v${sdk.major}** (${where}): \`${other[0]}\` exists only in v${sdk.major >= 3 ? 2 : 3}.` : undefined;
  }
  const path = paths[0];
  return `**Import** (${where}): \`from ${path.slice(0, path.lastIndexOf('.'))} import ${path.slice(path.lastIndexOf('.') + 1)}\``;
}

/** Appends the import hint to a hover's markdown. */
export function withImportHint(markdown: string, model: SemanticModel, symbolId: string): string {
  const hint = importHint(model, symbolId);
  return hint ? `${markdown}\n\n${hint}` : markdown;
}
