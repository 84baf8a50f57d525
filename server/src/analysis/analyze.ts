import { SyntaxNode, SyntaxTree } from '../parse/syntaxNode';
import { SemanticModel, TakenOver } from '../semantic/model';
import { RULES } from '../rules/registry';
import { Finding, Fix, Rule, RuleContext, Severity } from '../rules/types';
import { Settings, isRuleEnabled, severityFor } from '../config/settings';
import { LineIndex } from '../text/lineIndex';
import { NoqaDirective, collectNoqa, isSuppressed, noqaEdit, noqaLine } from './noqa';
import { fStringFields, fitFixToFStrings } from './fstringFields';
import { TextEdit } from '../rules/types';
import type { SdkEnvironment } from '../environment/types';
import { ModuleFact, NodeQuery, ReadSet, topLevelStatement } from '../semantic/reads';
import { detectEol } from '../text/lineIndex';
import type { PythonParser } from '../parse/parser';
import { ScriptAccess, ScriptFiles } from '../io/scriptFiles';
import { Readers } from './readers';

/** Optional inputs beyond the module itself. */
export interface AnalyzeOptions {
  /** The Python environment the module runs in (SDK version, mypy): version-aware advice. */
  readonly environment?: SdkEnvironment;
  /**
   * Where the Python files the module names (a Lambda helper's script) are read from, inside the
   * workspace only. Without it (or without `parser`), no other file is read.
   */
  readonly scripts?: ScriptAccess;
  /** Parses those files; the host that parsed the module sets it (it does not cross to worker threads). */
  readonly parser?: PythonParser;
  /** The rules to run instead of the registry's (tests inject failing rules this way). */
  readonly rules?: readonly Rule[];
  /**
   * Record what each top-level statement's rule checks read, so that the next analysis of an edited
   * version of this module can reuse the findings of statements whose inputs did not change.
   */
  readonly incremental?: boolean;
  /**
   * The analysis of the version before the edit, made with `incremental`. The tree analysed now must have
   * been converted with that analysis's tree as `previous` (unchanged statements are the same objects).
   */
  readonly previous?: Analysis;
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
  /** With `incremental`: what the next analysis may reuse (internal to analyze). */
  readonly reuse?: ReuseState;
  /** With `previous`: how many top-level statements kept their findings without running rules. */
  readonly reusedStatements?: number;
  /**
   * With `previous`: how many statements' recorded reads were checked one by one (asked again). The
   * others read nothing the edit removed, rebound or changed (readers.ts), or the edit changed no statement.
   */
  readonly checkedStatements?: number;
  /**
   * The files outside the module this analysis read or checked (absolute paths): when one changes on
   * disk, the module must be analysed again (the findings made from it are then re-checked).
   */
  readonly filesRead: readonly string[];
}

/** The findings of one top-level statement and what its rule checks read, for the next analysis. */
interface StatementRecord {
  /** The statement's start when its findings were made (they are moved by its current start minus this). */
  readonly start: number;
  readonly findings: readonly Finding[];
  readonly comments: readonly SyntaxNode[];
  readonly fStrings: readonly SyntaxNode[];
  /** Other top-level statements read, and whether each was before this one. */
  readonly statements: StatementsRead;
  /** Module names looked up: the statements that bound them, each with whether it was before this one. */
  readonly names: NamesRead;
  /** Files outside the module read, with their fingerprints then. */
  readonly files: ReadonlyMap<string, string>;
  /** Module facts read, with their values then. */
  readonly facts: ReadonlyMap<ModuleFact<string | number | boolean>, string | number | boolean>;
  /** Node queries asked, with their answers then. */
  readonly queries: ReadonlyMap<NodeQuery<string | number | boolean>, ReadonlyMap<SyntaxNode, string | number | boolean>>;
  readonly wholeModule: boolean;
  /** The checks read the text beyond the statements (comments): an edit that changes no statement changes it. */
  readonly readsText: boolean;
}

