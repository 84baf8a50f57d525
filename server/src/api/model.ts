/**
 * The AWS API model of the services the linter knows (SageMaker and SageMaker Runtime), loaded from the
 * data files scripts/gen-model.mjs writes from the pinned @aws-sdk/client-* packages. Loading is lazy:
 * the first rule, hover or completion that needs a service pays for it (see test/api/model.test.ts for
 * the size and load time).
 */

import fs from 'node:fs';
import path from 'node:path';
import { JsonTable, LazyJson, plain, readLazyJsonFile } from '../io/lazyJson';

/** A member type as written in the data file (see scripts/gen-model.mjs). */
export type TypeRef =
  | { readonly kind: 'primitive'; readonly name: 'string' | 'number' | 'boolean' | 'timestamp' | 'blob' | 'document' | 'any' }
  | { readonly kind: 'list'; readonly of: TypeRef }
  | { readonly kind: 'map'; readonly of: TypeRef }
  | { readonly kind: 'structure' | 'union'; readonly name: string }
  | { readonly kind: 'enum'; readonly name: string; readonly values: readonly string[] };

export interface Member {
  readonly name: string;
  readonly type: TypeRef;
  /** The type as the data file spells it: `ProcessingOutput[]`, `{string}`, `TrainingInstanceType`. */
  readonly typeText: string;
  readonly required: boolean;
  readonly doc: string;
}

export interface Shape {
  readonly name: string;
  readonly kind: 'structure' | 'union';
  readonly members: ReadonlyMap<string, Member>;
}

export interface Operation {
  /** The API name: CreateTrainingJob. */
  readonly name: string;
  /** The boto3 client method: create_training_job. */
  readonly python: string;
  readonly input?: Shape;
  readonly output?: Shape;
  readonly doc: string;
  readonly deprecated: boolean;
}

interface RawModel {
  service: string;
  package: string;
  version: string;
  paginators: string[];
  waiters: string[];
  operations: Record<string, { py: string; input?: string; output?: string; doc: string; deprecated?: 1 }>;
  /** Parsed one by one when first asked for (io/lazyJson.ts): 0.9 MB of the 1 MB file. */
  shapes: JsonTable<{ k: 'structure' | 'union'; m: Record<string, [string, 0 | 1, string]> }>;
  enums: Record<string, string[]>;
}

export class ApiModel {
  readonly service: string;
  /** The npm package and version the data came from, for messages ("the model may be older than the service"). */
  readonly source: string;
  private readonly raw: RawModel;
  private readonly shapeCache = new Map<string, Shape>();
  private readonly typeCache = new Map<string, TypeRef>();
  private readonly byPython = new Map<string, string>();
  private operationCache = new Map<string, Operation>();

  constructor(raw: RawModel) {
    this.raw = raw;
    this.service = raw.service;
    this.source = `${raw.package}@${raw.version}`;
    for (const [name, op] of Object.entries(raw.operations)) this.byPython.set(op.py, name);
  }

  /** boto3 names of the operations `get_paginator` accepts. */
  get paginators(): readonly string[] {
    return this.raw.paginators;
  }

  /** boto3 waiter names `get_waiter` accepts. */
  get waiters(): readonly string[] {
    return this.raw.waiters;
  }

  /** boto3 method names, sorted. */
  get pythonNames(): readonly string[] {
    return [...this.byPython.keys()].sort();
  }

  operationByPython(method: string): Operation | undefined {
    const name = this.byPython.get(method);
    return name ? this.operation(name) : undefined;
  }

  operation(name: string): Operation | undefined {
    const cached = this.operationCache.get(name);
    if (cached) return cached;
    // Own keys only: the tables are plain objects, and a name such as `constructor` would find Object.prototype's.
    const raw = Object.hasOwn(this.raw.operations, name) ? this.raw.operations[name] : undefined;
    if (!raw) return undefined;
    const op: Operation = {
      name,
      python: raw.py,
      input: raw.input ? this.shape(raw.input) : undefined,
      output: raw.output ? this.shape(raw.output) : undefined,
      doc: raw.doc,
      deprecated: !!raw.deprecated,
    };
    this.operationCache.set(name, op);
    return op;
  }

