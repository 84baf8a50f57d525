/**
 * Lookup API of the SDK signature model (see README.md here). The data files are read on first use, one
 * generation at a time, so the server's start does not pay for them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SyntaxNode, childByField } from '../../../parse/syntaxNode';
import type { SemanticModel } from '../../model';
import type { Value } from '../../values';
import type { Generation } from '../index';
import { moduleExists, nameExists } from '../modules';
import { JsonList, JsonTable, LazyJson, readLazyJson, readLazyJsonFile } from '../../../io/lazyJson';
import type { CallTarget, ParamKind, SdkClass, SdkParam, SdkSignature, SdkSignatureModel, SdkType, UnknownKeyword } from './types';

export type * from './types';

// ------------------------------------------------------------------------------------------ raw data

/** [name, kind (index in KINDS), type, default text | null, doc | null, via | null, annotation | null, required 0/1, docstring type | null] */
type RawParam = [string, number, string, string | null, string | null, string | null, string | null, number, string | null];
interface RawSignature {
  q: string;
  p: number[];
  u: 't' | 'a' | 'd' | 'pf' | 'pi';
  k?: string[];
  f?: string[];
  s?: string;
  r?: string;
  src: string;
  x?: 1;
}
interface RawClass {
  b: string[];
  src: string;
  s?: string;
  pd?: 'forbid' | 'ignore' | 'allow';
  i?: RawSignature;
  m?: Record<string, RawSignature>;
}
/**
 * A data file's members (label, classes, functions, aliases, params). The build writes the file beside the
 * bundle in the lazy form (io/lazyJson.ts, esbuild.config.mjs): classes, functions and params are parsed
 * entry by entry, when asked for.
 */
interface RawModel {
  label: string;
  classes: JsonTable<RawClass>;
  functions: JsonTable<RawSignature>;
  aliases: Record<string, string>;
  params: JsonList<RawParam>;
}

function rawModelOf(data: LazyJson): RawModel {
  return {
    label: data.eager.label as string,
    aliases: data.eager.aliases as Record<string, string>,
    classes: data.table<RawClass>('classes'),
    functions: data.table<RawSignature>('functions'),
    params: data.list<RawParam>('params'),
  };
}

const KINDS: readonly ParamKind[] = ['positional-only', 'positional-or-keyword', 'keyword-only', 'var-positional', 'var-keyword'];
const UNKNOWN_KEYWORD: Record<RawSignature['u'], UnknownKeyword> = {
  t: { kind: 'type-error' },
  a: { kind: 'accepted' },
  d: { kind: 'dropped' },
  pf: { kind: 'pydantic-forbid' },
  pi: { kind: 'pydantic-ignore' },
};

/** The data files: beside the bundle (dist/sdk-signatures-v2.json), else in the source tree (tests). */
function dataFile(generation: Generation): string {
  const candidates = [path.join(__dirname, `sdk-signatures-${generation}.json`)];
  for (let dir = __dirname, i = 0; i < 6; i++, dir = path.dirname(dir)) {
    candidates.push(path.join(dir, 'dist', `sdk-signatures-${generation}.json`));
    candidates.push(path.join(dir, 'server', 'src', 'semantic', 'sdk', 'signatures', `data-${generation}.json`));
  }
  const found = candidates.find((file) => fs.existsSync(file));
  if (!found) throw new Error(`sagelint: cannot find the SDK signature data for ${generation} (looked beside ${__dirname})`);
  return found;
}

// ------------------------------------------------------------------------------------------ types

const typeCache = new Map<string, SdkType>();
const UNKNOWN_TYPE: SdkType = { kind: 'unknown' };

