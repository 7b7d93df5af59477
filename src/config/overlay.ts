import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import dotenv from 'dotenv';
import { ENV_TO_VARIABLE, type EnvName } from './variables.js';

export interface OverlaySource {
  /** Variable name → the env var it came from and where, for messages (never the value). */
  origin: Map<string, string>;
  values: Map<string, string>;
}

/**
 * Per-user values from `.env` and the process environment, mapped onto Postman variable names.
 * The process environment wins over `.env` so that CI secrets override a developer's file.
 * Empty values count as unset: CI systems expand a missing secret to an empty string.
 * `.env` is parsed, not loaded: process.env is left untouched.
 */
export async function readUserOverlay(projectDir: string, processEnv: NodeJS.ProcessEnv = process.env): Promise<OverlaySource> {
  const dotenvFile = join(projectDir, '.env');
  let fromFile: Record<string, string> = {};
  try {
    fromFile = dotenv.parse(await readFile(dotenvFile, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const values = new Map<string, string>();
  const origin = new Map<string, string>();
  for (const [envName, variable] of Object.entries(ENV_TO_VARIABLE) as [EnvName, string][]) {
    const fromProcess = processEnv[envName];
    const fromDotenv = fromFile[envName];
    if (fromProcess !== undefined && fromProcess.trim() !== '') {
      values.set(variable, fromProcess.trim());
      origin.set(variable, `${envName} (process environment)`);
    } else if (fromDotenv !== undefined && fromDotenv.trim() !== '') {
      values.set(variable, fromDotenv.trim());
      origin.set(variable, `${envName} (.env)`);
    }
  }
  return { values, origin };
}
