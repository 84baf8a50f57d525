/**
 * How SDK signatures read in the editor: Python-like labels (`PyTorch(entry_point: str, ...)`), a
 * parameter's type, default and docstring, and the SageMaker-specific traps a signature carries (which
 * keywords the SDK silently drops). Shared by signature help, keyword completion and hovers.
 */
import type { Generation } from '../semantic/sdk';
import type { SdkParam, SdkSignature, SdkType } from '../semantic/sdk/signatures/types';

/** The normalised type as Python-like text: `str | PipelineVariable | None`, `list[TrainingInput]`. */
export function typeText(type: SdkType): string {
  switch (type.kind) {
    case 'none':
      return 'None';
    case 'pipeline-variable':
      return 'PipelineVariable';
    case 'unknown':
      return 'Any';
    case 'list':
      return type.item.kind === 'unknown' ? 'list' : `list[${typeText(type.item)}]`;
    case 'dict':
      return type.key.kind === 'unknown' && type.value.kind === 'unknown' ? 'dict' : `dict[${typeText(type.key)}, ${typeText(type.value)}]`;
    case 'union': {
      // `None` last, as `X | None` reads.
      const options = [...type.options].sort((a, b) => Number(a.kind === 'none') - Number(b.kind === 'none'));
      return options.map((o) => (o.kind === 'union' ? `(${typeText(o)})` : typeText(o))).join(' | ');
    }
    case 'class':
      return type.name.slice(type.name.lastIndexOf('.') + 1);
    default:
      return type.kind;
  }
}

/** A parameter's annotation for labels: the normalised type, or the annotation as written when that says more. */
export function paramTypeText(param: SdkParam): string | undefined {
  if (param.type.kind !== 'unknown') return typeText(param.type);
  return param.annotation && param.annotation.length <= 60 ? param.annotation : undefined;
}

/** `name: type = default`, `*args`, `**kwargs`: one parameter as it appears in a label. */
export function paramLabel(param: SdkParam, withType = true): string {
  if (param.kind === 'var-positional') return `*${param.name}`;
  if (param.kind === 'var-keyword') return `**${param.name}`;
  const type = withType ? paramTypeText(param) : undefined;
  const annotated = type ? `${param.name}: ${type}` : param.name;
  if (param.default === undefined) return annotated;
  return type ? `${annotated} = ${shortDefault(param.default)}` : `${annotated}=${shortDefault(param.default)}`;
}

function shortDefault(text: string): string {
  const folded = text.replace(/\s+/g, ' ');
  return folded.length > 40 ? `${folded.slice(0, 37)}...` : folded;
}

/**
 * Labels longer than this leave out the types (each parameter's documentation still gives its type): the
 * editor shows the whole label, and with PyTorch's 57 typed parameters the active one is out of sight.
 */
export const COMPACT_LABEL_OVER = 600;

/** The label signature help shows: with types, unless that makes it longer than COMPACT_LABEL_OVER. */
export function signatureHelpLabel(name: string, signature: SdkSignature): SignatureLabel {
  const full = signatureLabel(name, signature);
  return full.label.length > COMPACT_LABEL_OVER ? signatureLabel(name, signature, false) : full;
}

export interface SignatureLabel {
  readonly label: string;
  /** Each parameter's [start, end) in the label, in `signature.params` order. */
  readonly ranges: readonly (readonly [number, number])[];
}

/**
 * `PyTorch(entry_point: str, framework_version: str | None = None, *, role: str | None = None, ...)`.
 * The markers `/` and `*` appear where Python would need them; parameters reached through `**kwargs`
 * can only be passed by keyword, so they come after a `*`.
 */
export function signatureLabel(name: string, signature: SdkSignature, withTypes = true): SignatureLabel {
  let label = `${name}(`;
  const ranges: [number, number][] = [];
  let first = true;
  const append = (text: string) => {
    if (!first) label += ', ';
    first = false;
    label += text;
  };
  let starWritten = false;
  signature.params.forEach((param, index) => {
    const next = signature.params[index + 1];
    const keywordOnly = param.kind === 'keyword-only' || (param.via !== undefined && param.kind !== 'var-keyword' && param.kind !== 'var-positional');
    if (keywordOnly && !starWritten) {
      append('*');
      starWritten = true;
    }
    if (param.kind === 'var-positional') starWritten = true;
    const start = label.length + (first ? 0 : 2);
    append(paramLabel(param, withTypes));
    ranges.push([start, label.length]);
    if (param.kind === 'positional-only' && next?.kind !== 'positional-only') append('/');
  });
  label += ')';
  if (signature.returns && signature.returns.kind !== 'none' && signature.returns.kind !== 'unknown') label += ` -> ${typeText(signature.returns)}`;
  return { label, ranges };
}

