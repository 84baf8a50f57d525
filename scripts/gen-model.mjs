// `npm run gen:model`: turns the pinned AWS SDK for JavaScript v3 clients into the compact API model the
// server loads (server/src/api/data/<service>.json). `node scripts/gen-model.mjs --check` exits 1 when a
// committed file differs from what this would write (test/api/model.test.ts runs the same comparison).
//
// Why @aws-sdk/client-sagemaker (v3, pinned at 3.11xx in package.json) and not aws-sdk v2 or botocore:
// - it is generated from the same Smithy model as botocore's service-2.json, is released with every
//   service update, and its dist-types/models/*.d.ts carry every structure with member docs and required
//   flags (a member without `?` is required), enums.d.ts carries every enum's values, and one
//   commands/*Command.d.ts per operation names the input and output shapes and carries the operation doc;
// - aws-sdk v2 (the `apis/sagemaker-2017-07-24.normal.json` package) stopped updating in 2025, so its
//   model misses newer operations, members and instance types;
// - botocore is a Python package: it cannot be pinned through npm and is not installed where the linter
//   is built.
// The .d.ts files are read with the TypeScript compiler API (syntax only, no type checker), which is fast
// and deterministic. boto3 method names come from the operation names through botocore's xform_name,
// reproduced in server/src/api/xform.ts (and mirrored here so the script needs no build step).
//
// Output format (all keys sorted, one shape per line for readable diffs):
//   { service, package, version, paginators: [boto3 op names], waiters: [boto3 waiter names],
//     operations: { Name: { py, input?, output?, doc, deprecated? } },
//     shapes: { Name: { k: 'structure'|'union', m: { Member: [type, required(0|1), doc] } } },
//     enums: { Name: [values...] } }
// A member type is a string: string | number | boolean | timestamp | blob | document | any, a shape or
// enum name, `T[]` for a list of T, `{T}` for a map from string to T.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import os from 'node:os';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(import.meta.url);
const ts = require('typescript');

export const SERVICES = [
  { service: 'sagemaker', pkg: '@aws-sdk/client-sagemaker', out: 'server/src/api/data/sagemaker.json' },
  { service: 'sagemaker-runtime', pkg: '@aws-sdk/client-sagemaker-runtime', out: 'server/src/api/data/sagemaker-runtime.json' },
];

// botocore.xform_name: the server's own implementation (server/src/api/xform.ts), bundled on the fly so
// the generator and the server can never disagree on a method name.
function loadXform() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sagelint-xform-'));
  let transform;
  try {
    const outfile = path.join(dir, 'xform.js');
    esbuild.buildSync({ entryPoints: [path.join(root, 'server/src/api/xform.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'warning' });
    transform = require(outfile).xformName;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true }); // the module stays loaded; the file is not needed
  }
  // One argument only: callers use it with Array.map, whose index must not become the separator.
  return (name) => transform(name);
}
export const xformName = loadXform();

// --- docs: the SDK's HTML doc comments to short markdown ---
const ENTITIES = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&#39;': "'", '&apos;': "'", '&nbsp;': ' ' };
function htmlToMarkdown(html) {
  let text = html
    .replace(/<code>\s*([\s\S]*?)\s*<\/code>/g, (_, c) => (c ? `\`${c.replace(/<[^>]+>/g, '')}\`` : ''))
    .replace(/<a\s+href="([^"]*)"\s*>([\s\S]*?)<\/a>/g, (_, href, t) => `[${t.replace(/<[^>]+>/g, '').trim()}](${href})`)
    .replace(/<\/?(b|strong)>/g, '**')
    .replace(/<\/?(i|em)>/g, '_')
    .replace(/<li>\s*/g, '\n- ')
    .replace(/<\/p>\s*<p>/g, '\n\n')
    .replace(/<[^>]+>/g, ' ');
  text = text.replace(/&[a-z#0-9]+;/g, (e) => ENTITIES[e] ?? e);
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The first paragraph, cut at a sentence end within `max` characters. */
function shortDoc(html, max) {
  const firstParagraph = (/<p>([\s\S]*?)<\/p>/.exec(html)?.[1] ?? html).trim();
  let text = htmlToMarkdown(firstParagraph).replace(/\s*\n\s*/g, ' ');
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const sentence = cut.lastIndexOf('. ');
  return sentence > max / 3 ? cut.slice(0, sentence + 1) : `${cut.slice(0, max - 1).trimEnd()}…`;
}

function jsDocText(node, sourceFile) {
  const ranges = ts.getLeadingCommentRanges(sourceFile.text, node.pos) ?? [];
  const last = ranges.filter((r) => sourceFile.text.startsWith('/**', r.pos)).pop();
  if (!last) return { text: '', deprecated: false };
  const raw = sourceFile.text
    .slice(last.pos + 3, last.end - 2)
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''))
    .join('\n');
  const deprecated = /@deprecated/.test(raw);
  const text = raw.split(/\n@/)[0].replace(/^@\w+.*$/gm, '').trim();
  return { text, deprecated };
}

// --- types ---
function typeString(node) {
  if (!node) return 'any';
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
      return 'string';
    case ts.SyntaxKind.NumberKeyword:
      return 'number';
    case ts.SyntaxKind.BooleanKeyword:
      return 'boolean';
    case ts.SyntaxKind.ArrayType:
      return `${typeString(node.elementType)}[]`;
    case ts.SyntaxKind.ParenthesizedType:
      return typeString(node.type);
    case ts.SyntaxKind.UnionType: {
      const parts = node.types.filter((t) => t.kind !== ts.SyntaxKind.UndefinedKeyword && !(t.kind === ts.SyntaxKind.LiteralType && t.literal.kind === ts.SyntaxKind.UndefinedKeyword));
      return parts.length === 1 ? typeString(parts[0]) : 'any';
    }
    case ts.SyntaxKind.TypeReference: {
      const name = node.typeName.getText();
      if (name === 'Record' && node.typeArguments?.length === 2) return `{${typeString(node.typeArguments[1])}}`;
      if (name === 'Date') return 'timestamp';
      if (name === 'Uint8Array' || name === 'BlobPayloadInputTypes' || name === 'StreamingBlobPayloadInputTypes') return 'blob';
      if (name === '__DocumentType') return 'document';
      if (name === 'AsyncIterable') return 'any';
      if (name === 'Partial' && node.typeArguments?.length === 1) return typeString(node.typeArguments[0]);
      return name;
    }
    default:
      return 'any';
  }
}