interface ReuseState {
  /** Settings, environment and rules the records were made under. */
  readonly key: string;
  readonly rules: readonly Rule[];
  /** Star imports, names declared global and the line-break style: every lookup or fix may read them. */
  readonly moduleContext: string;
  /** The module's top-level statements other than comments, in order. */
  readonly statements: readonly SyntaxNode[];
  readonly records: Map<SyntaxNode, StatementRecord>;
  /**
   * The next analysis took `records` and changes it in place (takeRecords): this state is spent, and no
   * other analysis may reuse it (its records no longer describe its statements).
   */
  recordsTaken?: boolean;
  /**
   * Findings of the rules that check the module node (they read the whole module), kept while the
   * statements are the same objects at the same offsets (an edit in a comment or after the last one).
   */
  readonly moduleFindings?: readonly Finding[];
  /** Files outside the module the module's own rules read, with their fingerprints then. */
  readonly moduleFiles?: ReadonlyMap<string, string>;
  /** The statements' starts when moduleFindings were made. */
  readonly starts: readonly number[];
  /** Each finding (as the rules or the f-string fitting left it) and its finished form, with noqa line and edit. */
  readonly finished?: ReadonlyMap<Finding, AnalyzedFinding>;
  /**
   * Who read what among the records (readers.ts), handed on to the next analysis (which takes it: see
   * takeReaders); built from the records when missing.
   */
  readers?: Readers<StatementRecord>;
  /**
   * The findings the fitting to the f-strings' replacement fields changed, and what it made of them: the
   * same while the statements are at the same starts.
   */
  readonly refitted?: ReadonlyMap<Finding, Finding>;
}

function hasInterpolation(string: SyntaxNode): boolean {
  for (const child of string.children) if (child.type === 'interpolation') return true;
  return false;
}

/** A rule as one analysis runs it. */
interface RuleEntry {
  readonly rule: Rule;
  readonly context: RuleContext;
  /** A rule that threw runs no more in this analysis. */
  failed: boolean;
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
  const scripts = mentionsSdk && options?.scripts && options.parser ? new ScriptFiles(options.scripts, options.parser) : undefined;
  // The statements the edit replaced, when the others were taken over around them (a prefix and a suffix):
  // the scope tree and the values of the model before are taken over by them.
  const previousModel = options?.previous?.model;
  const around = mentionsSdk && previousModel ? aroundEdit(previousModel.tree.root.children, tree.root.children) : undefined;
  const model = mentionsSdk ? new SemanticModel(tree, options?.environment, scripts, around && previousModel && { model: previousModel, ...around }) : undefined;
  /** Whether every file a record read is as it was (each read again once per analysis). */
  const sameFiles = (files: ReadonlyMap<string, string> | undefined): boolean => {
    if (!files?.size) return true;
    if (!scripts) return false;
    for (const [file, fingerprint] of files) if (scripts.fingerprint(file) !== fingerprint) return false;
    return true;
  };
  const raw: Finding[] = [];
  const ruleErrors: { code: string; error: unknown }[] = [];

  const contextFor = (rule: Rule): RuleContext => ({
    tree,
    model: model!,
    report: ({ node, start, end, message, fix, moreFixes }) => {
      const s = node ? node.start : start ?? 0;
      const e = node ? node.end : end ?? s;
      raw.push({ code: rule.code, message, start: s, end: e, severity: severityFor(rule.code, rule.defaultSeverity, settings), fix, ...(moreFixes?.length ? { moreFixes } : {}) });
    },
  });
  /**
   * The rules of each node type, each with its context and whether it failed (one entry per rule, shared
   * by its types): a node costs one map lookup, whatever the number of rules that see it.
   */
  const dispatch = new Map<string, RuleEntry[]>();
  if (model && model.importsSdk) {
    for (const rule of enabled) {
      const entry: RuleEntry = { rule, context: contextFor(rule), failed: false };
      for (const type of rule.nodeTypes) {
        const list = dispatch.get(type);
        if (list) list.push(entry);
        else dispatch.set(type, [entry]);
      }
    }
  }

