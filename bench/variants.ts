/**
 * The collections and environment the benchmark runs: the project's own generated collection,
 * and variants derived from it that differ only in the collection-level scripts, so that any
 * difference in token hits or time comes from the token policy alone.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { API_FOLDER_NAME, buildCollection } from '../src/collection/build-collection.js';
import { buildEnvironmentTemplate } from '../src/collection/build-environment.js';
import { loadSandboxScripts } from '../src/collection/load-scripts.js';
import type { PostmanEnvironment } from '../src/config/environment-file.js';
import { loadProjectConfig, requireEnvironment } from '../src/config/project-config.js';
import { readProjectApi } from '../src/openapi/project.js';
import { leanCollection } from '../src/run/lean-collection.js';
import { leanScript } from '../src/run/lean-script.js';
import type { RunningAuthorizationServer } from '../src/server/authorization-server.js';

export const repoRoot = fileURLToPath(new URL('../', import.meta.url));

/**
 * project     - the generated collection as `oauth-postman newman` runs it: its lean copy
 *               (src/run/lean-collection.ts), the refresh script at collection level
 * naive       - fetches a token before every request (bench/variants/naive-prerequest.js)
 * expiryOnly  - fetches only once the token has expired, no margin (bench/variants/expiry-only-prerequest.js)
 * sameTests   - a token fetched beforehand and no collection-level script: the API requests keep
 *               their test script, so only the refresh script is missing
 * noScripts   - a token fetched beforehand and no script at all: Newman's floor
 * emptyScript - noScripts plus a collection-level pre-request script that does nothing: the
 *               difference is what one sandbox execution costs, whatever the script
 * contractTest - the project's collection, each request the demo API's whoAmI generated from
 *               openapi/demo-api.yaml: its contract test instead of the plain status test
 *
 * Diagnostics (`-- --diagnose`), each project with one thing changed:
 * committed    - no lean copy: the collection as committed, comments and descriptions included
 * scriptsOnly  - the scripts stripped and marked as in the lean copy, every description kept
 * leanLegacy   - the lean copy without `'use sandbox2'` on any script
 * requestLevel - the refresh script in every request's own pre-request script instead of once
 *                at collection level
 *
 * Every variant but `committed` and `scriptsOnly` runs the lean copy, so that they differ only in
 * their scripts.
 */
export type VariantName =
  | 'project'
  | 'naive'
  | 'expiryOnly'
  | 'sameTests'
  | 'noScripts'
  | 'emptyScript'
  | 'committed'
  | 'scriptsOnly'
  | 'leanLegacy'
  | 'requestLevel'
  | 'contractTest';

export const DIAGNOSTIC_VARIANTS: readonly VariantName[] = ['committed', 'scriptsOnly', 'leanLegacy', 'requestLevel'];

/** Variants that run with a token fetched beforehand instead of a refresh script. */
export const FIXED_TOKEN_VARIANTS: readonly VariantName[] = ['sameTests', 'noScripts', 'emptyScript'];

const VARIANT_SCRIPTS = {
  naive: 'naive-prerequest.js',
  expiryOnly: 'expiry-only-prerequest.js',
  emptyScript: 'empty-prerequest.js',
} as const satisfies Partial<Record<VariantName, string>>;

type ScriptedVariant = keyof typeof VARIANT_SCRIPTS;

/** The collection-level pre-request script of a variant that brings its own (bench/variants/). */
export function variantScript(variant: ScriptedVariant): Promise<string> {
  return readFile(new URL(`./variants/${VARIANT_SCRIPTS[variant]}`, import.meta.url), 'utf8');
}

interface ScriptEvent {
  listen: string;
  script: { id?: string; type?: string; exec: string[] };
}

interface CollectionItem {
  id?: string;
  name?: string;
  item?: CollectionItem[];
  event?: ScriptEvent[];
  [key: string]: unknown;
}

interface CollectionJson {
  event?: ScriptEvent[];
  item: CollectionItem[];
  [key: string]: unknown;
}

export interface BenchProject {
  /** The collection `generate` writes, as built in memory from the working tree's config and scripts. */
  collection: CollectionJson;
  /** The `local` environment template, before a server fills it in. */
  environmentTemplate: PostmanEnvironment;
  /** tokenRefreshSkewSeconds of that template (the project default, 60). */
  skewSeconds: number;
}

