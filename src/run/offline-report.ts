import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CliError } from '../errors.js';
import { packageFile } from '../util/package-paths.js';

/*
 * htmlextra's own template with its CDN styles, scripts and fonts inlined, built once by
 * scripts/build-report-template.mjs (`npm run build`), so every HTML report opens offline. The
 * files themselves sit in a JSON array beside the template, which calls {{{offlineAsset N}}} for
 * each: htmlextra compiles the template with Handlebars on every run, and compiling the files too
 * (~950 KB) cost ~350 ms a run.
 */
const TEMPLATE = packageFile('dist/report/htmlextra-offline.hbs');
const ASSETS = packageFile('dist/report/htmlextra-offline-assets.json');
const ASSET_HELPER = 'offlineAsset';

interface Handlebars {
  registerHelper(name: string, helper: (index: unknown) => unknown): void;
  SafeString: new (text: string) => unknown;
}

/**
 * The template's path, once htmlextra's Handlebars (the module instance htmlextra itself requires)
 * knows the helper it calls. htmlextra only warns when it cannot read the template, and writes no
 * report: say so here instead.
 */
export function offlineReportTemplate(): string {
  if (!existsSync(TEMPLATE) || !existsSync(ASSETS)) {
    throw new CliError(`The HTML report template ${TEMPLATE} is missing.`, {
      hint: 'Run `npm run build` (`npm install` runs it) in the project folder.',
    });
  }
  helperRegistered ??= registerAssetHelper();
  return TEMPLATE;
}

let helperRegistered: true | undefined;

/** Once per process: the assets are read once, and htmlextra's Handlebars keeps its helpers. */
function registerAssetHelper(): true {
  const htmlextra = createRequire(import.meta.url).resolve('newman-reporter-htmlextra/package.json');
  const handlebars = createRequire(join(dirname(htmlextra), 'lib', 'index.js'))('handlebars') as Handlebars;
  const assets = JSON.parse(readFileSync(ASSETS, 'utf8')) as string[];
  handlebars.registerHelper(ASSET_HELPER, (index) => new handlebars.SafeString(assets[Number(index)] ?? ''));
  return true;
}