  const root = tree.root;
  /** Dispatches one node to its rules. */
  const check = (node: SyntaxNode): void => {
    const entries = dispatch.get(node.type);
    if (!entries || node.containsError) return;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i];
      if (entry.failed) continue;
      try {
        entry.rule.check(node, entry.context);
      } catch (error) {
        entry.failed = true;
        ruleErrors.push({ code: entry.rule.code, error });
      }
    }
  };
  /** Walks one subtree: collects comments and f-strings, dispatches nodes. */
  const walkFrom = (start: SyntaxNode, reads?: ReadSet, ownComments = comments, ownFStrings = fStrings): void => {
    // Every rule check below records what it reads into `reads` (a rule that throws leaves no frame open).
    if (reads) model!.beginReads(reads);
    try {
      const stack: SyntaxNode[] = [start];
      while (stack.length) {
        const node = stack.pop()!;
        if (node.broken) continue; // no guessing inside ERROR regions
        if (node.type === 'comment') ownComments.push(node);
        else if (node.type === 'string' && hasInterpolation(node)) ownFStrings.push(node);
        check(node);
        for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
      }
    } finally {
      if (reads) model!.endReads();
    }
  };

  const recording = !!options?.incremental && !!model && model.importsSdk;
  let reuse: ReuseState | undefined;
  /** The findings the analysis before fitted to replacement fields, still right: the same statements at the same starts. */
  let refittedBefore: ReadonlyMap<Finding, Finding> | undefined;
  let reused = 0;
  let checked = 0;
  if (!recording || root.broken) {
    walkFrom(root);
  } else {
    model!.recordsReads = true;
    const key = reuseKey(settings, options?.environment, options?.scripts);
    const moduleContext = `${model!.lookupContextKey()}\u0000${JSON.stringify(detectEol(tree.text))}`;
    const previous = usablePrevious(options?.previous?.reuse, key, enabled, moduleContext);
    // The statements (and below, their starts) of the analysis before when they are the same: kept, not
    // listed anew, so that an edit in a comment or after the last statement lists nothing per statement.
    const sameStatements = !!previous && isStatementList(previous.statements, root.children);
    const statements = sameStatements ? previous.statements : root.children.filter((c) => c.type !== 'comment');
    const index = positionsIn(root.children);
    // Statements taken over out of their order (a line moved up or down, a cell moved): a record's reads
    // keep only their place relative to its own statement, not to each other (an import moved below the
    // assignment that used it, both still before the reader), so a record that read anything outside its
    // own statement is made again.
    let moved = false;
    if (previous && previousModel && !sameStatements) {
      if (around) model!.carryValuesFrom(previousModel, around.retained, around);
      else {
        const retained = retainedInOrder(previous.statements, statements);
        if (retained) model!.carryValuesFrom(previousModel, retained);
        else moved = true;
      }
    }
    // With the same statements, the previous analysis's records are kept as they are (the same map, not
    // changed: copied when a record differs), so that an edit in a comment or after the last statement
    // makes no map of every statement. With the statements around the edit taken over (a prefix and a
    // suffix: `around`), the previous analysis's map is taken and changed in place (records kept stay,
    // those of the removed statements go): copying it set every statement's record again, a fifth of a
    // 10,000-line module's mid-file keystroke outside the rules.
    const recordsInPlace = !!previous && !sameStatements && !!around;
    let records: Map<SyntaxNode, StatementRecord> | undefined = sameStatements ? undefined : recordsInPlace ? takeRecords(previous) : new Map();
    const ownRecords = (): Map<SyntaxNode, StatementRecord> => (records ??= new Map(previous!.records));
    // A top-level comment is walked only when a rule asks for comments: it holds nothing else, and it has no record.
    const checksComments = dispatch.has('comment');
    // With the other statements taken over in order, the records an edit can have changed are those that
    // read what it removed, rebound or changed (readers.ts); the others are kept without asking anything
    // again. Otherwise (statements moved, or what a changed statement binds not known) each is checked.
    const rebound = previous && !sameStatements ? model!.reboundNames() : undefined;
    const readers = previous && (sameStatements || rebound) ? takeReaders(previous) : undefined;
    const removed = rebound ? model!.predecessor!.removed : [];
    const reached = rebound ? readers!.reachedBy(removed, rebound, (fact) => model!.fact(fact), (query) => model!.answersChanged(query)) : undefined;
    /** Records of the previous analysis not kept, and records made now: how `readers` changes. */
    const dropped: StatementRecord[] = [];
    const made: StatementRecord[] = [];
    // The module's own rules (those that ask for the module node) run first, as in a whole walk. They
    // read the whole module: their findings are kept only while every statement is the same object at
    // the same offset. They record too, so that the values they compute carry read sets for statements.
    const samePlaces = sameStatements && atStarts(statements, previous.starts);
    const starts = samePlaces ? previous.starts : statements.map((statement) => statement.start);
    if (samePlaces) refittedBefore = previous.refitted;
    let moduleFindings: Finding[] | undefined;
    let moduleFiles: ReadonlyMap<string, string> | undefined;
    if (previous?.moduleFindings && samePlaces && sameFiles(previous.moduleFiles)) {
      moduleFindings = [...previous.moduleFindings];
      moduleFiles = previous.moduleFiles;
      raw.push(...moduleFindings);
    } else {
      const moduleReads = new ReadSet();
      model!.beginReads(moduleReads);
      try {
        check(root);
      } finally {
        model!.endReads();
      }
      if (!moduleReads.orderSensitive) moduleFindings = raw.slice();
      moduleFiles = moduleReads.files;
    }
    // A rule that reaches the whole module through the root's children reads every statement.
    const children = root.children;
    tree.onRootRead = () => model!.recordWholeModule();
    Object.defineProperty(root, 'children', { get: () => (model!.recordWholeModule(), children), configurable: true, enumerable: true });
    try {
      // Indexed loops here and below: this function runs once per keystroke and rarely gets optimized, and
      // unoptimized for-of allocates an iterator and a result per element (a third of an end edit's garbage).
      const checkRecord = (record: StatementRecord, statement: SyntaxNode) => {
        if (!sameStatements) checked++;
        if (moved && (record.statements.size || record.names.size)) return false;
        return stillValid(record, statement, index, model!, sameStatements);
      };
      // A record the edit's changes do not reach read the same statements, names and facts, and the same
      // answers to the queries that tell what changed: what is left to ask is its other node queries (and
      // its files, and whether it read the whole module).
      const valid = (record: StatementRecord, statement: SyntaxNode) =>
        reached
          ? !reached.has(record) && sameFiles(record.files) && (!readers!.checkedOneByOne.has(record) || (checked++, !record.wholeModule && sameAnswers(record, index, model!)))
          : sameFiles(record.files) && checkRecord(record, statement);
      for (let s = 0; s < children.length; s++) {
        const statement = children[s];
        if (!checksComments && statement.type === 'comment') {
          comments.push(statement);
          continue;
        }
        const old = previous?.records.get(statement);
        // A record is made only for a statement that starts its line (cacheable); an edit before it on its
        // line (a line break become `;`, `return ` typed before it) leaves it the same object at the same
        // offset, but rules read that text (SM606 withholds its import fix there).
        if (old && startsItsLine(statement, tree.text) && valid(old, statement)) {
          const delta = statement.start - old.start;
          const { findings, comments: oldComments, fStrings: oldFStrings } = old;
          for (let i = 0; i < findings.length; i++) raw.push(delta ? moveFinding(findings[i], delta) : findings[i]);
          for (let i = 0; i < oldComments.length; i++) comments.push(oldComments[i]);
          for (let i = 0; i < oldFStrings.length; i++) fStrings.push(oldFStrings[i]);
          // The record keeps the offsets its findings were made at; each reuse moves them from there.
          // (A map taken in place holds it already.)
          if (!recordsInPlace) records?.set(statement, old);
          reused++;
          continue;
        }
        if (old) dropped.push(old);
        const reads = new ReadSet();
        const firstFinding = raw.length;
        const ownComments: SyntaxNode[] = [];
        const ownFStrings: SyntaxNode[] = [];
        walkFrom(statement, reads, ownComments, ownFStrings);
        for (const c of ownComments) comments.push(c);
        for (const f of ownFStrings) fStrings.push(f);
        const findings = raw.slice(firstFinding);
        if (statement.type !== 'comment' && cacheable(statement, findings, reads, tree.text)) {
          const record = recordOf(statement, findings, ownComments, ownFStrings, reads, index, model!);
          ownRecords().set(statement, record);
          made.push(record);
        } else if (old) ownRecords().delete(statement);
      }
    } finally {
      Object.defineProperty(root, 'children', { value: children, writable: true, configurable: true, enumerable: true });
      tree.onRootRead = undefined;
      model!.endCarry();
      model!.finishRecording();
    }
    // A rule that failed stops running for the rest of a whole walk; reused findings of later statements
    // would not. Such an analysis is made again from scratch, and nothing of it is kept.
    if (ruleErrors.length && reused) return analyze(tree, settings, lines, { ...options, previous: undefined });
    if (!ruleErrors.length) {
      if (readers) {
        for (const statement of removed) {
          const old = previous!.records.get(statement);
          if (old) readers.remove(old);
        }
        for (const old of dropped) readers.remove(old);
        for (const record of made) readers.add(record);
      }
      // (After the readers' removal above, which looks the removed statements' records up in this map.)
      if (recordsInPlace) for (const statement of around!.removed) records!.delete(statement);
      // A map shared with the analysis before is handed on too: a later analysis may change it in place.
      reuse = { key, rules: enabled, moduleContext, statements, records: records ?? takeRecords(previous!), moduleFindings, moduleFiles, starts, readers };
    }
  }

  // Fixes write code that Python 3.9-3.11 must parse too: inside f-string replacement fields, quotes are
  // swapped or the fix is withdrawn (fstringFields.ts).
  // Only the f-strings that hold an edit of some fix are read (a fix writes into a field only there): a
  // mid-file keystroke found the fields of every f-string of the module again.
  const fields = fStrings.length && raw.some((f) => f.fix || f.moreFixes) ? fStringFields(stringsHoldingEdits(fStrings, raw), tree.text) : undefined;
  let refitted: Map<Finding, Finding> | undefined;
  if (fields?.length) {
    for (let i = 0; i < raw.length; i++) {
      const finding = raw[i];
      if (!finding.fix && !finding.moreFixes) continue;
      const fix = finding.fix && fitFixToFStrings(finding.fix, fields);
      const moreFixes = finding.moreFixes?.map((f) => fitFixToFStrings(f, fields)).filter((f): f is Fix => !!f);
      // Unchanged by the fitting (most are), the finding stays the same object, so its finished form
      // can be taken over from the analysis before (below).
      if (fix === finding.fix && (!moreFixes || sameNodes(moreFixes, finding.moreFixes!))) continue;
      // At the same place as in the analysis before, the same finding fits as it did: the object made then is kept.
      const fitted = refittedBefore?.get(finding) ?? { ...finding, fix, ...(moreFixes ? { moreFixes } : {}) };
      (refitted ??= new Map()).set(finding, fitted);
      raw[i] = fitted;
    }
  }

  const directives = collectNoqa(comments, tree, lines);
  // In the published order (by offset, then code; codes are all of one form, SM and three digits, so
  // compared as plain strings, the order localeCompare gave). The sort is stable: of findings with the
  // same code and span, the first reported is kept (below), as before sorting.
  raw.sort(byPlace);
  const findings: AnalyzedFinding[] = [];
  // A finding reused unchanged (the same object as in the analysis before: its statement was taken over
  // at the same offset) keeps its finished form too when its noqa line and edit come out the same:
  // building them anew for every finding was most of an edit's post-processing, and the unchanged
  // objects let the publication skip what it already made of them.
  const before = reuse ? options?.previous?.reuse?.finished : undefined;
  /** The finding each of `findings` was finished from. */
  const finishedFrom: Finding[] | undefined = reuse ? [] : undefined;
  let allAsBefore = !!before;
  for (let i = 0; i < raw.length; i++) {
    const finding = raw[i];
    if (reportedBefore(raw, i)) continue;
    const startLine = lines.lineAt(finding.start);
    const line = noqaLine(tree, lines, finding.start, startLine);
    if (isSuppressed(directives, finding.code, startLine, line)) continue;
    const earlier = before?.get(finding);
    const edit = noqaEdit(tree, lines, directives, finding.code, line, earlier?.noqaEdit);
    const analyzed = earlier && earlier.noqaLine === line && earlier.noqaEdit === edit ? earlier : finishedFinding(finding, line, edit);
    if (analyzed !== earlier) allAsBefore = false;
    finishedFrom?.push(finding);
    findings.push(analyzed);
  }
  if (reuse && finishedFrom) {
    // Every finding finished as before, and no other: the map before is this one (an edit that changes no
    // finding makes none).
    let finished = before;
    if (!allAsBefore || before!.size !== findings.length) {
      const made = new Map<Finding, AnalyzedFinding>();
      for (let i = 0; i < findings.length; i++) made.set(finishedFrom[i], findings[i]);
      finished = made;
    }
    reuse = { ...reuse, finished, refitted };
  }
  const filesRead = scripts ? [...scripts.pathsRead] : [];
  return { tree, lines, model, findings, ruleErrors, filesRead, ...(reuse ? { reuse } : {}), ...(options?.previous ? { reusedStatements: reused, checkedStatements: checked } : {}) };
}