/** Parses the type language of the data files: `str|PipelineVariable|None`, `list[str]`, `dict[str,?]`, `sagemaker.inputs.TrainingInput`. */
export function parseType(text: string): SdkType {
  const cached = typeCache.get(text);
  if (cached) return cached;
  let position = 0;
  const parseUnion = (): SdkType => {
    const options: SdkType[] = [parseTerm()];
    while (text[position] === '|') {
      position++;
      options.push(parseTerm());
    }
    return options.length === 1 ? options[0] : { kind: 'union', options };
  };
  const parseTerm = (): SdkType => {
    const start = position;
    while (position < text.length && !'|[],'.includes(text[position])) position++;
    const name = text.slice(start, position);
    const args: SdkType[] = [];
    if (text[position] === '[') {
      position++;
      args.push(parseUnion());
      while (text[position] === ',') {
        position++;
        args.push(parseUnion());
      }
      position++; // ]
    }
    switch (name) {
      case 'str': case 'int': case 'float': case 'bool':
        return { kind: name };
      case 'None':
        return { kind: 'none' };
      case 'PipelineVariable':
        return { kind: 'pipeline-variable' };
      case 'list':
        return { kind: 'list', item: args[0] ?? UNKNOWN_TYPE };
      case 'dict':
        return { kind: 'dict', key: args[0] ?? UNKNOWN_TYPE, value: args[1] ?? UNKNOWN_TYPE };
      case '?': case '':
        return UNKNOWN_TYPE;
      default:
        return { kind: 'class', name };
    }
  };
  let result: SdkType;
  try {
    result = parseUnion();
  } catch {
    result = UNKNOWN_TYPE;
  }
  typeCache.set(text, result);
  return result;
}

/** The type as Python would write it, for messages and hovers: `str | PipelineVariable | None`. */
export function formatType(type: SdkType): string {
  switch (type.kind) {
    case 'none':
      return 'None';
    case 'pipeline-variable':
      return 'PipelineVariable';
    case 'unknown':
      return 'Any';
    case 'list':
      return `list[${formatType(type.item)}]`;
    case 'dict':
      return `dict[${formatType(type.key)}, ${formatType(type.value)}]`;
    case 'union':
      return type.options.map(formatType).join(' | ');
    case 'class':
      return type.name.slice(type.name.lastIndexOf('.') + 1);
    default:
      return type.kind;
  }
}

// ------------------------------------------------------------------------------------------ the model

class SignatureModel implements SdkSignatureModel {
  private readonly signatures = new Map<RawSignature, SdkSignature>();
  private readonly classObjects = new Map<string, SdkClass | null>();
  private readonly params: (SdkParam | undefined)[] = [];

  constructor(readonly generation: Generation, private readonly raw: RawModel) {}

  get label(): string {
    return this.raw.label;
  }

  resolve(path: string): string | undefined {
    if (this.raw.classes.has(path) || this.raw.functions.has(path)) return path;
    return Object.hasOwn(this.raw.aliases, path) ? this.raw.aliases[path] : undefined;
  }

  classAt(path: string): SdkClass | undefined {
    const name = this.resolve(path);
    const raw = name ? this.raw.classes.get(name) : undefined;
    if (!name || !raw) return undefined;
    let found = this.classObjects.get(name);
    if (found === undefined) {
      found = this.buildClass(name, raw);
      this.classObjects.set(name, found);
    }
    return found ?? undefined;
  }

  functionAt(path: string): SdkSignature | undefined {
    const name = this.resolve(path);
    const raw = name ? this.raw.functions.get(name) : undefined;
    return raw ? this.signature(raw) : undefined;
  }

  private buildClass(name: string, raw: RawClass): SdkClass {
    const methods = new Map<string, SdkSignature>();
    // Inherited methods are stored once, on the class that defines them (unless the subclass changes
    // what its **kwargs reaches): walk the bases, nearest first, keeping the first definition seen.
    const seen = new Set<string>();
    const queue = [name];
    while (queue.length) {
      const current = queue.shift()!;
      const entry = this.raw.classes.get(current);
      if (seen.has(current) || !entry) continue;
      seen.add(current);
      for (const [method, signature] of Object.entries(entry.m ?? {})) {
        if (!methods.has(method)) methods.set(method, this.signature(signature));
      }
      queue.push(...entry.b);
    }
    return {
      qualifiedName: name,
      bases: raw.b,
      summary: raw.s,
      init: raw.i ? this.signature(raw.i) : undefined,
      methods,
      pydantic: raw.pd,
      source: raw.src,
    };
  }