function membersOf(members, sourceFile) {
  const out = {};
  for (const member of members) {
    if (!ts.isPropertySignature(member) || !member.name) continue;
    const name = member.name.getText(sourceFile);
    if (name === '$unknown') continue;
    const { text } = jsDocText(member, sourceFile);
    out[name] = [typeString(member.type), member.questionToken ? 0 : 1, shortDoc(text, 280)];
  }
  return out;
}

function readModels(dir) {
  const shapes = {};
  const enums = {};
  const numericEnums = new Set();
  for (const file of fs.readdirSync(dir).sort()) {
    if (!file.endsWith('.d.ts')) continue;
    const sourceFile = ts.createSourceFile(file, fs.readFileSync(path.join(dir, file), 'utf8'), ts.ScriptTarget.Latest, true);
    for (const statement of sourceFile.statements) {
      if (ts.isInterfaceDeclaration(statement)) {
        shapes[statement.name.text] = { k: 'structure', m: membersOf(statement.members, sourceFile) };
      } else if (ts.isModuleDeclaration(statement) && statement.body && ts.isModuleBlock(statement.body)) {
        // A union: `namespace X { interface AMember { A: T; B?: never; ... } ... }`; boto3 takes a dict with one key.
        const m = {};
        for (const inner of statement.body.statements) {
          if (!ts.isInterfaceDeclaration(inner) || inner.name.text === '$UnknownMember' || inner.name.text === 'Visitor') continue;
          const live = inner.members.filter((p) => ts.isPropertySignature(p) && p.type?.kind !== ts.SyntaxKind.NeverKeyword);
          for (const [name, value] of Object.entries(membersOf(live, sourceFile))) m[name] = [value[0], 0, value[2]];
        }
        if (Object.keys(m).length) shapes[statement.name.text] = { k: 'union', m };
      } else if (ts.isEnumDeclaration(statement)) {
        // Numeric enums (`declare enum X { A = 10 }`): the member takes a number.
        numericEnums.add(statement.name.text);
      } else if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          if (!declaration.type || !ts.isTypeLiteralNode(declaration.type)) continue;
          const values = [];
          for (const member of declaration.type.members) {
            if (ts.isPropertySignature(member) && member.type && ts.isLiteralTypeNode(member.type) && ts.isStringLiteral(member.type.literal)) values.push(member.type.literal.text);
          }
          if (values.length) enums[declaration.name.getText(sourceFile)] = values;
        }
      }
    }
  }
  for (const shape of Object.values(shapes)) {
    for (const member of Object.values(shape.m)) member[0] = member[0].replace(/\w+/g, (name) => (numericEnums.has(name) ? 'number' : name));
  }
  return { shapes, enums };
}

