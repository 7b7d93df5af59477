import { existsSync } from 'node:fs';
import { CliError } from '../errors.js';
import { packageFile } from '../util/package-paths.js';

/**
 * htmlextra's own template with its CDN styles, scripts and fonts inlined, built once by
 * scripts/build-report-template.mjs (`npm run build`), so every HTML report opens offline.
 */
const TEMPLATE = packageFile('dist/report/htmlextra-offline.hbs');

/** The template's path. htmlextra only warns when it cannot read it, and writes no report: say so here instead. */
export function offlineReportTemplate(): string {
  if (!existsSync(TEMPLATE)) {
    throw new CliError(`The HTML report template ${TEMPLATE} is missing.`, {
      hint: 'Run `npm run build` (`npm install` runs it) in the project folder.',
    });
  }
  return TEMPLATE;
}
