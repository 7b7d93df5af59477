import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { readSandboxSources } from '../src/collection/load-scripts.js';
import { composeScript, namesReferenced } from '../src/collection/sandbox-scripts.js';
import { SANDBOX_CONSTANTS } from '../src/sandbox/defaults.js';
import { repoRoot } from './support/project.js';
import { collectionScripts } from './support/sandbox.js';

/* How the Postman scripts are composed: each gets what it uses, the defaults come from one place. */

const sandboxDir = join(repoRoot, 'src', 'sandbox');
const sandboxFiles = [
  ...readdirSync(sandboxDir).filter((file) => file.endsWith('.js')),
  ...readdirSync(join(sandboxDir, 'lib')).map((file) => `lib/${file}`),
];
const { library } = readSandboxSources();
const libraryNames = new Set([...library.keys(), ...Object.keys(SANDBOX_CONSTANTS)]);

/** Identifiers used as names (not property names, not declarations) per TypeScript's own parser. */
function parsed(source: string) {
  const file = ts.createSourceFile('script.js', source, ts.ScriptTarget.ES2020, true, ts.ScriptKind.JS);
  const used = new Set<string>();
  const declared = new Set<string>();
  const numbers: number[] = [];
  const strings: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionDeclaration(node) && node.parent === file && node.name) declared.add(node.name.text);
    if (ts.isNumericLiteral(node)) numbers.push(Number(node.text));
    if (ts.isStringLiteral(node)) strings.push(node.text);
    if (ts.isIdentifier(node)) {
      const parent = node.parent;
      const isPropertyName =
        (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
        (ts.isPropertyAssignment(parent) && parent.name === node);
      const isDeclarationName = (ts.isFunctionDeclaration(parent) || ts.isVariableDeclaration(parent)) && parent.name === node;
      if (!isPropertyName && !isDeclarationName) used.add(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return { used, declared, numbers, strings };
}

test('the composer finds exactly the library names TypeScript finds in every sandbox file', () => {
  for (const file of sandboxFiles) {
    const source = readFileSync(join(sandboxDir, file), 'utf8');
    const { used, declared } = parsed(source);
    // A file's own function name counts too: the composer has it already, so it changes nothing.
    const expected = [...new Set([...used, ...declared])].filter((name) => libraryNames.has(name)).sort();
    assert.deepEqual([...namesReferenced(source, libraryNames)].sort(), expected, file);
  }
});

test('every generated script declares the library functions it uses, and none it does not', () => {
  for (const [name, text] of Object.entries(collectionScripts())) {
    const { used, declared } = parsed(text);
    const needed = [...used].filter((identifier) => library.has(identifier)).sort();
    assert.deepEqual([...declared].sort(), needed, `${name} holds exactly the functions it calls`);
    for (const constant of Object.keys(SANDBOX_CONSTANTS)) {
      assert.equal(
        new RegExp(`^var ${constant} = `, 'm').test(text),
        used.has(constant),
        `${name} defines ${constant} only if it uses it`,
      );
    }
  }
  const apiTest = parsed(collectionScripts().apiRequestTest);
  assert.deepEqual(
    [...apiTest.declared].sort(),
    ['clearToken', 'forgetRejectedToken', 'refusedSignInAdvice', 'signInAdvice', 'tokenStore'],
    'an API request carries no token-response code',
  );
  const contractTest = parsed(collectionScripts().contractTest);
  assert.deepEqual(
    [...contractTest.declared].sort(),
    ['clearToken', 'forgetRejectedToken', 'refusedSignInAdvice', 'signInAdvice', 'tokenStore'],
    'a contract test forgets a refused token by the same rule as a hand-declared request',
  );
});

test('the defaults are written into the scripts from src/sandbox/defaults.ts, not repeated in the .js files', () => {
  const { collectionPrerequest } = collectionScripts();
  for (const [constant, value] of Object.entries(SANDBOX_CONSTANTS)) {
    assert.ok(collectionPrerequest.includes(`var ${constant} = ${JSON.stringify(value)};`), constant);
  }
  const numbers = new Set(Object.values(SANDBOX_CONSTANTS).filter((value): value is number => typeof value === 'number'));
  for (const file of sandboxFiles) {
    const { numbers: literals, strings } = parsed(readFileSync(join(sandboxDir, file), 'utf8'));
    assert.deepEqual(
      literals.filter((literal) => numbers.has(literal)),
      [],
      `${file} repeats no default as a number`,
    );
    assert.ok(!strings.includes(SANDBOX_CONSTANTS.DEFAULT_CLIENT_AUTH), `${file} repeats no default clientAuth`);
  }
});

test('composition: constants, then functions by name, then the script; a template substitution is refused', () => {
  const composed = composeScript('refreshInstant(1, 2, 3);\n', library);
  assert.equal(
    composed,
    `${library.get('refreshInstant')!.replace('// @ts-check\n', '').trimEnd()}\n\nrefreshInstant(1, 2, 3);\n`,
  );
  const ordered = parsed(composeScript('clearToken(); failTokenStep("x");', library)).declared;
  assert.deepEqual([...ordered], ['clearToken', 'failTokenStep', 'skipRequest', 'tokenError', 'tokenStore']);
  assert.throws(() => composeScript('var a = `${clearToken()}`;', library), /template literal/);
  assert.deepEqual(
    [...namesReferenced('// clearToken()\n/* tokenStore */ var s = "storeToken"; x.refreshInstant;', libraryNames)],
    [],
  );
  assert.deepEqual([...namesReferenced('var r = /[\'"]/.test(s) ? clearToken() : a / b / tokenStore();', libraryNames)].sort(), [
    'clearToken',
    'tokenStore',
  ]);
});
