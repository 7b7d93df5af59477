import { CliError } from '../errors.js';
import { readTextFile } from '../util/files.js';
import { parseJson } from './project-config.js';

/** A Postman environment file (the format the Postman app exports and Newman reads). */
export interface PostmanEnvironmentValue {
  key: string;
  value: string;
  type: 'default' | 'secret';
  enabled: boolean;
  description?: string;
}

export interface PostmanEnvironment {
  id: string;
  name: string;
  values: PostmanEnvironmentValue[];
  _postman_variable_scope: 'environment';
}

export async function readEnvironmentFile(file: string): Promise<PostmanEnvironment> {
  const text = await readTextFile(file);
  if (text === undefined) {
    throw new CliError(`Environment file ${file} does not exist.`, {
      hint: 'Run `npm run generate` to write the environment files from oauth-postman.config.json.',
    });
  }
  const parsed = parseJson(text, file);
  const problem = environmentProblem(parsed);
  if (problem) {
    throw new CliError(`${file} is not a Postman environment: ${problem}.`, {
      hint: 'Run `npm run generate` to write it again (hand edits belong in oauth-postman.config.json or .env).',
    });
  }
  return parsed as PostmanEnvironment;
}

function environmentProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'expected a JSON object';
  const record = value as Record<string, unknown>;
  if (typeof record.name !== 'string') return '"name" is missing';
  if (!Array.isArray(record.values)) return '"values" must be an array';
  for (const [index, entry] of record.values.entries()) {
    if (typeof entry !== 'object' || entry === null) return `values[${index}] is not an object`;
    const { key, value: entryValue } = entry as Record<string, unknown>;
    if (typeof key !== 'string' || key === '') return `values[${index}].key must be a non-empty string`;
    if (
      entryValue !== undefined &&
      typeof entryValue !== 'string' &&
      typeof entryValue !== 'number' &&
      typeof entryValue !== 'boolean'
    ) {
      return `values[${index}] ("${key}") has a value that is not a string`;
    }
  }
  return undefined;
}

/** Variable values by key, from enabled entries only (disabled ones are ignored by Postman too). */
export function environmentValues(environment: PostmanEnvironment): Map<string, string> {
  const values = new Map<string, string>();
  for (const entry of environment.values) {
    if (entry.enabled !== false) values.set(entry.key, entry.value === undefined ? '' : String(entry.value));
  }
  return values;
}
