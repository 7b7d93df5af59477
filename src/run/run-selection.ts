import { BROWSER_SIGN_IN_FOLDER_NAME, TOKEN_FOLDER_NAME } from '../collection/build-collection.js';

interface TopLevelItem {
  id?: unknown;
  name?: unknown;
}

/**
 * What a Newman run executes (its `folder` option). Folders the user names win. Otherwise every
 * top-level item except those Newman cannot run: the Browser sign-in folder (Postman's OAuth 2.0
 * helper needs a person at the Postman app) and, when the run uses a browser sign-in token without
 * a client secret, the client-credentials Token folder, which could only fail.
 * undefined: the whole collection.
 */
export function runnableItems(
  collection: { item?: unknown },
  requested: readonly string[] | undefined,
  signedInWithoutSecret: boolean,
): string[] | undefined {
  if (requested && requested.length > 0) return [...requested];
  const items = Array.isArray(collection.item) ? (collection.item as TopLevelItem[]) : [];
  const left = new Set([BROWSER_SIGN_IN_FOLDER_NAME, ...(signedInWithoutSecret ? [TOKEN_FOLDER_NAME] : [])]);
  const kept = items.filter((item) => !left.has(String(item.name)));
  if (kept.length === items.length) return undefined;
  // Ids where there are any: names can repeat, generated ids cannot.
  return kept.map((item) => String(typeof item.id === 'string' && item.id ? item.id : item.name));
}
