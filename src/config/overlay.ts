import { join } from 'node:path';
import dotenv from 'dotenv';
import { readTextFile } from '../util/files.js';
import { userSettings } from './resolve-environment.js';

export interface OverlaySource {
  /** Variable name → the env var it came from and where, for messages (never the value). */
  origin: Map<string, string>;
  values: Map<string, string>;
}

/** `.env` in the project, parsed, not loaded: process.env is left untouched. Empty when there is none. */
export async function readDotenvFile(projectDir: string): Promise<Record<string, string>> {
  const dotenvFile = join(projectDir, '.env');
  return dotenv.parse((await readTextFile(dotenvFile)) ?? '');
}

/** Per-user values from `.env` and the process environment (which wins), mapped onto Postman variable names. */
export async function readUserOverlay(projectDir: string, processEnv: NodeJS.ProcessEnv = process.env): Promise<OverlaySource> {
  const settings = userSettings(await readDotenvFile(projectDir), processEnv);
  const values = new Map<string, string>();
  const origin = new Map<string, string>();
  for (const [name, setting] of settings) {
    values.set(name, setting.value);
    origin.set(name, setting.origin.label);
  }
  return { values, origin };
}
