// `npm run gen:constraints`: the API model's value constraints (string `pattern`, `min`/`max` length, numeric
// range, list and map sizes) for the members of server/src/api/data/<service>.json, read from botocore's
// service-2.json at a pinned release, into server/src/api/data/constraints.json.
//
//   node scripts/gen-constraints.mjs [--mirror <botocore git dir>] [--check]
//
// Why botocore: the model itself comes from @aws-sdk/client-sagemaker (scripts/gen-model.mjs), whose .d.ts
// files and schemas carry no constraints. botocore's service-2.json is generated from the same Smithy model
// and keeps them. botocore is not an npm package, so it is read from a git clone of boto/botocore at the tag
// below (BOTOCORE_TAG): 1.43.67 (2026-08-07), the newest release in the clone this was made from. The npm
// model is newer (@aws-sdk/client-sagemaker 3.1142.0, 2026-09-29); members that botocore 1.43.67 does not
// have get no constraint, and a member whose botocore type differs from the npm model's gets none either.
// From botocore 1.42.60 (2026-03) to 1.43.67 four constraints of sagemaker changed, all relaxed
// (HubContentDocument max, PipelineArn and PipelineNameOrArn accepting "aws" as the account): see
// test/api/constraints.test.ts for how this file is kept honest.
//
// Only what the rules read is kept: members of the shapes reachable from an operation's input, and only
// their constraints (no docs). Output (keys sorted, one entry per line):
//   { botocore, sources: { <data file>: sha256 }, script_sha256,
//     patterns: [java regex...], records: [{ n?: min, x?: max, p?: pattern index,
//                                            i?: list item record, k?: map key record, v?: map value record }],
//     services: { <service>: { <Shape>: { <Member>: record index } } } }
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const BOTOCORE_TAG = '1.43.67';
export const DEFAULT_MIRROR = '/work/.mirror/boto+botocore/repo';
const OUT = 'server/src/api/data/constraints.json';
const SERVICES = [
  { service: 'sagemaker', data: 'server/src/api/data/sagemaker.json', botocore: 'botocore/data/sagemaker/2017-07-24/service-2.json' },
  { service: 'sagemaker-runtime', data: 'server/src/api/data/sagemaker-runtime.json', botocore: 'botocore/data/sagemaker-runtime/2017-05-13/service-2.json' },
];

const sha256 = (text) => crypto.createHash('sha256').update(text).digest('hex');

const NUMERIC = new Set(['integer', 'long', 'float', 'double']);

export function generate(mirror) {
  const patterns = [];
  const patternIndex = new Map();
  const records = [];
  const recordIndex = new Map();
  const intern = (record) => {
    const key = JSON.stringify(record);
    if (!recordIndex.has(key)) {
      recordIndex.set(key, records.length);
      records.push(record);
    }
    return recordIndex.get(key);
  };
  const services = {};
  const sources = {};
  for (const spec of SERVICES) {
    const dataText = fs.readFileSync(path.join(root, spec.data), 'utf8');
    sources[spec.data] = sha256(dataText);
    const js = JSON.parse(dataText);
    const bc = JSON.parse(execFileSync('git', [`--git-dir=${mirror}`, 'show', `${BOTOCORE_TAG}:${spec.botocore}`], { maxBuffer: 1 << 30 }).toString());

    /** The record for a botocore shape used where the npm model has the type `typeText`, or undefined. */
    const recordFor = (shapeName, typeText) => {
      const shape = bc.shapes[shapeName];
      if (!shape || shape.enum) return undefined; // enums are checked against their values
      const record = {};
      const bounds = () => {
        if (shape.min !== undefined) record.n = shape.min;
        if (shape.max !== undefined) record.x = shape.max;
      };
      if (typeText === 'string' && shape.type === 'string') {
        bounds();
        if (shape.pattern !== undefined) {
          if (!patternIndex.has(shape.pattern)) {
            patternIndex.set(shape.pattern, patterns.length);
            patterns.push(shape.pattern);
          }
          record.p = patternIndex.get(shape.pattern);
        }
      } else if (typeText === 'number' && NUMERIC.has(shape.type)) {
        bounds();
      } else if (typeText.endsWith('[]') && shape.type === 'list') {
        bounds();
        const item = recordFor(shape.member.shape, typeText.slice(0, -2));
        if (item !== undefined) record.i = item;
      } else if (typeText.startsWith('{') && typeText.endsWith('}') && shape.type === 'map') {
        bounds();
        const key = recordFor(shape.key.shape, 'string');
        const value = recordFor(shape.value.shape, typeText.slice(1, -1));
        if (key !== undefined) record.k = key;
        if (value !== undefined) record.v = value;
      } else {
        return undefined;
      }
      return Object.keys(record).length ? intern(record) : undefined;
    };

    // The shapes an operation's input reaches (rules check inputs only).
    const reachable = new Set();
    const stack = Object.values(js.operations).map((op) => op.input).filter(Boolean);
    while (stack.length) {
      const name = stack.pop();
      if (reachable.has(name) || !js.shapes[name]) continue;
      reachable.add(name);
      for (const [typeText] of Object.values(js.shapes[name].m)) for (const ref of typeText.match(/\w+/g) ?? []) if (js.shapes[ref]) stack.push(ref);
    }
    const members = {};
    for (const shapeName of [...reachable].sort()) {
      const botocoreShape = bc.shapes[shapeName];
      if (!botocoreShape?.members) continue;
      const found = {};
      for (const [memberName, [typeText]] of Object.entries(js.shapes[shapeName].m).sort(([a], [b]) => (a < b ? -1 : 1))) {
        const target = botocoreShape.members[memberName]?.shape;
        if (!target) continue;
        const record = recordFor(target, typeText);
        if (record !== undefined) found[memberName] = record;
      }
      if (Object.keys(found).length) members[shapeName] = found;
    }
    services[spec.service] = members;
  }
  const script = sha256(fs.readFileSync(new URL(import.meta.url), 'utf8'));
  const lines = (items) => items.map((item) => `    ${JSON.stringify(item)}`).join(',\n');
  const serviceText = Object.entries(services)
    .map(([service, shapes]) => `    ${JSON.stringify(service)}: {\n${Object.entries(shapes).map(([shape, m]) => `      ${JSON.stringify(shape)}: ${JSON.stringify(m)}`).join(',\n')}\n    }`)
    .join(',\n');
  return (
    `{\n  "botocore": ${JSON.stringify(BOTOCORE_TAG)},\n  "sources": ${JSON.stringify(sources)},\n  "script_sha256": ${JSON.stringify(script)},\n` +
    `  "patterns": [\n${lines(patterns)}\n  ],\n  "records": [\n${lines(records)}\n  ],\n  "services": {\n${serviceText}\n  }\n}\n`
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const mirrorFlag = process.argv.indexOf('--mirror');
  const mirror = mirrorFlag > 0 ? process.argv[mirrorFlag + 1] : DEFAULT_MIRROR;
  const text = generate(mirror);
  const out = path.join(root, OUT);
  if (process.argv.includes('--check')) {
    if ((fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '') !== text) {
      console.error(`${OUT} is stale: run npm run gen:constraints`);
      process.exit(1);
    }
  } else {
    fs.writeFileSync(out, text);
    console.log(`wrote ${OUT} (${text.length} bytes) from botocore ${BOTOCORE_TAG}`);
  }
}
