import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import AjvModule, { type ValidateFunction } from 'ajv';
import { repoRoot } from './project.js';

const Ajv = AjvModule as unknown as typeof AjvModule.default;

/** The project's copy of the official schema (origin and licence in test/fixtures/README.md): a clone has nothing beside it. */
const schemaPath = join(repoRoot, 'test', 'fixtures', 'postman-collection-v2.1.0.schema.json');

/** A validator for the Postman Collection Format v2.1.0. */
export async function collectionValidator(): Promise<ValidateFunction> {
  return new Ajv({ strict: false }).compile(JSON.parse(await readFile(schemaPath, 'utf8')));
}