export async function loadBenchProject(): Promise<BenchProject> {
  const loaded = await loadProjectConfig(repoRoot);
  const api = await readProjectApi(repoRoot, loaded.config);
  const collection = buildCollection(loaded.config, await loadSandboxScripts(), api?.folders) as unknown as CollectionJson;
  const environmentTemplate = buildEnvironmentTemplate(
    loaded.config.collection.name,
    'local',
    requireEnvironment(loaded, 'local'),
  );
  const skew = environmentTemplate.values.find((entry) => entry.key === 'tokenRefreshSkewSeconds')?.value;
  return { collection, environmentTemplate, skewSeconds: Number(skew) };
}

/**
 * A collection of `requestCount` protected requests (the API folder's requests, repeated in
 * order) with the variant's collection-level scripts. The Token folder is left out: every token
 * fetch counted is one the variant's policy decided to make.
 */
export async function variantCollection(
  project: BenchProject,
  variant: VariantName,
  requestCount: number,
): Promise<CollectionJson> {
  const apiFolder = project.collection.item.find((item) => item.name === API_FOLDER_NAME);
  const requests = variant === 'contractTest' ? contractTested(project) : (apiFolder?.item ?? []);
  if (requests.length === 0) throw new Error(`The collection has no requests in its ${API_FOLDER_NAME} folder.`);
  const copies = Array.from({ length: requestCount }, (_, index) => {
    const request = requests[index % requests.length]!;
    return { ...request, id: `${request.id}-${index + 1}`, name: `${request.name} #${index + 1}` };
  });

  const collection: CollectionJson = structuredClone({ ...project.collection, item: [{ ...apiFolder, item: copies }] });
  if (variant === 'noScripts' || variant === 'emptyScript') {
    for (const request of collection.item[0]!.item!) delete request.event;
  }
  if (variant in VARIANT_SCRIPTS) {
    const text = await variantScript(variant as ScriptedVariant);
    collection.event = [{ listen: 'prerequest', script: { type: 'text/javascript', exec: text.split('\n') } }];
  } else if (FIXED_TOKEN_VARIANTS.includes(variant)) {
    collection.event = [];
  } else if (variant === 'requestLevel') {
    for (const request of collection.item[0]!.item!) request.event = [...(collection.event ?? []), ...(request.event ?? [])];
    collection.event = [];
  }
  if (variant === 'committed') return collection;
  if (variant === 'scriptsOnly') return withLeanScripts(collection);
  return leanCollection(collection, {
    keepReportedDescriptions: false,
    legacySandbox: variant === 'leanLegacy',
  }) as CollectionJson;
}

/** Every script as the lean copy has it, everything else (descriptions included) as committed. */
function withLeanScripts(collection: CollectionJson): CollectionJson {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const record = node as { exec?: unknown };
    if (Array.isArray(record.exec)) record.exec = leanScript(record.exec.join('\n')).split('\n');
    Object.values(record).forEach(visit);
  };
  visit(collection);
  return collection;
}

/** The generated request of the demo API's GET /me (operation whoAmI), which carries a contract test. */
function contractTested(project: BenchProject): CollectionItem[] {
  const generated = project.collection.item.flatMap((folder) => folder.item ?? []);
  const isWhoAmI = (item: CollectionItem) =>
    JSON.stringify(item.event ?? []).includes('var CONTRACT = {\\"operation\\":\\"whoAmI\\"');
  return generated.filter(isWhoAmI);
}

/** The `local` environment pointed at a running server, with its demo client and no token yet. */
export function environmentFor(
  project: BenchProject,
  server: RunningAuthorizationServer,
  preset: Record<string, string> = {},
): PostmanEnvironment {
  const values: Record<string, string> = {
    tokenUrl: server.tokenUrl,
    authorizeUrl: server.authorizeUrl,
    baseUrl: server.apiBaseUrl,
    clientId: server.demoClient.clientId,
    clientSecret: server.demoClient.clientSecret,
    ...preset,
  };
  return {
    ...project.environmentTemplate,
    values: project.environmentTemplate.values.map((entry) => ({ ...entry, value: values[entry.key] ?? entry.value })),
  };
}