/**
 * The strings among `strings` (in document order, as the walk found them) within which some fix of `findings`
 * starts an edit: an edit inside a replacement field starts inside its string.
 */
function stringsHoldingEdits(strings: readonly SyntaxNode[], findings: readonly Finding[]): SyntaxNode[] {
  const starts: number[] = [];
  const add = (fix: Fix | undefined) => {
    if (fix) for (let i = 0; i < fix.edits.length; i++) starts.push(fix.edits[i].start);
  };
  for (let i = 0; i < findings.length; i++) {
    add(findings[i].fix);
    const more = findings[i].moreFixes;
    if (more) for (let k = 0; k < more.length; k++) add(more[k]);
  }
  starts.sort((a, b) => a - b);
  const holding: SyntaxNode[] = [];
  for (let i = 0; i < strings.length; i++) {
    const string = strings[i];
    // The first edit start at or after the string's start.
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (starts[middle] < string.start) low = middle + 1;
      else high = middle;
    }
    if (low < starts.length && starts[low] <= string.end) holding.push(string);
  }
  return holding;
}

function byPlace(a: Finding, b: Finding): number {
  return a.start - b.start || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

/** Whether a finding of the same code and span comes before `raw[i]` (sorted by place: among those of its offset and code). */
function reportedBefore(raw: readonly Finding[], i: number): boolean {
  const finding = raw[i];
  for (let j = i - 1; j >= 0; j--) {
    const other = raw[j];
    if (other.start !== finding.start || other.code !== finding.code) return false;
    if (other.end === finding.end) return true;
  }
  return false;
}

function reuseKey(settings: Settings, environment: SdkEnvironment | undefined, scripts: ScriptAccess | undefined): string {
  return JSON.stringify([settings, environment ?? null, scripts ?? null]);
}

/**
 * The previous analysis's index of who read what, for this analysis to update and hand on: the previous
 * one keeps none (analysed again from it, it builds one from its records).
 */
function takeReaders(previous: ReuseState): Readers<StatementRecord> {
  const readers = previous.readers ?? Readers.of(previous.records.values());
  previous.readers = undefined;
  return readers;
}

/**
 * The previous analysis's records, for this analysis to change in place and hand on: the previous one
 * is spent (usablePrevious turns it away), as its tree is (reconversion takes its statements over).
 */
function takeRecords(previous: ReuseState): Map<SyntaxNode, StatementRecord> {
  previous.recordsTaken = true;
  return previous.records;
}

function usablePrevious(previous: ReuseState | undefined, key: string, rules: readonly Rule[], moduleContext: string): ReuseState | undefined {
  if (!previous || previous.recordsTaken || previous.key !== key || previous.moduleContext !== moduleContext || !sameNodes(previous.rules, rules)) return undefined;
  return previous;
}

/**
 * The top-level children an edit replaced, when the ones before and after them were taken over as they
 * were (a common prefix and suffix of the two lists, which is how reconversion takes statements over):
 * found by comparing from both ends, without a set of every statement. Undefined when a child of the
 * middle was taken over too (moved, or matched by its text): retainedInOrder decides then.
 */
export function aroundEdit(before: readonly SyntaxNode[], now: readonly SyntaxNode[]): { retained: TakenOver; removed: SyntaxNode[]; added: SyntaxNode[] } | undefined {
  const shorter = Math.min(before.length, now.length);
  let prefix = 0;
  while (prefix < shorter && before[prefix] === now[prefix]) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && before[before.length - 1 - suffix] === now[now.length - 1 - suffix]) suffix++;
  const removed = before.slice(prefix, before.length - suffix);
  const added = now.slice(prefix, now.length - suffix);
  const gone = new Set(removed);
  if (added.some((child) => gone.has(child))) return undefined;
  // Every other child of `before` is in the prefix or the suffix: taken over, in the same order.
  return { retained: { has: (statement) => !gone.has(statement) }, removed, added };
}

