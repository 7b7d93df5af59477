import { sharedSandboxTokenFunctions } from '../token/sandbox-functions.js';

/**
 * How the CLI shows a URL in any message: the collection's own describeUrl (src/sandbox/lib), so
 * that Newman's output and the Node clients mask alike. A user name and password in the URL are
 * left out, and the values of secret-looking query parameters (cloudsso's example puts
 * client_secret there) are hidden, by their position in the URL, whatever their length.
 */
export function displayUrl(url: string | URL): string {
  return sharedSandboxTokenFunctions().describeUrl(String(url));
}

/** A URL in text, up to where text around it usually resumes. */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi;

/** Every URL in a text as displayUrl shows it: messages of libraries and servers quote URLs, credentials included. */
export function displayUrlsIn(text: string): string {
  return text.replace(URL_IN_TEXT, (url) => displayUrl(url));
}