  private signature(raw: RawSignature): SdkSignature {
    let found = this.signatures.get(raw);
    if (!found) {
      const params = raw.p.map((index) => this.param(index));
      found = {
        qualifiedName: raw.q,
        params,
        unknownKeyword: UNKNOWN_KEYWORD[raw.u] ?? { kind: 'accepted' },
        readKeys: raw.k ?? [],
        forwardedThrough: raw.f,
        decorated: raw.x === 1 || undefined,
        varPositional: params.some((param) => param.kind === 'var-positional'),
        summary: raw.s,
        returns: raw.r ? parseType(raw.r) : undefined,
        source: raw.src,
      };
      this.signatures.set(raw, found);
    }
    return found;
  }

  private param(index: number): SdkParam {
    let found = this.params[index];
    if (!found) {
      const [name, kind, type, defaultText, doc, via, annotation, required, docType] = this.raw.params.at(index)!;
      found = {
        name,
        kind: KINDS[kind],
        default: defaultText ?? undefined,
        required: required === 1,
        annotation: annotation ?? undefined,
        type: parseType(type),
        doc: doc ?? undefined,
        docType: docType ?? undefined,
        via: via ?? undefined,
      };
      this.params[index] = found;
    }
    return found;
  }
}

const models = new Map<Generation, SignatureModel>();

/** One generation's signature model, read from its data file on first use. */
export function signatureModel(generation: Generation): SdkSignatureModel {
  let model = models.get(generation);
  if (!model) {
    model = new SignatureModel(generation, rawModelOf(readLazyJsonFile(dataFile(generation))));
    models.set(generation, model);
  }
  return model;
}

/** A signature model over a data file's text, plain JSON or its lazy form (the build writes the latter beside the bundle). */
export function signatureModelOf(generation: Generation, text: string): SdkSignatureModel {
  return new SignatureModel(generation, rawModelOf(readLazyJson(text)));
}

const GENERATIONS: readonly Generation[] = ['v2', 'v3'];

/** The generations a module's SDK calls may mean: the detected SDK's, else both. */
export function generationsOf(model: SemanticModel): readonly Generation[] {
  const major = model.environment?.sdk?.major;
  if (major === 2) return ['v2'];
  if (major === 3) return ['v3'];
  return GENERATIONS;
}

/** A class by qualified name or public import path. */
export function classSignature(path: string, generation: Generation): SdkClass | undefined {
  return signatureModel(generation).classAt(path);
}

/** A class's constructor as a caller sees it. */
export function constructorSignature(path: string, generation: Generation): SdkSignature | undefined {
  return classSignature(path, generation)?.init;
}

/** A public method of a class (defined or inherited). */
export function methodSignature(classPath: string, method: string, generation: Generation): SdkSignature | undefined {
  return classSignature(classPath, generation)?.methods.get(method);
}

/** A module-level function by qualified name or public import path. */
export function functionSignature(path: string, generation: Generation): SdkSignature | undefined {
  return signatureModel(generation).functionAt(path);
}

/**
 * What a call expression calls, when the semantic model proves it is an SDK class, an SDK function or a
 * method on an object built by calling an SDK class (`est = PyTorch(...)`, then `est.fit(...)`).
 * Undefined for everything else: user classes (even subclasses of SDK classes), unknown values, dynamic
 * attributes. Only the data files of the generations the module may use are read.
 */
export function signatureOfCallee(model: SemanticModel, call: SyntaxNode): CallTarget | undefined {
  if (call.type !== 'call') return undefined;
  const callee = childByField(call, 'function');
  if (!callee || childByField(call, 'arguments')?.type !== 'argument_list') return undefined;
  if (!model.importsSdk) return undefined;
  const value = model.valueOf(callee);
  if (value.kind === 'path') return pathTarget(model, value.path);
  if (value.kind === 'method') {
    const classPath = constructedClassPath(model, value.self);
    if (!classPath || !classPath.startsWith('sagemaker.')) return undefined;
    const generations = generationsFor(model, classPath);
    if (!generations.length) return undefined;
    return cachedTarget(`${generationsKey(generations)}|${classPath}|.${value.name}`, () => computeMethodTarget(generations, classPath, value.name));
  }
  return undefined;
}