function readOperations(dir) {
  const operations = {};
  for (const file of fs.readdirSync(dir).sort()) {
    const match = /^(\w+)Command\.d\.ts$/.exec(file);
    if (!match) continue;
    const name = match[1];
    const sourceFile = ts.createSourceFile(file, fs.readFileSync(path.join(dir, file), 'utf8'), ts.ScriptTarget.Latest, true);
    const aliases = new Map();
    let input;
    let output;
    let doc = '';
    let deprecated = false;
    for (const statement of sourceFile.statements) {
      if (ts.isTypeAliasDeclaration(statement)) aliases.set(statement.name.text, statement.type);
    }
    const shapeOf = (heritageName) => {
      if (heritageName === '__MetadataBearer') return undefined;
      const alias = aliases.get(heritageName);
      if (!alias) return heritageName;
      // `Omit<Shape, "Body"> & { Body: ... }`: the shape is Omit's first argument.
      const omit = ts.isIntersectionTypeNode(alias) ? alias.types.find((t) => ts.isTypeReferenceNode(t) && t.typeName.getText() === 'Omit') : undefined;
      const first = omit?.typeArguments?.[0];
      return first && ts.isTypeReferenceNode(first) ? first.typeName.getText() : undefined;
    };
    for (const statement of sourceFile.statements) {
      if (ts.isInterfaceDeclaration(statement)) {
        const heritage = statement.heritageClauses?.[0]?.types.map((t) => t.expression.getText()) ?? [];
        if (statement.name.text === `${name}CommandInput`) input = shapeOf(heritage[0]);
        if (statement.name.text === `${name}CommandOutput`) output = heritage.map(shapeOf).find(Boolean);
      } else if (ts.isClassDeclaration(statement) && statement.name?.text === `${name}Command`) {
        const jsDoc = jsDocText(statement, sourceFile);
        doc = shortDoc(jsDoc.text, 600);
        deprecated = jsDoc.deprecated;
      }
    }
    operations[name] = { py: xformName(name), ...(input ? { input } : {}), ...(output ? { output } : {}), doc, ...(deprecated ? { deprecated: 1 } : {}) };
  }
  return operations;
}

function sortKeys(object) {
  return Object.fromEntries(Object.keys(object).sort().map((k) => [k, object[k]]));
}

/** The file text for one service: deterministic (sorted keys, no timestamps). */
export function generate({ service, pkg }) {
  const pkgDir = path.join(root, 'node_modules', pkg);
  const version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
  const { shapes, enums } = readModels(path.join(pkgDir, 'dist-types/models'));
  const operations = readOperations(path.join(pkgDir, 'dist-types/commands'));
  // boto3 names of pageable operations (get_paginator) and of waiters (get_waiter).
  const listDir = (dir, pattern) => (fs.existsSync(path.join(pkgDir, dir)) ? fs.readdirSync(path.join(pkgDir, dir)).map((f) => pattern.exec(f)?.[1]).filter(Boolean).map(xformName).sort() : []);
  const paginators = listDir('dist-types/pagination', /^(\w+)Paginator\.d\.ts$/);
  const waiters = listDir('dist-types/waiters', /^waitFor(\w+)\.d\.ts$/);
  for (const name of Object.keys(shapes)) if (/Exception$|^\$/.test(name) && !Object.values(operations).some((o) => o.input === name || o.output === name)) delete shapes[name];
  const section = (object) => {
    const keys = Object.keys(object).sort();
    return `{\n${keys.map((k) => `    ${JSON.stringify(k)}: ${JSON.stringify(object[k])}`).join(',\n')}\n  }`;
  };
  const sortedShapes = Object.fromEntries(Object.entries(shapes).map(([k, v]) => [k, { k: v.k, m: sortKeys(v.m) }]));
  return (
    `{\n  "service": ${JSON.stringify(service)},\n  "package": ${JSON.stringify(pkg)},\n  "version": ${JSON.stringify(version)},\n` +
    `  "paginators": ${JSON.stringify(paginators)},\n  "waiters": ${JSON.stringify(waiters)},\n` +
    `  "operations": ${section(operations)},\n  "shapes": ${section(sortedShapes)},\n  "enums": ${section(enums)}\n}\n`
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const spec of SERVICES) {
    const text = generate(spec);
    const out = path.join(root, spec.out);
    if (check) {
      const current = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
      if (current !== text) {
        console.error(`${spec.out} is stale: run npm run gen:model`);
        stale++;
      }
    } else {
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, text);
      console.log(`wrote ${spec.out} (${text.length} bytes)`);
    }
  }
  process.exit(stale ? 1 : 0);
}
