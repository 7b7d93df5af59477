/**
 * The Postman scripts are plain JavaScript under src/sandbox: four entry scripts, and a library in
 * src/sandbox/lib with one function per file, named after it. The sandbox has no modules, so
 * composition happens here, at generation time: a script gets the constants (src/sandbox/defaults.ts)
 * and library functions it refers to, directly or through another library function, and nothing else.
 */
import { SANDBOX_CONSTANTS } from '../sandbox/defaults.js';

export const ENTRY_SCRIPTS = {
  collectionPrerequest: 'collection-prerequest.js',
  tokenRequestPrerequest: 'token-request-prerequest.js',
  tokenRequestTest: 'token-request-test.js',
  apiRequestTest: 'api-request-test.js',
  /** The Browser sign-in request: skipped by runners without the app helper's token, which it adopts. */
  signInPrerequest: 'sign-in-prerequest.js',
  signInTest: 'sign-in-test.js',
  /** OpenAPI operations' contract tests (src/openapi/contract.ts writes `var CONTRACT = …;` in front). */
  contractTest: 'contract-test.js',
} as const;

export type ScriptName = keyof typeof ENTRY_SCRIPTS;
export type SandboxScripts = Record<ScriptName, string>;

export interface SandboxSources {
  /** Entry script file name (ENTRY_SCRIPTS) → its text. */
  entries: ReadonlyMap<string, string>;
  /** Library function name → the text of src/sandbox/lib/<name>.js. */
  library: ReadonlyMap<string, string>;
}

export function composeScripts(sources: SandboxSources): SandboxScripts {
  const entries = Object.entries(ENTRY_SCRIPTS).map(([name, file]) => {
    const text = sources.entries.get(file);
    if (text === undefined) throw new Error(`Sandbox script ${file} was not loaded.`);
    return [name, composeScript(text, sources.library)];
  });
  return Object.fromEntries(entries) as SandboxScripts;
}

/**
 * One script: the constants it uses, then the library functions it uses (by name, so the order
 * does not depend on the file system), then its own text. `roots` adds library functions the text
 * does not name (the CLI's Node loader composes a library with no entry script).
 */
export function composeScript(text: string, library: ReadonlyMap<string, string>, roots: readonly string[] = []): string {
  const used = definitionsUsed(text, library, roots);
  const parts: string[] = [];
  if (used.constants.length > 0) {
    parts.push(
      [
        '// Defined once in src/sandbox/defaults.ts; the generator writes the ones this script uses.',
        ...used.constants.map((name) => `var ${name} = ${JSON.stringify(SANDBOX_CONSTANTS[name])};`),
      ].join('\n'),
    );
  }
  for (const name of used.functions) parts.push(withoutCheckDirective(library.get(name)!));
  if (text.trim() !== '') parts.push(withoutCheckDirective(text));
  return `${parts.join('\n\n')}\n`;
}

type ConstantName = keyof typeof SANDBOX_CONSTANTS;

/** The constants and library functions `text` needs, transitively, each in name order. */
function definitionsUsed(
  text: string,
  library: ReadonlyMap<string, string>,
  roots: readonly string[] = [],
): { constants: ConstantName[]; functions: string[] } {
  const known = new Set<string>([...library.keys(), ...Object.keys(SANDBOX_CONSTANTS)]);
  const found = new Set<string>();
  const pending: string[] = [text];
  for (const root of roots) {
    if (!library.has(root)) throw new Error(`${root} is not a sandbox library function.`);
    found.add(root);
    pending.push(library.get(root)!);
  }
  while (pending.length > 0) {
    for (const name of namesReferenced(pending.pop()!, known)) {
      if (found.has(name)) continue;
      found.add(name);
      const definition = library.get(name);
      if (definition !== undefined) pending.push(definition);
    }
  }
  const sorted = [...found].sort();
  return {
    constants: sorted.filter((name): name is ConstantName => Object.hasOwn(SANDBOX_CONSTANTS, name)),
    functions: sorted.filter((name) => library.has(name)),
  };
}

/** The names out of `candidates` that `source` uses as identifiers (not in comments, strings or after a dot). */
export function namesReferenced(source: string, candidates: ReadonlySet<string>): Set<string> {
  const names = new Set<string>();
  for (const match of codeOnly(source).matchAll(/(?<![.\w$])[A-Za-z_$][\w$]*/g)) {
    if (candidates.has(match[0])) names.add(match[0]);
  }
  return names;
}

/** `// @ts-check` is for the type checker and editors; Postman has no use for it. */
const withoutCheckDirective = (text: string) => text.replace(/^\/\/ @ts-check\n/, '').trimEnd();

/** Keywords after which a `/` starts a regular expression rather than a division. */
const BEFORE_REGEX = new Set(['return', 'typeof', 'case', 'in', 'of', 'delete', 'void', 'throw', 'new', 'instanceof']);

/**
 * The source with comments, string and regular expression literals blanked, so that what is left
 * are the code's own identifiers. Enough for the project's sandbox code (ES5 style, Biome
 * formatted); a template literal with a substitution is refused rather than half-read.
 */
function codeOnly(source: string): string {
  let code = '';
  let index = 0;
  const skipTo = (end: number) => {
    code += ' ';
    index = end;
  };
  while (index < source.length) {
    const char = source[index]!;
    const next = source[index + 1];
    if (char === '/' && next === '/') {
      const end = source.indexOf('\n', index);
      skipTo(end < 0 ? source.length : end);
    } else if (char === '/' && next === '*') {
      const end = source.indexOf('*/', index + 2);
      skipTo(end < 0 ? source.length : end + 2);
    } else if (char === '"' || char === "'" || char === '`') {
      const end = literalEnd(source, index, char);
      if (char === '`' && source.slice(index, end).includes('${')) {
        throw new Error('Sandbox scripts do not use template literal substitutions: use string concatenation.');
      }
      skipTo(end);
    } else if (char === '/' && regexMayStart(code)) {
      skipTo(regexEnd(source, index));
    } else {
      code += char;
      index += 1;
    }
  }
  return code;
}

/** The index just past the string literal that starts at `start`. */
function literalEnd(source: string, start: number, quote: string): number {
  let index = start + 1;
  while (index < source.length && source[index] !== quote) index += source[index] === '\\' ? 2 : 1;
  return index + 1;
}

/** The index just past the regular expression literal (and its flags) that starts at `start`. */
function regexEnd(source: string, start: number): number {
  let index = start + 1;
  let inClass = false;
  while (index < source.length) {
    const char = source[index]!;
    if (char === '\\') index += 1;
    else if (char === '[') inClass = true;
    else if (char === ']') inClass = false;
    else if (char === '/' && !inClass) break;
    index += 1;
  }
  index += 1;
  while (index < source.length && /[a-z]/i.test(source[index]!)) index += 1;
  return index;
}

/** Whether a `/` after the code so far starts a regular expression (after an operator or a keyword). */
function regexMayStart(codeSoFar: string): boolean {
  const trimmed = codeSoFar.trimEnd();
  const last = trimmed.at(-1);
  if (last === undefined || '(,=:[!&|?{};+-*%<>~^'.includes(last)) return true;
  const word = /[\w$]+$/.exec(trimmed)?.[0];
  return word !== undefined && BEFORE_REGEX.has(word);
}
