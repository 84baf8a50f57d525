/**
 * Hovers from the SDK's signature model: on an SDK class, function or method (`PyTorch`, `est.fit`,
 * `image_uris.retrieve`) its signature, summary and traps; on a keyword argument of an SDK call
 * (`use_spot_instances=`) that parameter's type, default and docstring. The curated hovers
 * (hoverDocs*.ts) say more where they exist and are asked first (hover.ts).
 */
import { SyntaxNode, childByField } from '../parse/syntaxNode';
import type { Value } from '../semantic/values';
import { Analysis } from '../analysis/analyze';
import { CallTarget, classSignature } from '../semantic/sdk/signatures';
import type { CallTargetLookup } from './signatureHelp';
import { paramMarkdown, signatureLabel, signatureMarkdown } from './sdkSignatureText';
import { featureStoreNote } from './hoverDocsFeatureStore';
import type { Generation } from '../semantic/sdk';
import { VersionInterval, callableHistory, callableKey, lifetimeText, nameHistory, parameterHistory } from '../semantic/sdk/history';
import { compareVersions } from '../environment/sdkVersionRange';

export interface SdkHover {
  readonly markdown: string;
  readonly start: number;
  readonly end: number;
}

/** The hover for an expression that names an SDK callable; `range` is the node the hover covers. */
export function sdkCallableHover(analysis: Analysis, expression: SyntaxNode, range: SyntaxNode, lookup: CallTargetLookup, bound?: Value): SdkHover | undefined {
  const model = analysis.model;
  if (!model) return undefined;
  const target = lookup({ model, node: expression, bound });
  const first = target?.candidates[0];
  if (!target || !first) return undefined;
  const name = nameOf(target);
  // The generations whose signature reads the same; another generation's differs and shows in signature help.
  const label = signatureLabel(name, first.signature).label;
  const generations = target.candidates.filter((c) => signatureLabel(name, c.signature).label === label).map((c) => c.generation);
  const classSummary = target.kind === 'constructor' ? classSignature(target.qualifiedName, first.generation)?.summary : undefined;
  const prefix = target.kind === 'constructor' ? 'class ' : 'def ';
  const markdown = signatureMarkdown(name, first.signature, `${describe(target)}${lifetime(target, first.signature.qualifiedName, first.generation)}`, generations, classSummary ?? first.signature.summary, prefix);
  // What runs where, for the symbols whose docstrings leave it out (curated, with sources).
  const note = featureStoreNote(target.qualifiedName, target.kind === 'method' ? target.method : undefined);
  return { markdown: note ? `${markdown}\n\n---\n\n${note}` : markdown, start: range.start, end: range.end };
}

/** The hover on the name of a keyword argument (`use_spot_instances` in `PyTorch(use_spot_instances=True)`). */
export function sdkKeywordHover(analysis: Analysis, name: SyntaxNode, lookup: CallTargetLookup): SdkHover | undefined {
  const model = analysis.model;
  const keywordArgument = name.parent;
  if (!model || keywordArgument?.type !== 'keyword_argument' || name.field !== 'name') return undefined;
  const call = keywordArgument.parent?.type === 'argument_list' ? keywordArgument.parent.parent : undefined;
  const callee = call?.type === 'call' ? childByField(call, 'function') : undefined;
  if (!callee) return undefined;
  const target = lookup({ model, node: callee });
  const signature = target?.candidates[0]?.signature;
  const keyword = model.text(name);
  const param = signature?.params.find((p) => p.name === keyword && p.kind !== 'positional-only' && p.kind !== 'var-positional' && p.kind !== 'var-keyword');
  if (!target || !param) return undefined;
  return { markdown: `${paramMarkdown(param)}\n\nParameter of \`${nameOf(target)}\` (${describe(target)})${lifetime(target, signature!.qualifiedName, target.candidates[0].generation, keyword)}.`, start: name.start, end: name.end };
}

/**
 * " (since v2.136.0)" from the SDK's release history. A class or function: when its name appeared in its
 * module after its major's first release, or was removed within it. A parameter: when it appeared after
 * its callable had a signature. Methods say nothing (an override may be younger than the method it
 * overrides). Empty when there is nothing to say.
 */
function lifetime(target: CallTarget, signatureQualifiedName: string, generation: Generation, param?: string): string {
  const major = generation === 'v3' ? 3 : 2;
  let intervals: readonly VersionInterval[] | undefined;
  if (param) {
    const key = callableKey(target, signatureQualifiedName);
    const callable = key ? callableHistory(key) : undefined;
    const history = key ? parameterHistory(key, param) : undefined;
    const callableFrom = callable?.intervals[0]?.from;
    const paramFrom = history?.intervals[0]?.from;
    // A parameter as old as the signature the history first saw says nothing about the SDK.
    if (!history || !callableFrom || !paramFrom || compareVersions(paramFrom, callableFrom) <= 0) return '';
    intervals = history.intervals;
  } else if (target.kind !== 'method') {
    const dot = target.qualifiedName.lastIndexOf('.');
    intervals = nameHistory(target.qualifiedName.slice(0, dot), target.qualifiedName.slice(dot + 1))?.intervals;
  }
  const text = intervals && lifetimeText(intervals, major);
  return text ? ` (${text})` : '';
}

function nameOf(target: CallTarget): string {
  return target.kind === 'method' && target.method ? target.method : target.qualifiedName.slice(target.qualifiedName.lastIndexOf('.') + 1);
}

function describe(target: CallTarget): string {
  if (target.kind === 'constructor') return `SageMaker SDK class \`${target.qualifiedName}\``;
  if (target.kind === 'method') return `Method of SageMaker SDK class \`${target.qualifiedName}\``;
  return `SageMaker SDK function \`${target.qualifiedName}\``;
}
