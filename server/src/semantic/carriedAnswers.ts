import type { SyntaxNode } from '../parse/syntaxNode';
import { ModuleFact, ReadSet, topLevelStatement } from './reads';
import { OneOrMore, addAll, addTo, removeFrom } from './oneOrMore';

type AnyFact = ModuleFact<string | number | boolean>;
type FactValue = string | number | boolean;

/** One answer of SemanticModel.carriedMemo, with what computing it read (undefined: computed while nothing recorded). */
export interface CarriedEntry {
  readonly table: object;
  readonly node: SyntaxNode;
  readonly answer: unknown;
  readonly reads?: ReadSet;
}

/** The entries under one key of the index: most keys have one, held without a set (a 50,000-line module has tens of thousands). */
type Bucket = OneOrMore<CarriedEntry>;

/**
 * The answers of one model's carriedMemo tables, indexed by what each read: the top-level statements
 * (and the statement holding the node it answers for), the module names and the module facts with their
 * values. The model of the next version takes the whole store over when it knows which names the edit
 * rebinds: it drops the answers that read a statement the edit removed, a name it rebinds or a fact whose
 * value is now another, and those that may not be carried at all (they read the whole module, a node
 * query or a file, or depended on evaluation order). What is left holds as it is: the conditions are those
 * under which an answer is carried one by one (SemanticModel.stillHolds), so a keystroke drops a few
 * answers instead of checking and copying every one of them (about a thousand in a 2,000-line pipeline
 * module, most of a mid-file edit's pipeline graph).
 */
export class CarriedAnswers {
  private readonly tables = new Map<object, Map<SyntaxNode, CarriedEntry>>();
  private readonly byStatement = new Map<SyntaxNode, Bucket>();
  private readonly byName = new Map<string, Bucket>();
  private readonly byFact = new Map<AnyFact, Map<FactValue, Bucket>>();
  /** Entries that can never be carried, dropped when the store is taken over. */
  private readonly notCarried = new Set<CarriedEntry>();
  /**
   * The statement that held each indexed entry's node when it was indexed: a node of a replaced block may
   * be taken over under a new parent, so it is not looked up again to drop the entry. The index is built at
   * the first edit, after its parse, so this may be the statement a node was taken over into; the entries
   * dropped by statement (the walk answers) record their own statement among their reads, and a step's
   * information is reused only while its value is the same object.
   */
  private readonly statements = new Map<CarriedEntry, SyntaxNode>();

  /**
   * Whether the index is built: only once the store is taken over (carryOver), so that an analysis with
   * no version after it (the first of a document, the command line) pays nothing for it.
   */
  private indexed = false;
  private count = 0;

  get(table: object, node: SyntaxNode): CarriedEntry | undefined {
    return this.tables.get(table)?.get(node);
  }

  set(entry: CarriedEntry): void {
    const { table, node } = entry;
    let answers = this.tables.get(table);
    if (!answers) this.tables.set(table, (answers = new Map()));
    const old = answers.get(node);
    if (old && this.indexed) this.drop(old);
    else if (old) {
      answers.delete(node);
      this.count--;
    }
    answers.set(node, entry);
    this.count++;
    if (this.indexed) this.index(entry);
  }

  /**
   * Keeps only the answers that hold in the model after an edit that removed `removed` (top-level
   * statements of the model before; the others were taken over unchanged, in order) and rebinds `rebound`
   * at module level, with `factNow` giving each module fact's value after it. Returns the answers dropped.
   */
  carryOver(removed: readonly SyntaxNode[], rebound: ReadonlySet<string>, factNow: (fact: AnyFact) => FactValue): ReadonlySet<CarriedEntry> {
    if (!this.indexed) {
      this.indexed = true;
      for (const answers of this.tables.values()) for (const entry of answers.values()) this.index(entry);
    }
    const stale = new Set<CarriedEntry>(this.notCarried);
    for (const statement of removed) addAll(stale, this.byStatement.get(statement));
    for (const name of rebound) addAll(stale, this.byName.get(name));
    for (const [fact, byValue] of this.byFact) {
      const now = factNow(fact);
      for (const [value, entries] of byValue) if (value !== now) addAll(stale, entries);
    }
    for (const entry of stale) this.drop(entry);
    return stale;
  }

  private index(entry: CarriedEntry): void {
    const reads = entry.reads;
    if (!carriable(reads)) {
      this.notCarried.add(entry);
      return;
    }
    const statement = topLevelStatement(entry.node);
    this.statements.set(entry, statement);
    addTo(this.byStatement, statement, entry);
    for (const read of reads.statements) addTo(this.byStatement, read, entry);
    for (const name of reads.names) addTo(this.byName, name, entry);
    if (reads.facts) {
      for (const [fact, value] of reads.facts) {
        let byValue = this.byFact.get(fact);
        if (!byValue) this.byFact.set(fact, (byValue = new Map()));
        addTo(byValue, value, entry);
      }
    }
  }

  /** How many answers the store holds (for tests). */
  get size(): number {
    return this.count;
  }

  private drop(entry: CarriedEntry): void {
    const answers = this.tables.get(entry.table);
    if (answers?.get(entry.node) === entry) {
      answers.delete(entry.node);
      this.count--;
    }
    if (this.notCarried.delete(entry)) return;
    const statement = this.statements.get(entry);
    if (!statement) return;
    this.statements.delete(entry);
    const reads = entry.reads!;
    removeFrom(this.byStatement, statement, entry);
    for (const read of reads.statements) removeFrom(this.byStatement, read, entry);
    for (const name of reads.names) removeFrom(this.byName, name, entry);
    if (reads.facts) {
      for (const [fact, value] of reads.facts) {
        const byValue = this.byFact.get(fact);
        if (!byValue) continue;
        removeFrom(byValue, value, entry);
        if (!byValue.size) this.byFact.delete(fact);
      }
    }
  }
}

/** Whether an answer computed with these reads may be carried to another model at all (see SemanticModel.stillHolds). */
function carriable(reads: ReadSet | undefined): reads is ReadSet {
  return !!reads && !reads.wholeModule && !reads.orderSensitive && !reads.queries?.size && !reads.files?.size;
}

