import { EXECUTION_VARIABLES, SDK_SYMBOLS, SdkRole, SdkSymbol } from './catalog';

export type { SdkRole, SdkSymbol } from './catalog';
export type Generation = 'v2' | 'v3';

export interface ResolvedSymbol {
  readonly symbol: SdkSymbol;
  /** Which SDK generations have the symbol at this path. */
  readonly generations: readonly Generation[];
}

const byPath = new Map<string, ResolvedSymbol>();
for (const symbol of SDK_SYMBOLS) {
  const add = (path: string, generation: Generation) => {
    const existing = byPath.get(path);
    if (existing && existing.symbol !== symbol) throw new Error(`sagelint catalog: ${path} names both ${existing.symbol.id} and ${symbol.id}`);
    byPath.set(path, { symbol, generations: existing ? [...existing.generations, generation] : [generation] });
  };
  for (const path of symbol.v2) add(path, 'v2');
  for (const path of symbol.v3) add(path, 'v3');
}
// Paths that work only because a module imports the name for its own use: resolved, never suggested.
for (const symbol of SDK_SYMBOLS) {
  for (const generation of ['v2', 'v3'] as const) {
    for (const path of symbol.incidental?.[generation] ?? []) {
      const existing = byPath.get(path);
      if (!existing) byPath.set(path, { symbol, generations: [generation] });
      else if (existing.symbol === symbol && !existing.generations.includes(generation)) byPath.set(path, { symbol, generations: [...existing.generations, generation] });
    }
  }
}

const byId = new Map(SDK_SYMBOLS.map((symbol) => [symbol.id, symbol]));

/** Top-level packages a module must import for any rule to apply: the SageMaker SDK, and boto3 for its sagemaker clients. */
export const SDK_ROOT_PACKAGES = new Set(['sagemaker', 'boto3']);

/** The SDK symbol importable at a fully qualified path, in either generation. */
export function symbolAtPath(path: string): ResolvedSymbol | undefined {
  return byPath.get(path);
}

export function symbolById(id: string): SdkSymbol | undefined {
  return byId.get(id);
}

export function hasRole(symbol: SdkSymbol | undefined, role: SdkRole): boolean {
  return !!symbol && symbol.roles.includes(role);
}

export const EXECUTION_VARIABLE_MEMBERS = new Map(EXECUTION_VARIABLES.map((member) => [member.member, member]));
export { EXECUTION_VARIABLES };
