/**
 * Expectation comments in rule fixtures (see test/fixtures/rules/README.md):
 *
 *     print(bucket)  # expect: SM101 `bucket`
 *     x = f"{a}{a}"  # expect: SM101 col=9 `a`
 *
 * Each `SMxxx` after `# expect:` is one finding that starts on this line. `` `text` `` is the exact source
 * text of the finding's range; its first occurrence on the line gives the column unless `col=N`
 * (1-based, in code points, as the CLI prints) says otherwise.
 */
import { AnalyzedFinding } from '../../server/src/analysis/analyze';
import { LineIndex } from '../../server/src/text/lineIndex';

export interface Expectation {
  /** 0-based line. */
  readonly line: number;
  /** 1-based column in code points. */
  readonly column: number;
  readonly code: string;
  /** Exact source text of the finding's range, when given. */
  readonly text?: string;
}

const EXPECT = /#\s*expect:\s*(.*)$/;
const ITEM = /(SM\d{3})(?:\s+col=(\d+))?(?:\s+`([^`]*)`)?/g;

const WORD = /[\p{L}\p{N}_]/u;

/** First occurrence of the snippet that is not part of a longer identifier (`p` is not found in `print`). */
function findSnippet(code: string, snippet: string): number {
  for (let at = code.indexOf(snippet); at >= 0; at = code.indexOf(snippet, at + 1)) {
    const before = code[at - 1] ?? '';
    const after = code[at + snippet.length] ?? '';
    const clashesBefore = WORD.test(snippet[0] ?? '') && WORD.test(before);
    const clashesAfter = WORD.test(snippet[snippet.length - 1] ?? '') && WORD.test(after);
    if (!clashesBefore && !clashesAfter) return at;
  }
  return -1;
}

export function codePointColumn(lineText: string, utf16Character: number): number {
  return [...lineText.slice(0, utf16Character)].length + 1;
}

/** Reads the `# expect:` comments of a fixture. Throws on malformed annotations. */
export function parseExpectations(text: string): Expectation[] {
  const lines = new LineIndex(text);
  const result: Expectation[] = [];
  for (let line = 0; line < lines.lineCount; line++) {
    const lineText = lines.lineText(line);
    const match = EXPECT.exec(lineText);
    if (!match) continue;
    const code = lineText.slice(0, match.index);
    let found = 0;
    for (const item of match[1].matchAll(ITEM)) {
      found++;
      const [, ruleCode, col, snippet] = item;
      let column: number;
      if (col) column = Number(col);
      else if (snippet !== undefined) {
        const at = findSnippet(code, snippet);
        if (at < 0) throw new Error(`line ${line + 1}: \`${snippet}\` does not occur in the code on this line`);
        column = codePointColumn(code, at);
      } else throw new Error(`line ${line + 1}: ${ruleCode} needs a \`snippet\` or col=N`);
      result.push({ line, column, code: ruleCode, text: snippet });
    }
    if (!found) throw new Error(`line ${line + 1}: "# expect:" names no rule code`);
  }
  return result;
}

export interface ActualFinding {
  readonly line: number;
  readonly column: number;
  readonly code: string;
  readonly text: string;
}

export function describeFindings(text: string, findings: readonly AnalyzedFinding[], lines = new LineIndex(text)): ActualFinding[] {
  return findings.map((finding) => {
    const position = lines.positionAt(finding.start);
    return {
      line: position.line,
      column: codePointColumn(lines.lineText(position.line), position.character),
      code: finding.code,
      text: text.slice(finding.start, finding.end),
    };
  });
}

export function keyOf(item: { line: number; column: number; code: string }): string {
  return `${item.line + 1}:${item.column} ${item.code}`;
}
