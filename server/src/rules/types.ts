import { SyntaxNode, SyntaxTree } from '../parse/syntaxNode';
import { SemanticModel } from '../semantic/model';
import type { RequirementsLine } from '../environment/declared';
import type { FilePosition, SdkEnvironment } from '../environment/types';

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

/** ruff's contract: safe fixes keep the program's intent and may be applied in bulk; unsafe ones need a look. */
export type Applicability = 'safe' | 'unsafe';

/** A replacement of [start, end) (UTF-16 offsets in the analysed text) with newText. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
  /**
   * Set on the edit that adds import lines (insertImport): the lines, without the line break that joins
   * them to the file. A notebook moves this edit to the cell where an import keeps "Run All" working.
   */
  readonly addsImport?: string;
}

/** An edit to another file than the one analysed (a requirements file), in LSP coordinates. */
export interface FileEdit {
  /** Absolute path of the file. */
  readonly file: string;
  readonly range: { readonly start: FilePosition; readonly end: FilePosition };
  readonly newText: string;
}

export interface Fix {
  /** Shown as the quick-fix title, e.g. "Replace with Join(on=\"\", values=[...])". */
  readonly title: string;
  readonly applicability: Applicability;
  readonly edits: readonly TextEdit[];
  /**
   * Edits to other files (SM702 adds stubs to requirements.txt). The editor applies them with the rest as
   * one WorkspaceEdit; the command line's --fix and --diff never apply a fix that has them.
   */
  readonly otherFiles?: readonly FileEdit[];
}

export interface Finding {
  readonly code: string;
  readonly message: string;
  readonly start: number;
  readonly end: number;
  readonly severity: Severity;
  readonly fix?: Fix;
  /** Further fixes offered as separate quick fixes in the editor only (never applied by --fix or fix-all). */
  readonly moreFixes?: readonly Fix[];
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
  report(finding: { node?: SyntaxNode; start?: number; end?: number; message: string; fix?: Fix; moreFixes?: readonly Fix[] }): void;
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
  /**
   * For rules that read a file the module names (SM224 reads a Lambda helper's script): the files, by
   * name, that sit next to the doc example (the "use instead" code names none of them).
   */
  readonly exampleScripts?: Readonly<Record<string, string>>;
  check(node: SyntaxNode, context: RuleContext): void;
  /**
   * Rules that check pip requirements files (requirements*.txt) instead of Python modules: called once per
   * file; `nodeTypes` is then empty and the doc's example and useInstead are requirements files.
   */
  readonly checkRequirements?: (file: RequirementsFileContext) => void;
}

/** What a requirements-file rule sees: the text, its parsed lines, the project's environment, and report(). */
export interface RequirementsFileContext {
  /** The file's path, when it has one. */
  readonly path?: string;
  readonly text: string;
  readonly lines: readonly RequirementsLine[];
  readonly environment?: SdkEnvironment;
  report(finding: { start: number; end: number; message: string; fix?: Fix }): void;
}

export const FAMILIES: Record<string, string> = {
  '1': 'Pipeline variables',
  '2': 'Pipeline structure and sessions',
  '3': 'Step properties and the API model',
  '4': "boto3's sagemaker client",
  '5': 'Inputs, outputs, S3, roles and instance types',
  '6': 'SDK migrations and deprecations',
  '7': 'Typing and environment',
  '8': 'SDK signatures',
};
