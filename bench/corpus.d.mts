export interface Prng { next(): number; int(n: number): number; pick<T>(list: readonly T[]): T; chance(p: number): boolean }
export function prng(seed: number): Prng;
export function pipelineModule(seed: number, lineCount: number, options?: { v3?: boolean; mistakes?: number }): string;
export function plainModule(seed: number, lineCount: number): string;
export function notebookModule(seed: number, lineCount: number): string;
export function writeCorpus(dir: string, options?: { seed?: number; files?: number; totalLines?: number }): { files: string[]; lines: number };