function computeMethodTarget(generations: readonly Generation[], classPath: string, method: string): CallTarget | undefined {
  const candidates: { generation: Generation; signature: SdkSignature }[] = [];
  let qualifiedName: string | undefined;
  for (const generation of generations) {
    const cls = classSignature(classPath, generation);
    const signature = cls?.methods.get(method);
    if (!cls || !signature) continue;
    qualifiedName ??= cls.qualifiedName;
    candidates.push({ generation, signature });
  }
  return qualifiedName && candidates.length ? { kind: 'method', qualifiedName, method, candidates } : undefined;
}

/**
 * What a path means depends only on the path and the generations: the same few SDK classes are called
 * all over a module and again at every keystroke, so the answers are kept (bounded).
 */
const targetCache = new Map<string, CallTarget | null>();
const TARGET_CACHE_LIMIT = 4096;

function generationsKey(generations: readonly Generation[]): string {
  return generations.length === 1 ? generations[0] : 'v2v3';
}

function cachedTarget(key: string, compute: () => CallTarget | undefined): CallTarget | undefined {
  let found = targetCache.get(key);
  if (found === undefined) {
    found = compute() ?? null;
    if (targetCache.size >= TARGET_CACHE_LIMIT) targetCache.clear();
    targetCache.set(key, found);
  }
  return found ?? undefined;
}

/**
 * Whether an import path can name something in a generation, from the module table the catalog already
 * holds: a generation whose data file would not know the path is not loaded for it.
 */
function pathInGeneration(generation: Generation, path: string): boolean {
  if (moduleExists(generation, path)) return true;
  const dot = path.lastIndexOf('.');
  return dot > 0 && nameExists(generation, path.slice(0, dot), path.slice(dot + 1));
}

/** The generations a call of this path may mean (a v2-only module never loads v3's data, and back). */
function generationsFor(model: SemanticModel, path: string): readonly Generation[] {
  const generations = generationsOf(model);
  const found = generations.filter((generation) => pathInGeneration(generation, path));
  return found.length === generations.length ? generations : found;
}

function pathTarget(model: SemanticModel, path: string): CallTarget | undefined {
  if (!path.startsWith('sagemaker.') && path !== 'sagemaker') return undefined;
  // Which generations may mean the path depends only on the model's generations and the path: one lookup
  // per call answers both (the key's ':' keeps it apart from the '|' keys of the targets themselves).
  return cachedTarget(`${generationsKey(generationsOf(model))}:${path}`, () => {
    const generations = generationsFor(model, path);
    if (!generations.length) return undefined;
    return cachedTarget(`${generationsKey(generations)}|${path}`, () => computePathTarget(generations, path));
  });
}

function computePathTarget(generations: readonly Generation[], path: string): CallTarget | undefined {
  const candidates: { generation: Generation; signature: SdkSignature }[] = [];
  let kind: CallTarget['kind'] | undefined;
  let qualifiedName: string | undefined;
  for (const generation of generations) {
    const signatures = signatureModel(generation);
    const cls = signatures.classAt(path);
    if (cls) {
      if (kind === 'function') return undefined; // a class in one generation, a function in the other
      kind = 'constructor';
      qualifiedName ??= cls.qualifiedName;
      if (cls.init) candidates.push({ generation, signature: cls.init });
      continue;
    }
    const fn = signatures.functionAt(path);
    if (fn) {
      if (kind === 'constructor') return undefined;
      kind = 'function';
      qualifiedName ??= fn.qualifiedName;
      candidates.push({ generation, signature: fn });
    }
  }
  return kind && qualifiedName && candidates.length ? { kind, qualifiedName, candidates } : undefined;
}

/** The import path of the SDK class whose constructor call produced the value, when exactly one did. */
export function constructedClassPath(model: SemanticModel, value: Value): string | undefined {
  if (value.kind !== 'instance') return undefined;
  const callee = childByField(value.call, 'function');
  if (!callee) return undefined;
  const constructor = model.valueOf(callee);
  return constructor.kind === 'path' ? constructor.path : undefined;
}
