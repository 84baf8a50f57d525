import { SyntaxNode, SyntaxTree } from '../parse/syntaxNode';
import { SemanticModel } from '../semantic/model';
import type { SdkEnvironment } from '../environment/types';

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

/** ruff's contract: safe fixes keep the program's intent and may be applied in bulk; unsafe ones need a look. */
export type Applicability = 'safe' | 'unsafe';

/** A replacement of [start, end) (UTF-16 offsets in the analysed text) with newText. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

export interface Fix {
  /** Shown as the quick-fix title, e.g. "Replace with Join(on=\"\", values=[...])". */
  readonly title: string;
  readonly applicability: Applicability;
  readonly edits: readonly TextEdit[];
}

export interface Finding {
  readonly code: string;
  readonly message: string;
  readonly start: number;
  readonly end: number;
  readonly severity: Severity;
  readonly fix?: Fix;
}

export interface RuleDoc {
  /** One paragraph: the pattern the rule detects. */
  readonly what: string;
  /** What the SDK or service does instead, with the exact error text, and when it surfaces. */
  readonly why: string;
  /** Minimal Python that triggers the rule. */
  readonly example: string;
  /** The corrected code. */
  readonly useInstead: string;
  /** Whether a fix exists, and whether it is safe or unsafe, and why. */
  readonly fixSafety: string;
  /** Which SDK versions the rule applies to. */
  readonly sdkVersions: string;
  /** SDK source files (with version) and issues behind the rule. */
  readonly references: readonly string[];
}

export interface RuleContext {
  readonly tree: SyntaxTree;
  readonly model: SemanticModel;
  report(finding: { node?: SyntaxNode; start?: number; end?: number; message: string; fix?: Fix }): void;
}

export interface Rule {
  /** Stable code: SM + three digits; the hundreds digit is the family. */
  readonly code: string;
  /** kebab-case name of the pattern (ruff's convention: it reads as "allow <name>"). */
  readonly name: string;
  readonly defaultSeverity: Severity;
  /** One line for tables and the rule list. */
  readonly summary: string;
  readonly doc: RuleDoc;
  /** Node types the rule wants to see; the analyser walks the tree once and dispatches. */
  readonly nodeTypes: readonly string[];
  /** For rules that depend on the Python environment (SM7xx): the environment the doc example assumes. */
  readonly exampleEnvironment?: SdkEnvironment;
  check(node: SyntaxNode, context: RuleContext): void;
}

export const FAMILIES: Record<string, string> = {
  '1': 'Pipeline variables',
  '2': 'Pipeline structure and sessions',
  '3': 'Step properties and the API model',
  '4': "boto3's sagemaker client",
  '5': 'Inputs, outputs, S3, roles and instance types',
  '6': 'SDK migrations and deprecations',
  '7': 'Typing and environment',
};
