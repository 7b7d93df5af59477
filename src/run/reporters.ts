import { join } from 'node:path';
import { CliError } from '../errors.js';
import { TOKEN_REQUEST_NAME } from '../collection/item-names.js';
import { offlineReportTemplate } from './offline-report.js';

export const KNOWN_REPORTERS = ['cli', 'junit', 'htmlextra', 'json'] as const;
export type ReporterName = (typeof KNOWN_REPORTERS)[number];

export interface ReporterSetup {
  reporters: ReporterName[];
  options: Record<string, Record<string, unknown>>;
}

export function parseReporters(list: string): ReporterName[] {
  const names = list
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!(KNOWN_REPORTERS as readonly string[]).includes(name)) {
      throw new CliError(`Unknown reporter "${name}".`, {
        hint: `Use a comma-separated list of: ${KNOWN_REPORTERS.join(', ')}.`,
      });
    }
  }
  return [...new Set(names)] as ReporterName[];
}

/**
 * Reporter options that keep secrets out of files under reports/: the token request's body
 * (client_secret) and response (access_token) are hidden, Authorization headers are skipped,
 * and the environment is not dumped.
 */
export function reporterSetup(reporters: ReporterName[], reportsDir: string): ReporterSetup {
  const options: ReporterSetup['options'] = {};
  const reportFile = (name: string) => join(reportsDir, name);
  if (reporters.includes('junit')) options.junit = { export: reportFile('junit.xml') };
  // The JSON report carries the environment and every request and response: it is made from the masked view.
  if (reporters.includes('json')) options.json = { export: reportFile('newman-report.json') };
  if (reporters.includes('htmlextra')) {
    options.htmlextra = {
      export: reportFile('newman-report.html'),
      template: offlineReportTemplate(),
      title: 'OAuth 2.0 collection run',
      browserTitle: 'Newman report',
      skipEnvironmentVars: true,
      skipGlobalVars: true,
      omitRequestBodies: false,
      hideRequestBody: [TOKEN_REQUEST_NAME],
      hideResponseBody: [TOKEN_REQUEST_NAME],
      skipHeaders: 'Authorization',
      showEnvironmentData: false,
      showGlobalData: false,
    };
  }
  return { reporters, options };
}
