/**
 * The Postman scripts are plain JavaScript files under src/sandbox (linted as sandbox code).
 * A script entry is composed from the library files it uses followed by its own file; the
 * sandbox has no modules, so composition happens here, at generation time.
 */
export const SCRIPT_COMPOSITION = {
  collectionPrerequest: ['lib/token-settings.js', 'lib/token-response.js', 'lib/token-store.js', 'collection-prerequest.js'],
  tokenRequestPrerequest: ['lib/token-settings.js', 'lib/token-store.js', 'token-request-prerequest.js'],
  tokenRequestTest: ['lib/token-settings.js', 'lib/token-response.js', 'lib/token-store.js', 'token-request-test.js'],
  apiRequestTest: ['lib/token-store.js', 'api-request-test.js'],
  contractTest: ['lib/token-store.js', 'contract-test.js'],
} as const;

export type ScriptName = keyof typeof SCRIPT_COMPOSITION;
export type SandboxScripts = Record<ScriptName, string>;

/** Joins already-read files into one script; `files` maps a path from SCRIPT_COMPOSITION to its text. */
export function composeScripts(files: ReadonlyMap<string, string>): SandboxScripts {
  const entries = Object.entries(SCRIPT_COMPOSITION).map(([name, paths]) => {
    const parts = paths.map((path) => {
      const text = files.get(path);
      if (text === undefined) throw new Error(`Sandbox script ${path} was not loaded.`);
      return text.trimEnd();
    });
    return [name, parts.join('\n\n') + '\n'];
  });
  return Object.fromEntries(entries) as SandboxScripts;
}

export function sandboxFilesNeeded(): string[] {
  return [...new Set(Object.values(SCRIPT_COMPOSITION).flat())];
}
