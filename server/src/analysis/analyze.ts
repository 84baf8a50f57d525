import { SyntaxNode, SyntaxTree } from '../parse/syntaxNode';
import { SemanticModel } from '../semantic/model';
import { RULES } from '../rules/registry';
import { Finding, Fix, Rule, RuleContext, Severity } from '../rules/types';
import { Settings, isRuleEnabled, severityFor } from '../config/settings';
import { LineIndex } from '../text/lineIndex';
import { NoqaDirective, collectNoqa, isSuppressed, noqaEdit, noqaLine } from './noqa';
import { fStringFields, fitFixToFStrings } from './fstringFields';
import { TextEdit } from '../rules/types';
import type { SdkEnvironment } from '../environment/types';

/** Optional inputs beyond the module itself. */
export interface AnalyzeOptions {
  /** The Python environment the module runs in (SDK version, mypy): version-aware advice. */
  readonly environment?: SdkEnvironment;
  /** The rules to run instead of the registry's (tests inject failing rules this way). */
  readonly rules?: readonly Rule[];
}

export interface AnalyzedFinding extends Finding {
  /** The line a `# noqa` comment for this finding goes on, and the edit that adds it. */
  readonly noqaLine: number;
  readonly noqaEdit: TextEdit;
}

export interface Analysis {
  readonly tree: SyntaxTree;
  readonly lines: LineIndex;
  /** Built only when the module mentions the SDK; hovers use it too. */
  readonly model?: SemanticModel;
  readonly findings: readonly AnalyzedFinding[];
  /** Rules that threw: reported to the log, never to the user as findings. */
  readonly ruleErrors: readonly { code: string; error: unknown }[];
}

/** Text without this word cannot import the SDK, so the semantic model and rules are skipped for it. */
const SDK_MARKER = 'sagemaker';

/**
 * Runs every enabled rule over one module: one iterative walk of the tree dispatches nodes to the rules
 * that asked for their type. A rule that throws is contained and logged; the others still run.
 */
export function analyze(tree: SyntaxTree, settings: Settings, lines = new LineIndex(tree.text), options?: AnalyzeOptions): Analysis {
  const enabled = (options?.rules ?? RULES).filter((rule) => isRuleEnabled(rule.code, settings));
  const comments: SyntaxNode[] = [];
  const fStrings: SyntaxNode[] = [];
  const mentionsSdk = tree.text.includes(SDK_MARKER);
  const model = mentionsSdk ? new SemanticModel(tree, options?.environment) : undefined;
  const raw: Finding[] = [];
  const ruleErrors: { code: string; error: unknown }[] = [];

  const dispatch = new Map<string, Rule[]>();
  if (model && model.importsSdk) {
    for (const rule of enabled) {
      for (const type of rule.nodeTypes) {
        const list = dispatch.get(type);
        if (list) list.push(rule);
        else dispatch.set(type, [rule]);
      }
    }
  }
  const failed = new Set<Rule>();
  const contextFor = (rule: Rule): RuleContext => ({
    tree,
    model: model!,
    report: ({ node, start, end, message, fix, moreFixes }) => {
      const s = node ? node.start : start ?? 0;
      const e = node ? node.end : end ?? s;
      raw.push({ code: rule.code, message, start: s, end: e, severity: severityFor(rule.code, rule.defaultSeverity, settings), fix, ...(moreFixes?.length ? { moreFixes } : {}) });
    },
  });
  const contexts = new Map(enabled.map((rule) => [rule, contextFor(rule)]));

  const stack: SyntaxNode[] = [tree.root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.broken) continue; // no guessing inside ERROR regions
    if (node.type === 'comment') comments.push(node);
    else if (node.type === 'string' && node.children.some((c) => c.type === 'interpolation')) fStrings.push(node);
    const rules = dispatch.get(node.type);
    if (rules && !node.containsError) {
      for (const rule of rules) {
        if (failed.has(rule)) continue;
        try {
          rule.check(node, contexts.get(rule)!);
        } catch (error) {
          failed.add(rule);
          ruleErrors.push({ code: rule.code, error });
        }
      }
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }

  // Fixes write code that Python 3.9-3.11 must parse too: inside f-string replacement fields, quotes are
  // swapped or the fix is withdrawn (fstringFields.ts).
  const fields = fStrings.length && raw.some((f) => f.fix || f.moreFixes) ? fStringFields(fStrings, tree.text) : [];
  if (fields.length) {
    for (let i = 0; i < raw.length; i++) {
      const finding = raw[i];
      if (!finding.fix && !finding.moreFixes) continue;
      const fix = finding.fix && fitFixToFStrings(finding.fix, fields);
      const moreFixes = finding.moreFixes?.map((f) => fitFixToFStrings(f, fields)).filter((f): f is Fix => !!f);
      raw[i] = { ...finding, fix, ...(moreFixes ? { moreFixes } : {}) };
    }
  }

  const directives = collectNoqa(comments, tree, lines);
  const findings: AnalyzedFinding[] = [];
  const seen = new Set<string>();
  for (const finding of raw) {
    const key = `${finding.code}:${finding.start}:${finding.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const line = noqaLine(tree, lines, finding.start);
    if (isSuppressed(directives, finding.code, [lines.positionAt(finding.start).line, line])) continue;
    findings.push({ ...finding, noqaLine: line, noqaEdit: noqaEdit(tree, lines, directives, finding.code, line) });
  }
  findings.sort((a, b) => a.start - b.start || a.code.localeCompare(b.code));
  return { tree, lines, model, findings, ruleErrors };
}

export type { Finding, Fix, Severity, NoqaDirective };
