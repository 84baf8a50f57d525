import type { SyntaxNode } from '../parse/syntaxNode';
import type { Predecessor, SemanticModel } from './model';

/**
 * A fact of the whole module with a plain value (the SDK generation its imports mean, whether it ever
 * assigns `x.sagemaker_session`). Whoever reads it depends on its value only: the next analysis
 * computes it again and keeps the reader's findings when the value is the same.
 */
export interface ModuleFact<V extends string | number | boolean> {
  readonly name: string;
  compute(model: SemanticModel): V;
  /**
   * Whether an edit leaves the value as the model before it computed it (`before`: the statements the
   * edit removed and added, the others taken over unchanged, in order; `was`: that value), known without
   * computing it again: the model then takes that value over. Facts computed from the module's imports or from the
   * statements' own syntax can tell (no import statement, no such statement among those replaced); a
   * mid-file keystroke then computes none of them again (each walked every import or statement).
   */
  unchangedBy?(model: SemanticModel, before: Predecessor, was: V): boolean;
}

type AnyFact = ModuleFact<string | number | boolean>;

/**
 * A question about one node whose answer may depend on the whole module (does this call reach a
 * pipeline?). A reader depends on the answer only: the next analysis asks again, for the same node
 * object (still in the tree only while its statement is unchanged), and keeps the reader's findings
 * when the answer is the same.
 */
export interface NodeQuery<V extends string | number | boolean> {
  readonly name: string;
  compute(model: SemanticModel, node: SyntaxNode): V;
  /**
   * Which nodes' answers may differ from those of the model before the edit (`before`: the statements it
   * removed and added, the others taken over unchanged), found without asking about each node: the next
   * analysis then runs again only the readers that asked about one of those, instead of asking again for
   * every node every reader asked about (analysis/readers.ts). Undefined when that is not known: every
   * reader of the query is run again. A query without it is asked again node by node.
   *
   * Given as the nodes themselves (any that may have changed; the others keep their answers), not as a
   * test of each node: an edit changes a few answers, and the readers are looked up by those, instead of
   * testing every node any reader asked about (thousands of calls asked whether they reach a pipeline).
   */
  changedSince?(model: SemanticModel, before: Predecessor): Iterable<SyntaxNode> | undefined;
}

type AnyQuery = NodeQuery<string | number | boolean>;

/**
 * What a computation read outside the statement it ran for: the top-level statements whose nodes it
 * evaluated, the module-level names it looked up, the module facts it asked for, the files outside the
 * module it read, and whether it read the whole module (the statement list, the scope tree, a module-wide index). The analysis reuses a
 * statement's findings only while everything in its read set is unchanged; the model fills these in
 * from its accessors, so a new rule is covered without declaring anything.
 *
 * Most evaluations read one statement and no name, so the first of each is held inline: a read set then
 * allocates nothing more (one is made per evaluated expression).
 */
export class ReadSet {
  private firstStatement?: SyntaxNode;
  private moreStatements?: Set<SyntaxNode>;
  private firstName?: string;
  private moreNames?: Set<string>;
  /** Module facts read, with the value each had. */
  facts?: Map<AnyFact, string | number | boolean>;
  /** Node queries asked, with the answer each had. */
  queries?: Map<AnyQuery, Map<SyntaxNode, string | number | boolean>>;
  /**
   * Files outside the module that were read (a Lambda helper's script), by absolute path, each with the
   * fingerprint of what was read then: reuse needs the file to be the same now, whatever the module does.
   */
  files?: Map<string, string>;
  /** A fact of the whole module was read (any change to the statement list invalidates). */
  wholeModule = false;
  /** The module's text was read beyond its statements (comments): any edit invalidates. Implies wholeModule. */
  text = false;
  /**
   * A recursion or depth guard cut an evaluation short: the answer depends on the order in which
   * questions were asked, so it must not be reused in an analysis that asks them in another order.
   */
  orderSensitive = false;

  // Once the whole module is read, which statements, names, facts and queries were read no longer matter
  // (nothing read from the whole module is reused by them): only files and order sensitivity are kept.
  // Module-wide computations replay the reads of every value they take over into such a set.

  addStatement(statement: SyntaxNode): void {
    if (this.wholeModule || statement === this.firstStatement) return;
    if (!this.firstStatement) this.firstStatement = statement;
    else (this.moreStatements ??= new Set()).add(statement);
  }

  addName(name: string): void {
    if (this.wholeModule || name === this.firstName) return;
    if (this.firstName === undefined) this.firstName = name;
    else (this.moreNames ??= new Set()).add(name);
  }

  addFact(fact: AnyFact, value: string | number | boolean): void {
    if (this.wholeModule) return;
    (this.facts ??= new Map()).set(fact, value);
  }

  addQuery(query: AnyQuery, node: SyntaxNode, answer: string | number | boolean): void {
    if (this.wholeModule) return;
    const queries = (this.queries ??= new Map());
    let answers = queries.get(query);
    if (!answers) queries.set(query, (answers = new Map()));
    answers.set(node, answer);
  }

  /** Whether every statement read passes `test` (without building a list). */
  everyStatement(test: (statement: SyntaxNode) => boolean): boolean {
    if (!this.firstStatement) return true;
    if (!test(this.firstStatement)) return false;
    if (this.moreStatements) for (const s of this.moreStatements) if (!test(s)) return false;
    return true;
  }

  /** Whether every module name looked up passes `test`. */
  everyName(test: (name: string) => boolean): boolean {
    if (this.firstName === undefined) return true;
    if (!test(this.firstName)) return false;
    if (this.moreNames) for (const n of this.moreNames) if (!test(n)) return false;
    return true;
  }

  addFile(file: string, fingerprint: string): void {
    (this.files ??= new Map()).set(file, fingerprint);
  }

  get statements(): SyntaxNode[] {
    if (!this.firstStatement) return [];
    return this.moreStatements ? [this.firstStatement, ...this.moreStatements] : [this.firstStatement];
  }

  get names(): string[] {
    if (this.firstName === undefined) return [];
    return this.moreNames ? [this.firstName, ...this.moreNames] : [this.firstName];
  }

  addAll(other: ReadSet): void {
    if (other.text) this.text = true;
    if (this.wholeModule) {
      if (other.files) for (const [file, fingerprint] of other.files) this.addFile(file, fingerprint);
      if (other.orderSensitive) this.orderSensitive = true;
      return;
    }
    if (other.firstStatement) this.addStatement(other.firstStatement);
    if (other.moreStatements) for (const s of other.moreStatements) this.addStatement(s);
    if (other.firstName !== undefined) this.addName(other.firstName);
    if (other.moreNames) for (const n of other.moreNames) this.addName(n);
    if (other.facts) for (const [fact, value] of other.facts) this.addFact(fact, value);
    if (other.queries) for (const [query, answers] of other.queries) for (const [node, answer] of answers) this.addQuery(query, node, answer);
    if (other.files) for (const [file, fingerprint] of other.files) this.addFile(file, fingerprint);
    if (other.wholeModule) this.wholeModule = true;
    if (other.orderSensitive) this.orderSensitive = true;
  }
}

/** The top-level statement (a child of the module) that holds `node`; the module itself for the root. */
export function topLevelStatement(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.parent && current.parent.parent) current = current.parent;
  return current;
}
