// Build step: compiles src/config/config.schema.json into a standalone validator module, so that
// the CLI validates oauth-postman.config.json without loading and running Ajv's compiler at start-up.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

const schema = JSON.parse(readFileSync(new URL('../src/config/config.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ allErrors: false, strict: false, code: { source: true } });
const code = standaloneCode(ajv, ajv.compile(schema));
mkdirSync(new URL('../dist/config/', import.meta.url), { recursive: true });
writeFileSync(new URL('../dist/config/config-validator.cjs', import.meta.url), code);
