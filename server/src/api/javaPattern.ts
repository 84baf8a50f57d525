/**
 * The `pattern` constraints of the AWS API model, which the service matches with Java's regular
 * expressions against the whole value (`Pattern.matches`: sagemaker-python-sdk issue #384, where
 * 'health_and_personal_care...' was rejected by `^[a-zA-Z0-9](-*[a-zA-Z0-9])*` although its first word
 * matches), translated to JavaScript. A pattern is translated only when the JavaScript regex accepts exactly
 * the values the Java one accepts, for the values we test it on (see `PatternMatcher.decides`); any
 * construct whose meaning differs (possessive quantifiers, atomic groups, inline flags, nested or intersected
 * character classes, `\b`, `\G`, `\Q...\E`, octal and `\x{...}` escapes, Java-only property names) makes
 * the pattern untranslatable, and untranslatable patterns are never judged.
 */

/** A set of characters as sorted, non-overlapping inclusive code point ranges. */
export type CharRanges = readonly (readonly [number, number])[];

export interface PatternMatcher {
  /** The Java pattern as the model writes it. */
  readonly java: string;
  /** The anchored JavaScript regex. */
  readonly regex: RegExp;
  /** The characters any matching value is made of, when the pattern names them all (no `.`, negated classes, `\S`, `\p{...}`). */
  readonly allowed?: CharRanges;
  /** True when `\s`/`\S` appear: Java's `\s` is ASCII whitespace only, JavaScript's is Unicode's. */
  readonly asciiValuesOnly: boolean;
}

export type Translation = { readonly ok: true; readonly matcher: PatternMatcher } | { readonly ok: false; readonly reason: string };

/** Java's line terminators: with them in a value, `.`, `^` and `$` differ between Java and JavaScript. */
const LINE_TERMINATOR = /[\n\r\u0085\u2028\u2029]/;

/** Whether a value can be judged by the matcher: false means stay silent. */
export function decides(matcher: PatternMatcher, value: string): boolean {
  if (LINE_TERMINATOR.test(value)) return false;
  if (matcher.asciiValuesOnly && /[^\x00-\x7f]/.test(value)) return false;
  return true;
}

/** JavaScript regex syntax characters, which keep their backslash when escaped. */
const SYNTAX_CHARACTERS = new Set('^$\\.*+?()[]{}|/'.split(''));

/** Unicode general categories: the `\p{...}` names Java and JavaScript (u flag) both read as categories. */
const GENERAL_CATEGORIES = new Set('L Lu Ll Lt Lm Lo M Mn Mc Me N Nd Nl No P Pc Pd Ps Pe Pi Pf Po S Sm Sc Sk So Z Zs Zl Zp C Cc Cf Co Cn Cs'.split(' '));

/** Java's POSIX classes (US-ASCII only unless UNICODE_CHARACTER_CLASS is set, which the model never does). */
const POSIX: Record<string, Array<[number, number]>> = {
  Lower: [[0x61, 0x7a]],
  Upper: [[0x41, 0x5a]],
  ASCII: [[0x00, 0x7f]],
  Alpha: [[0x41, 0x5a], [0x61, 0x7a]],
  Digit: [[0x30, 0x39]],
  Alnum: [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]],
  Punct: [[0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]],
  Graph: [[0x21, 0x7e]],
  Print: [[0x20, 0x7e]],
  Blank: [[0x09, 0x09], [0x20, 0x20]],
  Cntrl: [[0x00, 0x1f], [0x7f, 0x7f]],
  XDigit: [[0x30, 0x39], [0x41, 0x46], [0x61, 0x66]],
  Space: [[0x09, 0x0d], [0x20, 0x20]],
};

const DIGIT: Array<[number, number]> = [[0x30, 0x39]];
const WORD: Array<[number, number]> = [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]];
/** Java's `\s`: [ \t\n\x0B\f\r]. */
const SPACE: Array<[number, number]> = [[0x09, 0x0d], [0x20, 0x20]];

function hex(code: number): string {
  return `\\u{${code.toString(16)}}`;
}

