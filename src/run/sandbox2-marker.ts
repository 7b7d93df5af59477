/**
 * `'use sandbox2';` as a script's first 15 characters makes postman-sandbox 4 skip its legacy
 * setup (postman-sandbox lib/sandbox/execute-context.js): the globals of the old Postman API
 * (`tests`, `responseBody`, `postman`, `btoa`, `CryptoJS`, ...) are not made, which saves work in
 * every execution, a test script's most (it reads the response body for `responseBody`). The
 * `pm` API is the same either way. Safe only for a script that cannot reach one of those globals:
 * no free name among them, no `this` (the sandbox calls a script with the globals as `this`), no
 * direct `eval` and no `with`. Anything else keeps the legacy setup.
 */
import type { Node } from 'acorn';

export const SANDBOX2_MARKER = `'use sandbox2';`;

/** postman-sandbox 4's LEGACY_GLOBS (lib/sandbox/postman-legacy-interface.js), plus the ways to reach them by name. */
const LEGACY_GLOBALS = new Set([
  'tests',
  'globals',
  'environment',
  'data',
  'request',
  'responseCookies',
  'responseHeaders',
  'responseTime',
  'responseCode',
  'responseBody',
  'iteration',
  'postman',
  '_',
  'CryptoJS',
  'atob',
  'btoa',
  'tv4',
  'xml2Json',
  'Backbone',
  'cheerio',
  'eval',
]);

/** Whether the script provably needs none of the legacy globals. Names used as property names do not count. */
export function needsNoLegacyGlobals(tree: Node): boolean {
  let safe = true;
  const visit = (node: unknown, notAReference = false): void => {
    if (!safe || typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) return node.forEach((child) => visit(child));
    const record = node as Record<string, unknown> & { type?: string; computed?: boolean };
    if (record.type === 'ThisExpression' || record.type === 'WithStatement') safe = false;
    if (record.type === 'Identifier' && !notAReference && LEGACY_GLOBALS.has(record.name as string)) safe = false;
    for (const [key, child] of Object.entries(record)) {
      visit(child, isNameNotReference(record, key));
    }
  };
  visit(tree);
  return safe;
}

/** `a.name`, `{ name: … }`, `class { name() {} }`, labels: names that do not refer to a variable. */
function isNameNotReference(parent: { type?: string; computed?: boolean; shorthand?: boolean }, key: string): boolean {
  switch (parent.type) {
    case 'MemberExpression':
      return key === 'property' && !parent.computed;
    case 'Property':
      return key === 'key' && !parent.computed && !parent.shorthand;
    case 'MethodDefinition':
    case 'PropertyDefinition':
      return key === 'key' && !parent.computed;
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
      return key === 'label';
    case 'MetaProperty':
      return true;
    default:
      return false;
  }
}
