import type { SyntaxNode } from '../parse/syntaxNode';
import { ModuleFact, NodeQuery, topLevelStatement } from '../semantic/reads';
import { OneOrMore, addAll, addTo, removeFrom } from '../semantic/oneOrMore';

type AnyFact = ModuleFact<string | number | boolean>;
type AnyQuery = NodeQuery<string | number | boolean>;
type FactValue = string | number | boolean;

/** What one reused statement's rule checks read (the parts of analyze's StatementRecord this index needs). */
export interface RecordedReads {
  /** Other top-level statements read. */
  readonly statements: { readonly size: number; keys(): Iterable<SyntaxNode> };
  /** Module names looked up. */
  readonly names: { readonly size: number; keys(): Iterable<string> };
  /** Module facts read, with their values then. */
  readonly facts: ReadonlyMap<AnyFact, FactValue>;
  /** Node queries asked, with the nodes asked about (answers are known by asking again, or from changedSince). */
  readonly queries: ReadonlyMap<AnyQuery, ReadonlyMap<SyntaxNode, unknown>>;
  readonly files: ReadonlyMap<string, string>;
  readonly wholeModule: boolean;
}

/**
 * Which statement records read which top-level statement, module name and module fact: the reverse of
 * what each record holds. An edit that keeps the other statements in order changes three things only:
 * the statements it removed, the names those and the added ones bind, and module facts whose value
 * changed. A record that read none of these reads the same now; the records that did are exactly the ones
 * to run again. So an edit looks up the few records its changes reach instead of checking every record
 * of the module (a 2,000-line module has about 800).
 *
 * Records that read files or the whole module, or asked node queries that cannot tell which answers an
 * edit changed, can only be judged by asking again: they are listed apart, and checked one by one as
 * before. A query that can tell (NodeQuery.changedSince) is indexed by the nodes asked about: the records
 * that asked about a node whose answer may have changed, or about a node in a statement the edit removed,
 * are run again; the others keep their answers without asking.
 *
 * One index serves a chain of analyses: each one updates it by the records it dropped and made, and
 * hands it to the next (the analysis before it then no longer has one; see `take`).
 */
export class Readers<R extends RecordedReads> {
  // One record, or a Set of them: most statements and names are read by one record, and a Set costs
  // about 150 bytes (2 MB of the 50,000-line module's 14,000 entries).
  private readonly byStatement = new Map<SyntaxNode, OneOrMore<R>>();
  private readonly byName = new Map<string, OneOrMore<R>>();
  private readonly byFact = new Map<AnyFact, { value: FactValue; records: Set<R> }>();
  private readonly byQuery = new Map<AnyQuery, Map<SyntaxNode, OneOrMore<R>>>();
  /**
   * The statements holding the nodes a record asked indexed queries about, when it was added: a node of a
   * replaced block may be taken over under a new parent, so they are not looked up again on removal. An
   * index built from the records at the first edit (`of`) adds them after that edit's parse, so the
   * statement may be the one a node was taken over into: no harm, since the indexed queries' answers
   * depend on the node and the whole module, which `reachedBy` asks about, not on the statement.
   */
  private readonly queryStatements = new Map<R, SyntaxNode[]>();
  /** Records checked one by one (node queries, files, the whole module, a fact read with another value). */
  readonly checkedOneByOne = new Set<R>();

  static of<R extends RecordedReads>(records: Iterable<R>): Readers<R> {
    const readers = new Readers<R>();
    for (const record of records) readers.add(record);
    return readers;
  }

  add(record: R): void {
    let oneByOne = record.files.size > 0 || record.wholeModule;
    if (record.queries.size) {
      let statements: SyntaxNode[] | undefined;
      for (const [query, answers] of record.queries) {
        if (!query.changedSince) {
          oneByOne = true;
          continue;
        }
        let nodes = this.byQuery.get(query);
        if (!nodes) this.byQuery.set(query, (nodes = new Map()));
        for (const node of answers.keys()) {
          addTo(nodes, node, record);
          const statement = topLevelStatement(node);
          (statements ??= []).push(statement);
          addTo(this.byStatement, statement, record);
        }
      }
      if (statements) this.queryStatements.set(record, statements);
    }
    if (oneByOne) this.checkedOneByOne.add(record);
    for (const statement of record.statements.keys()) addTo(this.byStatement, statement, record);
    for (const name of record.names.keys()) addTo(this.byName, name, record);
    for (const [fact, value] of record.facts) {
      const entry = this.byFact.get(fact);
      if (!entry) this.byFact.set(fact, { value, records: new Set([record]) });
      else if (entry.value === value) entry.records.add(record);
      // (Records made while the fact had another value: each is judged on its own.)
      else this.checkedOneByOne.add(record);
    }
  }

  remove(record: R): void {
    this.checkedOneByOne.delete(record);
    const statements = this.queryStatements.get(record);
    if (statements) {
      this.queryStatements.delete(record);
      for (const statement of statements) removeFrom(this.byStatement, statement, record);
      for (const [query, answers] of record.queries) {
        const nodes = this.byQuery.get(query);
        if (!nodes) continue;
        for (const node of answers.keys()) removeFrom(nodes, node, record);
        if (!nodes.size) this.byQuery.delete(query);
      }
    }
    for (const statement of record.statements.keys()) removeFrom(this.byStatement, statement, record);
    for (const name of record.names.keys()) removeFrom(this.byName, name, record);
    for (const fact of record.facts.keys()) {
      const entry = this.byFact.get(fact);
      if (!entry) continue;
      entry.records.delete(record);
      if (!entry.records.size) this.byFact.delete(fact);
    }
  }

  /** Every record the index holds (for tests: they must be the analysis's records that read anything). */
  indexed(): Set<R> {
    const all = new Set<R>(this.checkedOneByOne);
    for (const map of [this.byStatement, this.byName, ...this.byQuery.values()]) for (const records of map.values()) addAll(all, records);
    for (const { records } of this.byFact.values()) for (const record of records) all.add(record);
    return all;
  }

  /**
   * The records that read a removed statement, a name bound by a removed or added statement, or a
   * module fact whose value is now another (`factNow` gives the value in the analysis now), or asked an
   * indexed query about a node whose answer may now be another (`answersChanged`: undefined when that is
   * not known, and then every record that asked it is reached).
   */
  reachedBy(
    removed: Iterable<SyntaxNode>,
    rebound: Iterable<string>,
    factNow: (fact: AnyFact) => FactValue,
    answersChanged: (query: AnyQuery) => Iterable<SyntaxNode> | undefined,
  ): Set<R> {
    const reached = new Set<R>();
    for (const [query, nodes] of this.byQuery) {
      const changed = answersChanged(query);
      // (Looked up by the few nodes whose answers may have changed, not by testing every node asked about.)
      if (changed) for (const node of changed) addAll(reached, nodes.get(node));
      else for (const records of nodes.values()) addAll(reached, records);
    }
    for (const statement of removed) addAll(reached, this.byStatement.get(statement));
    for (const name of rebound) addAll(reached, this.byName.get(name));
    for (const [fact, entry] of this.byFact) if (factNow(fact) !== entry.value) for (const record of entry.records) reached.add(record);
    return reached;
  }
}