function rangesSource(ranges: ReadonlyArray<readonly [number, number]>): string {
  return ranges.map(([a, b]) => (a === b ? hex(a) : `${hex(a)}-${hex(b)}`)).join('');
}

class Untranslatable extends Error {}

/**
 * Translates one Java pattern. The result's regex is anchored at both ends (the service matches the whole
 * value) and uses the `u` flag; character sets are emitted as code point escapes, so no character of the
 * Java pattern is reinterpreted.
 */
export function translateJavaPattern(java: string): Translation {
  try {
    return { ok: true, matcher: translate(java) };
  } catch (error) {
    return { ok: false, reason: error instanceof Untranslatable ? error.message : `does not compile: ${(error as Error).message}` };
  }
}

function translate(java: string): PatternMatcher {
  let out = '';
  let i = 0;
  /** Characters the pattern can consume; undefined once something unbounded appears. */
  let allowed: Array<[number, number]> | undefined = [];
  let asciiValuesOnly = false;
  /** Whether the last emitted item can take a quantifier suffix that Java reads as possessive. */
  let afterQuantifier = false;
  const unbounded = () => {
    allowed = undefined;
  };
  const allow = (ranges: ReadonlyArray<readonly [number, number]>) => {
    if (allowed) for (const [a, b] of ranges) allowed.push([a, b]);
  };
  const fail = (why: string): never => {
    throw new Untranslatable(why);
  };
  const codeAt = (index: number) => java.codePointAt(index)!;

  /** An escape after `\` at java[i] (i points at the character after the backslash). */
  function escape(inClass: boolean): { source: string; ranges?: Array<[number, number]>; negated?: boolean } {
    const c = java[i];
    if (c === undefined) fail('ends with a backslash');
    i++;
    switch (c) {
      case 'd':
        return { source: '\\d', ranges: DIGIT };
      case 'D':
        return { source: '\\D', negated: true };
      case 'w':
        return { source: '\\w', ranges: WORD };
      case 'W':
        return { source: '\\W', negated: true };
      case 's':
        return { source: inClass ? rangesSource(SPACE) : `[${rangesSource(SPACE)}]`, ranges: SPACE };
      case 'S':
        asciiValuesOnly = true;
        return { source: '\\S', negated: true };
      case 't':
        return { source: hex(9), ranges: [[9, 9]] };
      case 'n':
        return { source: hex(10), ranges: [[10, 10]] };
      case 'r':
        return { source: hex(13), ranges: [[13, 13]] };
      case 'f':
        return { source: hex(12), ranges: [[12, 12]] };
      case 'u': {
        const digits = /^[0-9a-fA-F]{4}/.exec(java.slice(i));
        if (!digits) fail('\\u without four hex digits');
        i += 4;
        const code = parseInt(digits![0], 16);
        return { source: hex(code), ranges: [[code, code]] };
      }
      case 'x': {
        const digits = /^[0-9a-fA-F]{2}/.exec(java.slice(i));
        if (!digits) fail('\\x{...} or a short \\x escape');
        i += 2;
        const code = parseInt(digits![0], 16);
        return { source: hex(code), ranges: [[code, code]] };
      }
      case 'p':
      case 'P': {
        let name: string;
        if (java[i] === '{') {
          const end = java.indexOf('}', i);
          if (end < 0) fail('unclosed \\p{');
          name = java.slice(i + 1, end);
          i = end + 1;
        } else {
          name = java[i] ?? '';
          i++;
        }
        const category = name.startsWith('Is') && GENERAL_CATEGORIES.has(name.slice(2)) ? name.slice(2) : name;
        if (GENERAL_CATEGORIES.has(category)) return { source: `\\${c}{${category}}`, negated: true /* not a finite, listed set */ };
        const posix = POSIX[name];
        if (!posix) fail(`the property \\${c}{${name}}`);
        if (c === 'p') return { source: inClass ? rangesSource(posix) : `[${rangesSource(posix)}]`, ranges: posix };
        if (inClass) fail(`\\P{${name}} inside a class`);
        return { source: `[^${rangesSource(posix)}]`, negated: true };
      }
      default:
        // Java reads any other escaped non-letter, non-digit character as itself.
        if (/[A-Za-z0-9]/.test(c)) fail(`the escape \\${c}`);
        return literal(c.codePointAt(0)!);
    }
  }

  function literal(code: number): { source: string; ranges: Array<[number, number]> } {
    return { source: hex(code), ranges: [[code, code]] };
  }

  function characterClass(): void {
    // java[i] is the character after '['.
    let source = '[';
    let negated = false;
    if (java[i] === '^') {
      negated = true;
      source += '^';
      i++;
    }
    if (java[i] === ']') fail('a class that starts with ]');
    const ranges: Array<[number, number]> = [];
    let sawSet = false; // \p{L}, \S, \W, \D: not listable
    let previous: { code?: number; index: number } | undefined;
    for (;;) {
      const c = java[i];
      if (c === undefined) fail('unclosed class');
      if (c === ']') {
        i++;
        break;
      }
      if (c === '[') fail('a nested class (Java reads it as a union)');
      if (c === '&' && java[i + 1] === '&') fail('a class intersection (&&)');
      if (c === '-' && previous?.code !== undefined && java[i + 1] !== ']' && java[i + 1] !== undefined) {
        // A range: previous-code .. next atom.
        i++;
        let end: number;
        if (java[i] === '\\') {
          i++;
          const atom = escape(true);
          if (!atom.ranges || atom.ranges.length !== 1 || atom.ranges[0][0] !== atom.ranges[0][1]) fail('a range ending in a class escape');
          end = atom.ranges![0][0];
        } else {
          if (java[i] === '[') fail('a range ending in [');
          end = codeAt(i);
          i += end > 0xffff ? 2 : 1;
        }
        const start = previous.code;
        if (end < start) fail('an inverted range');
        ranges.pop();
        ranges.push([start, end]);
        source = source.slice(0, previous.index) + `${hex(start)}-${hex(end)}`;
        previous = undefined;
        continue;
      }
      const index = source.length;
      if (c === '\\') {
        i++;
        const atom = escape(true);
        source += atom.source;
        if (atom.ranges) for (const r of atom.ranges) ranges.push(r);
        else sawSet = true;
        previous = atom.ranges && atom.ranges.length === 1 && atom.ranges[0][0] === atom.ranges[0][1] ? { code: atom.ranges[0][0], index } : undefined;
        continue;
      }
      const code = codeAt(i);
      i += code > 0xffff ? 2 : 1;
      source += hex(code);
      ranges.push([code, code]);
      previous = { code, index };
    }
    out += `${source}]`;
    if (negated || sawSet) unbounded();
    else allow(ranges);
  }

  while (i < java.length) {
    const c = java[i];
    if (c === '*' || c === '+' || c === '?' || (c === '{' && /^\{\d+(,\d*)?\}/.test(java.slice(i)))) {
      if (afterQuantifier && c === '+') fail('a possessive quantifier');
      if (afterQuantifier && c !== '?') fail('a quantifier after a quantifier');
      if (afterQuantifier && c === '?') {
        out += '?'; // lazy: the same values match as a whole
        i++;
        afterQuantifier = false;
        continue;
      }
      if (c === '{') {
        const quantifier = /^\{\d+(,\d*)?\}/.exec(java.slice(i))![0];
        out += quantifier;
        i += quantifier.length;
      } else {
        out += c;
        i++;
      }
      afterQuantifier = true;
      continue;
    }
    afterQuantifier = false;
    if (c === '\\') {
      i++;
      if (java[i] === 'A') {
        out += '^';
        i++;
        continue;
      }
      if (java[i] === 'z' || java[i] === 'Z') {
        out += '$'; // \Z differs from \z only before a final line terminator; such values are never judged
        i++;
        continue;
      }
      if (java[i] !== undefined && /[1-9]/.test(java[i])) {
        out += `\\${java[i]}`; // a back reference
        i++;
        continue;
      }
      if (java[i] === 'k' && java[i + 1] === '<') {
        const end = java.indexOf('>', i);
        if (end < 0) fail('unclosed \\k<');
        out += `\\${java.slice(i, end + 1)}`;
        i = end + 1;
        continue;
      }
      const atom = escape(false);
      out += atom.source;
      if (atom.negated || !atom.ranges) unbounded();
      else allow(atom.ranges);
      continue;
    }
    if (c === '[') {
      i++;
      characterClass();
      continue;
    }
    if (c === '(') {
      const rest = java.slice(i);
      const group = /^\((\?(:|=|!|<=|<!|<[A-Za-z][A-Za-z0-9]*>))?/.exec(rest)!;
      if (rest.startsWith('(?') && !group[1]) fail(`the group ${rest.slice(0, 3)} (atomic or inline flags)`);
      out += group[0];
      i += group[0].length;
      continue;
    }
    if (c === ')' || c === '|' || c === '^' || c === '$') {
      out += c;
      i++;
      continue;
    }
    if (c === '.') {
      out += '.'; // Java and JavaScript `.` differ only on line terminators, and such values are never judged
      unbounded();
      i++;
      continue;
    }
    if (c === '{' || c === '}' || c === ']') fail(`a bare ${c}`);
    const code = codeAt(i);
    i += code > 0xffff ? 2 : 1;
    out += SYNTAX_CHARACTERS.has(c) ? `\\${c}` : hex(code);
    allow([[code, code]]);
  }
  const regex = new RegExp(`^(?:${out})$`, 'u');
  return { java, regex, allowed: allowed ? normalize(allowed) : undefined, asciiValuesOnly };
}

function normalize(ranges: Array<[number, number]>): CharRanges {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [a, b] of sorted) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged;
}

