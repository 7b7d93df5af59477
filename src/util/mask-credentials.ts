/**
 * Credentials by position: what can be masked in a URL, a header or a piece of text without
 * knowing the value, because the place it sits in says it is a credential. Values shorter than
 * a few characters can only be masked this way: replacing them wherever they occur in text would
 * garble ordinary words.
 */

import { sharedSandboxTokenFunctions } from '../token/sandbox-functions.js';
import { SANDBOX_CONSTANTS } from '../sandbox/defaults.js';
import { displayUrlsIn } from './display-url.js';

/** The collection's mark for a hidden credential (src/sandbox/defaults.ts), so that every output hides alike. */
export const REDACTED = SANDBOX_CONSTANTS.REDACTED;

const credentialNames = new Map<string, boolean>();

/**
 * Whether a name (of a parameter, a JSON field, a header, a variable) says its value is a
 * credential: the collection's own isCredentialName (src/sandbox/lib), so that Newman's output,
 * the collection's messages and the Node clients judge names alike. `inUrl`: in a URL's query or
 * fragment, where `code` and `key` are credentials too.
 */
export function isCredentialName(name: string, inUrl = false): boolean {
  const key = `${inUrl ? 'url:' : ''}${name}`;
  let answer = credentialNames.get(key);
  if (answer === undefined) {
    answer = sharedSandboxTokenFunctions().isCredentialName(name, inUrl);
    if (credentialNames.size < 10_000) credentialNames.set(key, answer);
  }
  return answer;
}

/** An Authorization-style value keeps its scheme (`Bearer ********`), so the reader still sees how it authenticated. */
export function maskCredentialValue(value: string): string {
  if (value === '') return value;
  const scheme = /^([A-Za-z][\w-]*)\s+\S/.exec(value);
  return scheme ? `${scheme[1]} ${REDACTED}` : REDACTED;
}

/**
 * Credentials found by position in free text (console lines, error messages, report text): the
 * userinfo and credential parameters of URLs and form bodies, `"access_token": "…"` pairs of JSON
 * (also inside a JSON-escaped string), and the credentials after `Authorization:`, `Bearer` or
 * `Basic`.
 */
export function maskCredentialsInText(text: string): string {
  if (!/[=:@]|bearer|basic/i.test(text)) return text;
  const pair = (match: string, before: string, name: string, separator: string, after: string) =>
    isCredentialName(name) ? `${before}${name}${separator}${REDACTED}${after}` : match;
  return maskParameters(displayUrlsIn(text))
    .replace(JSON_PAIR, (match, name: string, separator: string) => pair(match, '"', name, `"${separator}"`, '"'))
    .replace(ESCAPED_JSON_PAIR, (match, name: string, separator: string) => pair(match, '\\"', name, `\\"${separator}\\"`, '\\"'))
    .replace(AUTHORIZATION_HEADER, (match, prefix: string, scheme: string | undefined, credential: string) => {
      if (credential === REDACTED) return match;
      if (scheme) return `${prefix}${scheme} ${REDACTED}`;
      return looksLikeCredential(credential) ? `${prefix}${REDACTED}` : match;
    })
    .replace(SCHEME_CREDENTIAL, (match, prefix: string, credential: string) =>
      looksLikeCredential(credential) ? `${prefix}${REDACTED}` : match,
    );
}

/** `name=value` after `?`, `&`, `#` or `;` (URLs, form bodies, HTML-escaped `&amp;`), or at the start or after a space. */
const PARAMETER = /(^|[?&#;\s"'(,[{])([\w.~%+-]+)=([^&#;\s"'<>)\]}]*)/g;

function maskParameters(text: string): string {
  return text.replace(PARAMETER, (match, before: string, name: string, value: string) => {
    if (value === '' || value === REDACTED) return match;
    if (!isCredentialName(safeDecode(name), before !== '' && '?&#;'.includes(before))) return match;
    return `${before}${name}=${REDACTED}`;
  });
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** `"name": "value"` in JSON. */
// The value as an unrolled loop: `(?:\\.|[^"\\])*` overflows the regexp stack on a string of megabytes.
const JSON_PAIR = /"([\w-]+)"(\s*:\s*)"([^"\\]*(?:\\.[^"\\]*)*)"/g;
/** `\"name\": \"value\"`: JSON inside a JSON string (a logged body, a report of a report). */
const ESCAPED_JSON_PAIR = /\\"([\w-]+)\\"(\s*:\s*)\\"[^"]*?\\"/g;

/** `Authorization: <scheme> <credentials>`; without a known scheme, only what looks like a credential. */
const AUTHORIZATION_HEADER =
  /(\b(?:Proxy-)?Authorization\s*[:=]\s*)(?:(Bearer|Basic|Digest|Negotiate|NTLM|Token|OAuth|DPoP)\s+)?([^\s"'<>,;]+)/gi;

/** RFC 7235 token68 after Bearer or Basic, when it is not an auth-param (`realm="…"`). */
const SCHEME_CREDENTIAL = /(\b(?:Bearer|Basic)\s+)([\w.~+/-]*[\w~+/-]=*)(?![\w~+/="-]|\.[\w~+/-])/gi;

/**
 * After "Bearer" or "Basic" in prose ("a Bearer token", "Basic authentication") comes a word; a
 * credential has a digit or a symbol, or is long.
 */
function looksLikeCredential(word: string): boolean {
  return word !== REDACTED && /[A-Za-z0-9]/.test(word) && (word.length >= 20 || /[^A-Za-z]/.test(word));
}

/**
 * The credential values that sit at those positions in a text (a token response's access_token,
 * a form's client_secret, a Bearer header), so that they can be masked wherever else they turn up.
 */
export function credentialsInText(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(PARAMETER)) {
    if (isCredentialName(safeDecode(match[2]!))) found.push(safeDecode(match[3]!));
  }
  for (const match of text.matchAll(JSON_PAIR)) {
    if (isCredentialName(match[1]!)) found.push(jsonUnescape(match[3]!));
  }
  for (const match of text.matchAll(SCHEME_CREDENTIAL)) {
    if (looksLikeCredential(match[2]!)) found.push(match[2]!);
  }
  return found.filter((value) => value !== '' && value !== REDACTED);
}

function jsonUnescape(content: string): string {
  try {
    return JSON.parse(`"${content}"`) as string;
  } catch {
    return content;
  }
}
