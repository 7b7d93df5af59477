/**
 * A Postman script without its comments and indentation, for the copy of the collection Newman
 * runs (lean-collection.ts). postman-runtime sends every script's text across the sandbox bridge
 * and compiles it again for each request, so what the sandbox never executes still costs.
 *
 * Done with a real JavaScript parser (acorn), never with patterns on the text: the tokens are kept
 * exactly as written (strings, regular expressions and template literals are never touched), only
 * the gaps between them change. Whatever cannot be shown to mean the same is left as it was: a
 * script that does not parse (postman-sandbox reports that itself), or whose compact form does not
 * parse to the same syntax tree as the original, runs unchanged.
 */
import { parse, type Node, type Options, type Token } from 'acorn';
import { needsNoLegacyGlobals, SANDBOX2_MARKER } from './sandbox2-marker.js';

/**
 * postman-sandbox runs a script as the body of a function (uniscope), sloppy mode: `return` is
 * allowed at its top level, `import`/`export` and top-level `await` are not.
 */
const PARSE_OPTIONS: Options = { ecmaVersion: 'latest', sourceType: 'script', allowReturnOutsideFunction: true };

/** postman-sandbox skips its legacy globals when a script's first 15 characters are one of these. */
const SANDBOX2_MARKERS = new Set([SANDBOX2_MARKER, `"use sandbox2";`]);
export const startsWithSandbox2Marker = (source: string) => SANDBOX2_MARKERS.has(source.slice(0, 15));

/** Characters that can continue a name or a number. */
const WORD_CHAR = /[\w$#\\\u0080-\uffff]/;
/**
 * Two characters that begin a longer punctuator, a comment (`//`, `/*`) or an HTML-like comment
 * (`<!--`, `-->`): two tokens that meet with these at their edges need a space between them.
 */
const RUN_TOGETHER = new Set(
  ['<=', '>=', '==', '!=', '**', '++', '--', '<<', '>>', '&&', '||', '??', '?.', '=>', '..', '<!', '->', '//', '/*'].concat(
    ['+', '-', '*', '/', '%', '&', '|', '^'].map((operator) => `${operator}=`),
  ),
);
/** A line break after one of these, or before one of the closing ones, never ends a statement. */
const LINE_BREAK_NOT_NEEDED_AFTER = new Set(['{', ';', ',']);
const LINE_BREAK_NOT_NEEDED_BEFORE = new Set(['}', ')', ']']);
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;

/**
 * The script as Newman runs it: stripped (stripScript), and marked `'use sandbox2';` when it
 * provably needs none of the legacy globals that the marker leaves out (sandbox2-marker.ts).
 */
export function leanScript(source: string): string {
  const parsed = parseScript(source);
  if (!parsed) return source;
  const compact = compactForm(source, parsed);
  return !startsWithSandbox2Marker(compact) && needsNoLegacyGlobals(parsed.tree) ? `${SANDBOX2_MARKER}${compact}` : compact;
}

/** The script with comments and whitespace removed where that provably changes nothing, else unchanged. */
export function stripScript(source: string): string {
  const parsed = parseScript(source);
  return parsed ? compactForm(source, parsed) : source;
}

interface ParsedScript {
  tree: Node;
  tokens: Token[];
}

function parseScript(source: string): ParsedScript | undefined {
  const tokens: Token[] = [];
  try {
    return { tree: parse(source, { ...PARSE_OPTIONS, onToken: tokens }), tokens };
  } catch {
    return undefined;
  }
}

function compactForm(source: string, { tree, tokens }: ParsedScript): string {
  // The smallest form first; then one that keeps a line break and a space wherever the original
  // had one, in case the first changed the program.
  for (const minimal of [true, false]) {
    const compact = joinTokens(source, tokens, minimal);
    if (startsWithSandbox2Marker(compact) !== startsWithSandbox2Marker(source)) return source;
    if (sameTree(tree, parseOrUndefined(compact))) return compact;
  }
  return source;
}

function joinTokens(source: string, tokens: readonly Token[], minimal: boolean): string {
  const parts: string[] = [];
  let previous: Token | undefined;
  for (const token of tokens) {
    if (token.type.label === 'eof') break;
    if (previous) {
      const gap = source.slice(previous.end, token.start);
      parts.push(minimal ? minimalSeparator(source, gap, previous, token) : plainSeparator(gap));
    }
    parts.push(source.slice(token.start, token.end));
    previous = token;
  }
  return parts.join('');
}

/** A line break where the original had one (in whitespace or inside a comment), else one space. */
function plainSeparator(gap: string): string {
  if (gap === '') return '';
  return LINE_TERMINATOR.test(gap) ? '\n' : ' ';
}

/**
 * A line break only where a statement may end at it (automatic semicolon insertion), a space only
 * where the two tokens would otherwise run into one (`a in`, `+ +`, `1 .x`).
 */
function minimalSeparator(source: string, gap: string, previous: Token, next: Token): string {
  if (gap === '') return '';
  const before = source.slice(previous.start, previous.end);
  const after = source.slice(next.start, next.end);
  if (LINE_TERMINATOR.test(gap) && !LINE_BREAK_NOT_NEEDED_AFTER.has(before) && !LINE_BREAK_NOT_NEEDED_BEFORE.has(after)) {
    return '\n';
  }
  const last = before.at(-1)!;
  const first = after[0]!;
  const merge =
    (WORD_CHAR.test(last) && WORD_CHAR.test(first)) ||
    // `name=value` is what the run's masker takes for a form or URL parameter (accessToken=typeof
    // would be masked in the JSON report's copy of the script): a name keeps the space before `=`.
    (WORD_CHAR.test(last) && first === '=') ||
    RUN_TOGETHER.has(last + first) ||
    (previous.type.label === 'num' && first === '.');
  return merge ? ' ' : '';
}

function parseOrUndefined(source: string): unknown {
  try {
    return parse(source, PARSE_OPTIONS);
  } catch {
    return undefined;
  }
}

/** Positions aside, the same syntax tree: the same program. */
const POSITION_KEYS = new Set(['start', 'end', 'loc', 'range']);

function sameTree(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (a instanceof RegExp || b instanceof RegExp) return String(a) === String(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a).filter((key) => !POSITION_KEYS.has(key));
  const keysB = Object.keys(b).filter((key) => !POSITION_KEYS.has(key));
  if (keysA.length !== keysB.length) return false;
  const recordA = a as Record<string, unknown>;
  const recordB = b as Record<string, unknown>;
  return keysA.every((key) => Object.hasOwn(recordB, key) && sameTree(recordA[key], recordB[key]));
}