/**
 * The statements of `now` that were in `before`, when they are in the same order in both (a statement
 * moved past another one changes which bindings reach it, so then none is: undefined).
 */
function retainedInOrder(before: readonly SyntaxNode[], now: readonly SyntaxNode[]): Set<SyntaxNode> | undefined {
  const at = new Map<SyntaxNode, number>();
  before.forEach((statement, i) => at.set(statement, i));
  const retained = new Set<SyntaxNode>();
  let last = -1;
  for (const statement of now) {
    const i = at.get(statement);
    if (i === undefined) continue;
    if (i < last) return undefined;
    last = i;
    retained.add(statement);
  }
  return retained;
}

/** Whether `statements` are the children of `children` other than comments, in order. */
function isStatementList(statements: readonly SyntaxNode[], children: readonly SyntaxNode[]): boolean {
  let k = 0;
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    if (child.type === 'comment') continue;
    if (statements[k] !== child) return false;
    k++;
  }
  return k === statements.length;
}

/** Whether each statement starts where `starts` says. */
function atStarts(statements: readonly SyntaxNode[], starts: readonly number[]): boolean {
  if (statements.length !== starts.length) return false;
  for (let i = 0; i < statements.length; i++) if (statements[i].start !== starts[i]) return false;
  return true;
}

