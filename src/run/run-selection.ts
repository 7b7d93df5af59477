import { BROWSER_SIGN_IN_FOLDER_NAME, TOKEN_FOLDER_NAME } from '../collection/item-names.js';
import { CliError } from '../errors.js';

interface TopLevelItem {
  id?: unknown;
  name?: unknown;
  item?: unknown;
}

/**
 * Newman's `folder` takes the name or id of a folder or a request, at any depth; a name it does not
 * find ends the run with "Unable to find a folder or request". Checked before anything starts, so
 * that the message can list what there is.
 */
export function checkRequestedItems(collection: { item?: unknown }, requested: readonly string[] | undefined): void {
  const known = new Set<string>();
  const folders = new Set<string>();
  const visit = (items: unknown) => {
    if (!Array.isArray(items)) return;
    for (const item of items as TopLevelItem[]) {
      known.add(String(item.name ?? ''));
      if (typeof item.id === 'string') known.add(item.id);
      if (Array.isArray(item.item)) {
        folders.add(String(item.name ?? ''));
        visit(item.item);
      }
    }
  };
  visit(collection.item);
  const missing = (requested ?? []).filter((name) => !known.has(name));
  if (missing.length === 0) return;
  throw new CliError(`The collection has no folder or request named ${missing.map((name) => `"${name}"`).join(', ')}.`, {
    hint: `--folder takes the name of a folder (${[...folders].map((name) => `"${name}"`).join(', ')}) or of a request.`,
  });
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
