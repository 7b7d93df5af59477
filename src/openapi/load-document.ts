import { access } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { dereference, parse, validate, type ParserOptions } from '@readme/openapi-parser';
import { CliError } from '../errors.js';
import { remembered } from '../util/remembered.js';
import { HTTP_METHODS, pointerOf, type OpenApiDocument } from './document.js';

export interface LoadedDocument {
  /** The path as the user wrote it (for messages). */
  file: string;
  /** Validated and dereferenced: every `$ref` replaced, except circular ones (left as `$ref`). */
  document: OpenApiDocument;
}

// Only references inside the one file: no file outside the repository and no network is read.
const LOCAL_ONLY: ParserOptions = { resolve: { external: false, file: false, http: false } as never };

/**
 * Reads, validates and dereferences an OpenAPI 3.0 or 3.1 document (JSON or YAML) with
 * @readme/openapi-parser. Every problem becomes one CliError that names the place in the document.
 * With `insideDir`, the file must lie inside that directory (the config's document is part of the repository).
 */
export async function loadOpenApiDocument(file: string, baseDir: string, insideDir?: string): Promise<LoadedDocument> {
  const path = resolve(baseDir, file);
  if (insideDir !== undefined) {
    const within = relative(insideDir, path);
    if (within.startsWith('..') || isAbsolute(within)) {
      throw new CliError(`The OpenAPI document ${file} is outside the project.`, {
        hint: 'Commit the document to the repository and name it by a relative path, e.g. "openapi": "openapi/api.yaml".',
      });
    }
  }
  try {
    await access(path);
  } catch {
    throw new CliError(`The OpenAPI document ${file} does not exist.`, {
      hint: 'Check the path (relative to the project folder), or commit the document.',
    });
  }

  let parsed: unknown;
  try {
    parsed = await parse(path);
  } catch (error) {
    throw new CliError(`${file} is neither JSON nor YAML: ${stripPath((error as Error).message, path)}`, {
      hint: 'Fix the syntax at the line and column shown.',
    });
  }
  const document = requireOpenApi3(parsed, file);
  refuseExternalRefs(document, file);
  refuseOperationsWithoutResponses(document, file);

  const result = await rememberedValidation(JSON.stringify(document), () =>
    validate(structuredClone(document) as never, LOCAL_ONLY),
  );
  if (!result.valid) {
    const [first] = result.errors;
    const more = result.errors.length + result.additionalErrors - 1;
    throw new CliError(
      `${file} is not a valid OpenAPI ${document.openapi} document: ${describeError(first?.message ?? 'invalid', document)}` +
        (more > 0 ? ` (and ${more} more)` : ''),
      { hint: 'Fix the document (the place is shown above), then run the command again.' },
    );
  }
  const dereferenced = await dereference(document as never, {
    ...LOCAL_ONLY,
    dereference: { circular: 'ignore' },
  });
  return { file, document: dereferenced as unknown as OpenApiDocument };
}

/*
 * Validation results by the document's text, for the whole process: validate builds a new Ajv and
 * compiles the OpenAPI schema on every call (~300 ms), and generate after generate in one process
 * (the tests, the bench) reads the same documents.
 */
const rememberedValidation = remembered<ReturnType<typeof validate>>(50);

function requireOpenApi3(parsed: unknown, file: string): OpenApiDocument {
  const top = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  if (typeof top.swagger === 'string') {
    throw new CliError(`${file} is a Swagger ${top.swagger} document; only OpenAPI 3.0 and 3.1 are supported.`, {
      hint: 'Convert it to OpenAPI 3 first, e.g. with `npx swagger2openapi FILE -o openapi.yaml`, and name the result.',
    });
  }
  if (typeof top.openapi !== 'string' || !/^3\.[01]\./.test(top.openapi)) {
    const found = typeof top.openapi === 'string' ? `"openapi: ${top.openapi}"` : 'no "openapi" field at the top';
    throw new CliError(`${file} is not an OpenAPI 3.0 or 3.1 document (${found}).`, {
      hint: 'Name an OpenAPI document: its first line reads `openapi: 3.0.x` or `openapi: 3.1.x`.',
    });
  }
  if (!top.paths || typeof top.paths !== 'object') {
    throw new CliError(`${file} has no paths: there are no operations to generate requests for.`, {
      hint: 'Name the document that describes the API operations.',
    });
  }
  return top as unknown as OpenApiDocument;
}

/** References to other files or URLs would read outside the repository (or the network). */
function refuseExternalRefs(document: OpenApiDocument, file: string): void {
  const found = findRefs(document, (ref) => !ref.startsWith('#'));
  if (found) {
    throw new CliError(`${file}: ${found.pointer} refers to another file or URL ("${found.ref}").`, {
      hint: 'Bundle the document into one file first (e.g. `npx @redocly/cli bundle api.yaml -o bundled.yaml`) and name that.',
    });
  }
}

function refuseOperationsWithoutResponses(document: OpenApiDocument, file: string): void {
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = item?.[method];
      if (!operation) continue;
      const responses = operation.responses;
      if (!responses || typeof responses !== 'object' || Object.keys(responses).length === 0) {
        throw new CliError(`${file}: ${pointerOf(path, method)} (${method.toUpperCase()} ${path}) documents no responses.`, {
          hint: 'Every operation documents at least its success response (OpenAPI "responses"); add it to the document.',
        });
      }
    }
  }
}

/** The parser reports a missing `$ref` target by its value; say where the `$ref` is, too. */
function describeError(message: string, document: OpenApiDocument): string {
  const missing = /Missing \$ref pointer "([^"]+)"/.exec(message)?.[1];
  if (missing) {
    const where = findRefs(document, (ref) => ref === missing);
    return `${where ? `${where.pointer}: ` : ''}$ref "${missing}" points to nothing in the document.`;
  }
  return message.trim();
}

/** The first `$ref` (in document order) whose value passes `test`, with its JSON pointer. */
export function findRefs(root: unknown, test: (ref: string) => boolean): { pointer: string; ref: string } | undefined {
  const seen = new Set<unknown>();
  const visit = (node: unknown, pointer: string): { pointer: string; ref: string } | undefined => {
    if (!node || typeof node !== 'object' || seen.has(node)) return undefined;
    seen.add(node);
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && test(ref)) return { pointer: pointer || '#', ref };
    for (const [key, child] of Object.entries(node)) {
      const found = visit(child, `${pointer || '#'}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      if (found) return found;
    }
    return undefined;
  };
  return visit(root, '');
}

function stripPath(message: string, path: string): string {
  return message.replace(`Error parsing ${path}: `, '').trim();
}