  shape(name: string): Shape | undefined {
    const cached = this.shapeCache.get(name);
    if (cached) return cached;
    const raw = this.raw.shapes.get(name);
    if (!raw) return undefined;
    const members = new Map<string, Member>();
    for (const [memberName, [typeText, required, doc]] of Object.entries(raw.m)) {
      members.set(memberName, { name: memberName, type: this.type(typeText), typeText, required: required === 1, doc });
    }
    const shape: Shape = { name, kind: raw.k, members };
    this.shapeCache.set(name, shape);
    return shape;
  }

  enumValues(name: string): readonly string[] | undefined {
    return Object.hasOwn(this.raw.enums, name) ? this.raw.enums[name] : undefined;
  }

  type(text: string): TypeRef {
    const cached = this.typeCache.get(text);
    if (cached) return cached;
    let type: TypeRef;
    if (text.endsWith('[]')) type = { kind: 'list', of: this.type(text.slice(0, -2)) };
    else if (text.startsWith('{') && text.endsWith('}')) type = { kind: 'map', of: this.type(text.slice(1, -1)) };
    else if (['string', 'number', 'boolean', 'timestamp', 'blob', 'document', 'any'].includes(text)) type = { kind: 'primitive', name: text as 'string' };
    else if (this.enumValues(text)) type = { kind: 'enum', name: text, values: this.enumValues(text)! };
    else if (this.raw.shapes.has(text)) type = { kind: this.raw.shapes.get(text)!.k, name: text };
    else type = { kind: 'primitive', name: 'any' };
    this.typeCache.set(text, type);
    return type;
  }
}

/** How a type reads in hovers and messages: `list[ProcessingOutput]`, `dict[str, str]`, `str (TrainingInstanceType)`. */
export function pythonTypeText(type: TypeRef): string {
  switch (type.kind) {
    case 'primitive':
      return { string: 'str', number: 'int | float', boolean: 'bool', timestamp: 'datetime', blob: 'bytes', document: 'Any (JSON document)', any: 'Any' }[type.name];
    case 'list':
      return `list[${pythonTypeText(type.of)}]`;
    case 'map':
      return `dict[str, ${pythonTypeText(type.of)}]`;
    case 'structure':
      return `dict (${type.name})`;
    case 'union':
      return `dict (${type.name}, exactly one key)`;
    case 'enum':
      return `str (${type.name})`;
  }
}

const cache = new Map<string, ApiModel>();
const loadMs = new Map<string, number>();

/** The model of `sagemaker` or `sagemaker-runtime`; undefined for services the linter has no model of. */
export function apiModel(service: string): ApiModel | undefined {
  const cached = cache.get(service);
  if (cached) return cached;
  const started = performance.now();
  let data: LazyJson;
  const beside = path.join(__dirname, `api-${service}.json`);
  // The build writes the SageMaker model beside the bundle in the lazy form (esbuild.config.mjs); tests
  // and scripts bundle the JSON (`require` keeps TypeScript from needing resolveJsonModule).
  if (service === 'sagemaker' && fs.existsSync(beside)) data = readLazyJsonFile(beside);
  else if (service === 'sagemaker') data = plain(require('./data/sagemaker.json'));
  else if (service === 'sagemaker-runtime') data = plain(require('./data/sagemaker-runtime.json'));
  else return undefined;
  const model = apiModelOf(data);
  loadMs.set(service, performance.now() - started);
  cache.set(service, model);
  return model;
}

/** The model of a data file, parsed whole or in the lazy form (io/lazyJson.ts). */
export function apiModelOf(data: LazyJson): ApiModel {
  return new ApiModel({ ...(data.eager as Omit<RawModel, 'shapes'>), shapes: data.table('shapes') });
}

/** Milliseconds the first load of a service's model took (for the load-time test and the server log). */
export function modelLoadMs(service: string): number | undefined {
  return loadMs.get(service);
}

/** The services whose boto3 clients the linter checks. */
export const MODELLED_SERVICES: readonly string[] = ['sagemaker', 'sagemaker-runtime'];