function sameNodes<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether a statement's findings can be kept: all of them inside it, and nothing read order-dependently. */
function cacheable(statement: SyntaxNode, findings: readonly Finding[], reads: ReadSet, text: string): boolean {
  if (reads.orderSensitive || statement.containsError || !startsItsLine(statement, text)) return false;
  const inside = (start: number, end: number) => start >= statement.start && end <= statement.end;
  const fixInside = (fix: Fix | undefined) => !fix || fix.edits.every((e) => inside(e.start, e.end));
  return findings.every((f) => inside(f.start, f.end) && fixInside(f.fix) && (f.moreFixes ?? []).every(fixInside));
}

/** Whether only white space precedes the statement on its line: `a = 1; b = 2` shares the line's text. */
function startsItsLine(statement: SyntaxNode, text: string): boolean {
  for (let i = statement.start - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
    if (c !== 32 && c !== 9 && c !== 12) return false;
  }
  return true;
}

/**
 * A record per top-level statement is kept for the next analysis, and most read nothing outside their
 * statement and hold no finding, comment or f-string: they share these empty collections. An empty Map
 * costs about 300 bytes, and a 50,000-line module has 20,000 statements.
 */
const NO_NODES: readonly SyntaxNode[] = [];
const NO_FINDINGS: readonly Finding[] = [];