export function inRanges(ranges: CharRanges, code: number): boolean {
  for (const [a, b] of ranges) if (code >= a && code <= b) return true;
  return false;
}

/** The characters of `text` outside `ranges`, each once, in order of appearance. */
export function charactersOutside(ranges: CharRanges, text: string): string[] {
  const found: string[] = [];
  for (const ch of text) {
    if (!inRanges(ranges, ch.codePointAt(0)!) && !found.includes(ch)) found.push(ch);
  }
  return found;
}

const NAMED: Record<string, string> = { '-': 'hyphens', _: 'underscores', '.': 'dots', ':': 'colons', '/': 'slashes', ' ': 'spaces', '@': '@', '+': '+', '=': '=', ',': 'commas' };

/** The allowed characters in words: "letters, digits and hyphens"; undefined when they do not read well. */
export function describeCharacters(ranges: CharRanges): string | undefined {
  const has = (a: number, b: number) => ranges.some(([x, y]) => x <= a && y >= b);
  const parts: string[] = [];
  const covered: Array<[number, number]> = [];
  const lower = has(0x61, 0x7a);
  const upper = has(0x41, 0x5a);
  if (lower && upper) parts.push('letters');
  else if (lower) parts.push('lower-case letters');
  else if (upper) parts.push('upper-case letters');
  if (lower) covered.push([0x61, 0x7a]);
  if (upper) covered.push([0x41, 0x5a]);
  if (has(0x30, 0x39)) {
    parts.push('digits');
    covered.push([0x30, 0x39]);
  }
  const others: string[] = [];
  for (const [a, b] of ranges) {
    for (let code = a; code <= b; code++) {
      if (covered.some(([x, y]) => code >= x && code <= y)) continue;
      if (b - a > 40) return undefined; // a wide range that is not letters or digits
      const ch = String.fromCodePoint(code);
      if (!/[\x21-\x7e ]/.test(ch) || /[A-Za-z0-9]/.test(ch)) return undefined; // part of the letters or digits: no words for that
      others.push(NAMED[ch] ?? `"${ch}"`);
    }
  }
  const all = [...parts, ...others];
  if (!all.length || all.length > 8) return undefined;
  return all.length === 1 ? all[0] : `${all.slice(0, -1).join(', ')} and ${all[all.length - 1]}`;
}