/** Markdown for one parameter: its type, default, where it is forwarded to, and its docstring. */
export function paramMarkdown(param: SdkParam): string {
  const facts: string[] = [];
  const type = paramTypeText(param);
  if (type) facts.push(`\`${type}\``);
  if (param.required) facts.push('required');
  else if (param.default !== undefined) facts.push(`default \`${shortDefault(param.default)}\``);
  const lines = [`**${param.name}**${facts.length ? ` — ${facts.join(', ')}` : ''}`];
  if (param.via) lines.push('', `Passed on through \`**kwargs\` to \`${shortName(param.via)}\`.`);
  if (param.doc) lines.push('', docMarkdown(param.doc));
  return lines.join('\n');
}

/** Docstring text (reStructuredText, whitespace folded) as markdown: ``code`` and :class:`X` become `code`. */
export function docMarkdown(doc: string): string {
  return doc
    .replace(/``([^`]+)``/g, '`$1`')
    .replace(/:(?:class|meth|func|attr|obj|mod|py:\w+):`~?([^`]+)`/g, '`$1`');
}

/** `sagemaker.estimator.EstimatorBase.__init__` → `EstimatorBase.__init__`. */
export function shortName(qualified: string): string {
  const parts = qualified.split('.');
  const firstUpper = parts.findIndex((p) => /^[A-Z]/.test(p));
  return (firstUpper >= 0 ? parts.slice(firstUpper) : parts.slice(-1)).join('.');
}

/**
 * What can go wrong with this callable that its signature alone does not say: keywords it never
 * looks at, keywords that fail only when the code runs. Markdown lines; empty when there is nothing to say.
 */
export function signatureTraps(name: string, signature: SdkSignature): string[] {
  const unknown = signature.unknownKeyword;
  const traps: string[] = [];
  const through = signature.forwardedThrough?.length ? ` (\`**kwargs\` goes through ${signature.forwardedThrough.map((q) => `\`${shortName(q)}\``).join(' → ')})` : '';
  if (unknown.kind === 'dropped') {
    traps.push(`⚠ \`${name}\` accepts any keyword and **silently drops** the ones it does not know${through}: a misspelled keyword (\`use_spot_instance=True\`) raises no error and its default applies. SageLint reports such keywords.`);
  } else if (unknown.kind === 'pydantic-ignore') {
    traps.push(`⚠ \`${name}\` is a pydantic model that **ignores** unknown fields: a misspelled keyword raises no error and its default applies.`);
  } else if (unknown.kind === 'type-error') {
    traps.push(`An unknown keyword raises \`TypeError\` only when this line runs (in a notebook, after the earlier cells; in a pipeline module, when it is defined).`);
  } else if (unknown.kind === 'pydantic-forbid') {
    traps.push(`An unknown keyword raises pydantic's \`ValidationError\` (extra_forbidden) when this line runs.`);
  }
  return traps;
}

/** Parameters a hover lists; signature help and keyword completion show them all. */
const HOVER_PARAMS = 25;

/**
 * The signature for a hover's code block: one parameter a line when it does not fit on one, at most
 * HOVER_PARAMS of them.
 */
export function signatureBlock(name: string, signature: SdkSignature, prefix = ''): string {
  const { label } = signatureLabel(name, signature);
  if (prefix.length + label.length <= 80) return `${prefix}${label}`;
  const lines = [`${prefix}${name}(`];
  let starWritten = false;
  const shown = signature.params.slice(0, HOVER_PARAMS);
  for (const param of shown) {
    const keywordOnly = param.kind === 'keyword-only' || (param.via !== undefined && param.kind !== 'var-keyword' && param.kind !== 'var-positional');
    if (keywordOnly && !starWritten) lines.push('    *,');
    if (keywordOnly || param.kind === 'var-positional') starWritten = true;
    lines.push(`    ${paramLabel(param)},`);
  }
  if (signature.params.length > shown.length) lines.push(`    # … ${signature.params.length - shown.length} more`);
  const returns = signature.returns && signature.returns.kind !== 'none' && signature.returns.kind !== 'unknown' ? ` -> ${typeText(signature.returns)}` : '';
  lines.push(`)${returns}`);
  return lines.join('\n');
}

/** Markdown for a callable: its signature in a code block, summary, traps and where it is defined. */
export function signatureMarkdown(
  name: string,
  signature: SdkSignature,
  what: string,
  generations: readonly Generation[],
  /** The class docstring's summary, for constructors (says more than `__init__`'s). */
  summary = signature.summary,
  prefix = '',
): string {
  const lines = ['```python', signatureBlock(name, signature, prefix), '```', '', what];
  if (summary) lines.push('', docMarkdown(summary));
  const traps = signatureTraps(name, signature);
  if (traps.length) lines.push('', ...traps);
  const required = signature.params.filter((p) => p.required);
  if (required.length) lines.push('', `Required: ${required.map((p) => `\`${p.name}\``).join(', ')}.`);
  lines.push('', `SDK ${generations.join(' and ')}: \`${signature.source}\`.`);
  return lines.join('\n');
}