/**
 * The other statements a record read, as one flat array of each statement followed by whether it was
 * before the record's own; like NamesRead, an array instead of a Map (whose hash table alone takes
 * 150 bytes) for the 20,000 records of a 50,000-line module.
 */
class StatementsRead {
  constructor(
    /** [statement, before, statement, before, ...] */
    readonly flat: readonly (SyntaxNode | boolean)[],
  ) {}

  get size(): number {
    return this.flat.length / 2;
  }

  *keys(): IterableIterator<SyntaxNode> {
    for (let i = 0; i < this.flat.length; i += 2) yield this.flat[i] as SyntaxNode;
  }
}

/**
 * The module names a record looked up, each with the statements that bound it then and whether each was
 * before the record's own, as one flat array: [name, count, statement, before, ... (count pairs), name, ...].
 * As a Map of lists of objects they took 430 bytes a record on average, 8.4 MB of the edited 50,000-line
 * module's heap (a heap snapshot); most records look up one name bound once.
 */
class NamesRead {
  constructor(
    readonly flat: readonly (string | number | SyntaxNode | boolean)[],
    readonly size: number,
  ) {}

  *keys(): IterableIterator<string> {
    for (let i = 0; i < this.flat.length; i += 2 + 2 * (this.flat[i + 1] as number)) yield this.flat[i] as string;
  }
}

const NO_STATEMENTS = new StatementsRead([]);
const NO_NAMES = new NamesRead([], 0);
const NO_FACTS: ReadonlyMap<ModuleFact<string | number | boolean>, string | number | boolean> = new Map();
const NO_FILES: ReadonlyMap<string, string> = new Map();
const NO_QUERIES: ReadonlyMap<NodeQuery<string | number | boolean>, ReadonlyMap<SyntaxNode, string | number | boolean>> = new Map();

/** Where each top-level statement of the module is, among the root's children. */
interface StatementPositions {
  /** The statement's index, or undefined for a node that is not one of them (a statement an edit removed). */
  get(statement: SyntaxNode): number | undefined;
  has(statement: SyntaxNode): boolean;
}

/** The positions of `children` read from the nodes' own indexes (kept right by reconversion): no map per analysis. */
function positionsIn(children: readonly SyntaxNode[]): StatementPositions {
  const has = (statement: SyntaxNode) => children[statement.index] === statement;
  return { has, get: (statement) => (has(statement) ? statement.index : undefined) };
}

function recordOf(statement: SyntaxNode, findings: readonly Finding[], comments: readonly SyntaxNode[], fStrings: readonly SyntaxNode[], reads: ReadSet, index: StatementPositions, model: SemanticModel): StatementRecord {
  const at = index.get(statement)!;
  // (A read set holds each statement and name once.)
  let statements: (SyntaxNode | boolean)[] | undefined;
  for (const other of reads.statements) {
    if (other !== statement) (statements ??= []).push(other, (index.get(other) ?? -1) < at);
  }
  let names: (string | number | SyntaxNode | boolean)[] | undefined;
  let nameCount = 0;
  for (const name of reads.names) {
    const bindings = model.moduleBindings(name);
    (names ??= []).push(name, bindings.length);
    for (const binding of bindings) names.push(binding, (index.get(binding) ?? -1) < at);
    nameCount++;
  }
  return {
    start: statement.start,
    findings: findings.length ? findings : NO_FINDINGS,
    comments: comments.length ? comments : NO_NODES,
    fStrings: fStrings.length ? fStrings : NO_NODES,
    // Copied to their exact lengths: an array that was pushed to keeps spare room (17 slots after the first push).
    statements: statements ? new StatementsRead(statements.slice()) : NO_STATEMENTS,
    names: names ? new NamesRead(names.slice(), nameCount) : NO_NAMES,
    files: reads.files ?? NO_FILES,
    facts: reads.facts ?? NO_FACTS,
    queries: reads.queries ?? NO_QUERIES,
    wholeModule: reads.wholeModule,
    readsText: reads.text,
  };
}

/** Whether everything a statement's checks read is as it was. */
function stillValid(record: StatementRecord, statement: SyntaxNode, index: StatementPositions, model: SemanticModel, sameStatements: boolean): boolean {
  // The same statements (objects, so texts) in the same order: every read gives what it gave, since no
  // fact, query or lookup answers from comments or offsets. Nothing needs asking again, unless the checks
  // read the text itself.
  if (sameStatements) return !record.readsText;
  if (record.wholeModule) return false;
  const at = index.get(statement)!;
  const read = record.statements.flat;
  for (let r = 0; r < read.length; r += 2) {
    const i = index.get(read[r] as SyntaxNode);
    if (i === undefined || i < at !== read[r + 1]) return false;
  }
  for (const [fact, value] of record.facts) if (model.fact(fact) !== value) return false;
  if (!sameAnswers(record, index, model)) return false;
  const names = record.names.flat;
  for (let n = 0; n < names.length; n += 2 + 2 * (names[n + 1] as number)) {
    // While values are carried, statements are taken over in order: a name the edit did not rebind has the
    // same binding statements on the same side of this (taken over) statement.
    const name = names[n] as string;
    if (model.bindsAsBefore(name)) continue;
    const now = model.moduleBindings(name);
    if (now.length !== names[n + 1]) return false;
    for (let k = 0; k < now.length; k++) {
      const i = index.get(now[k]);
      if (now[k] !== names[n + 2 + 2 * k] || i === undefined || i < at !== names[n + 3 + 2 * k]) return false;
    }
  }
  return true;
}

/** Whether every node query a statement's checks asked gives the same answer now. */
function sameAnswers(record: StatementRecord, index: StatementPositions, model: SemanticModel): boolean {
  for (const [query, answers] of record.queries) {
    for (const [node, answer] of answers) {
      // The node is in this tree only if its statement was taken over unchanged.
      if (!index.has(topLevelStatement(node)) || model.ask(query, node) !== answer) return false;
    }
  }
  return true;
}

// The two functions below build findings field by field, in the order context.report gives them (moreFixes
// only when there are some), instead of spreading them: findings come in several shapes, and V8 copies a
// spread of such objects by its generic path, about 50 times slower. A mid-file edit moves about half the
// module's findings (every one after the edit) and finishes each again.

function moveFinding(finding: Finding, delta: number): Finding {
  const moveFix = (fix: Fix): Fix => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, start: e.start + delta, end: e.end + delta })) });
  const { code, message, severity } = finding;
  const start = finding.start + delta;
  const end = finding.end + delta;
  const fix = finding.fix && moveFix(finding.fix);
  return finding.moreFixes === undefined ? { code, message, start, end, severity, fix } : { code, message, start, end, severity, fix, moreFixes: finding.moreFixes.map(moveFix) };
}

/** A finding with the line its `# noqa` comment goes on and the edit that adds it. */
function finishedFinding(finding: Finding, noqaLine: number, noqaEdit: TextEdit): AnalyzedFinding {
  const { code, message, start, end, severity, fix, moreFixes } = finding;
  return moreFixes === undefined
    ? { code, message, start, end, severity, fix, noqaLine, noqaEdit }
    : { code, message, start, end, severity, fix, moreFixes, noqaLine, noqaEdit };
}

export type { Finding, Fix, Severity, NoqaDirective };
