import type { SchemaObject } from './document.js';
import type { JsonSchema } from './model.js';

/**
 * OpenAPI 3.0 / 3.1 schemas → the JSON Schema draft-07 that the Postman sandbox validates with.
 * Newman 6.2 runs postman-sandbox 4.x, whose `require('ajv')` is Ajv 6.12 (draft-07, no 2019-09 or
 * 2020-12); the Postman CLI's newer sandbox has a newer Ajv, compiled non-strict by the test. So
 * the schema keeps draft-07 validation keywords only, and the OpenAPI-only ones are translated:
 * - 3.0 `nullable: true` → `null` added to `type` (and to `enum`), or `anyOf [schema, null]`;
 * - 3.0 boolean `exclusiveMinimum`/`exclusiveMaximum` → draft-07 numbers;
 * - 3.1 `prefixItems`/`items` → draft-07 `items` array/`additionalItems`; `dependentRequired`/
 *   `dependentSchemas` → `dependencies`;
 * - `oneOf` with a `discriminator` → `anyOf` (the discriminator, not exclusivity, picks the
 *   branch; overlapping branches would otherwise fail valid bodies);
 * - response bodies omit `writeOnly` properties, so those leave `required`;
 * - `format`s Ajv 6 does not know (int32, int64, float, double, byte, binary, password, …) and
 *   patterns JavaScript cannot compile are dropped rather than failing every run.
 * Annotations (title, description, example, xml, …) are left out: they cost bytes in every script.
 */

// biome-ignore format: a long list of keyword names, kept several to a line rather than one per line
const DRAFT7_KEYWORDS = new Set([
  'type', 'enum', 'const', 'multipleOf', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum',
  'maxLength', 'minLength', 'pattern', 'format', 'items', 'additionalItems', 'maxItems', 'minItems',
  'uniqueItems', 'contains', 'maxProperties', 'minProperties', 'required', 'properties',
  'patternProperties', 'additionalProperties', 'dependencies', 'propertyNames', 'if', 'then', 'else',
  'allOf', 'anyOf', 'oneOf', 'not',
]);

/** The formats Ajv 6 validates out of the box. */
// biome-ignore format: a long list of format names, kept several to a line rather than one per line
const AJV6_FORMATS = new Set([
  'date', 'time', 'date-time', 'uri', 'uri-reference', 'uri-template', 'url', 'email', 'hostname',
  'ipv4', 'ipv6', 'regex', 'uuid', 'json-pointer', 'json-pointer-uri-fragment', 'relative-json-pointer',
]);

const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf'] as const;
const SUBSCHEMAS = ['not', 'if', 'then', 'else', 'contains', 'propertyNames', 'additionalItems'] as const;
const SUBSCHEMA_MAPS = ['properties', 'patternProperties'] as const;

/** A `$ref` left in a dereferenced document: the schema refers to itself. */
export class CircularSchemaError extends Error {
  constructor(
    readonly pointer: string,
    readonly ref: string,
  ) {
    super(`${pointer} refers back to ${ref}`);
  }
}

/**
 * `pointer` is where `schema` sits in the document, for the error a circular schema raises.
 * Conversions are cached per schema object: a dereferenced document shares them between operations.
 */
export function sandboxSchema(schema: SchemaObject | boolean, pointer: string, cache = new WeakMap<object, JsonSchema>()) {
  return convert(schema, pointer, cache);
}

function convert(schema: SchemaObject | boolean, pointer: string, cache: WeakMap<object, JsonSchema>): JsonSchema {
  if (typeof schema === 'boolean') return schema ? {} : { not: {} };
  const cached = cache.get(schema);
  if (cached) return cached;
  if (typeof schema.$ref === 'string') throw new CircularSchemaError(pointer, schema.$ref);

  const at = (...tokens: (string | number)[]) =>
    [pointer, ...tokens.map((t) => String(t).replace(/~/g, '~0').replace(/\//g, '~1'))].join('/');
  const sub = (value: unknown, ...tokens: (string | number)[]) => convert(value as SchemaObject, at(...tokens), cache);
  const out: JsonSchema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (!DRAFT7_KEYWORDS.has(keyword)) continue;
    if ((SUBSCHEMA_LISTS as readonly string[]).includes(keyword)) {
      out[keyword] = (value as unknown[]).map((item, index) => sub(item, keyword, index));
    } else if ((SUBSCHEMAS as readonly string[]).includes(keyword)) {
      out[keyword] = sub(value, keyword);
    } else if ((SUBSCHEMA_MAPS as readonly string[]).includes(keyword)) {
      out[keyword] = Object.fromEntries(
        Object.entries(value as object).map(([name, child]) => [name, sub(child, keyword, name)]),
      );
    } else if (keyword === 'items') {
      out.items = Array.isArray(value) ? value.map((item, index) => sub(item, 'items', index)) : sub(value, 'items');
    } else if (keyword === 'additionalProperties') {
      out.additionalProperties = typeof value === 'boolean' ? value : sub(value, keyword);
    } else if (keyword === 'format') {
      if (AJV6_FORMATS.has(String(value))) out.format = value;
    } else if (keyword === 'pattern') {
      if (compiles(String(value))) out.pattern = value;
    } else {
      out[keyword] = value;
    }
  }
  translateOpenApiKeywords(schema, out, sub);
  cache.set(schema, out);
  return out;
}

function translateOpenApiKeywords(
  schema: SchemaObject,
  out: JsonSchema,
  sub: (value: unknown, ...tokens: (string | number)[]) => JsonSchema,
): void {
  // OpenAPI 3.0 (JSON Schema draft-04 style): boolean exclusive bounds modify minimum/maximum.
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof schema[flag] === 'boolean') {
      delete out[flag];
      if (schema[flag] === true && typeof schema[bound] === 'number') {
        out[flag] = schema[bound];
        delete out[bound];
      }
    }
  }
  if (Array.isArray(schema.prefixItems)) {
    out.items = schema.prefixItems.map((item, index) => sub(item, 'prefixItems', index));
    if (schema.items !== undefined) out.additionalItems = sub(schema.items, 'items');
  }
  const dependencies: Record<string, unknown> = {};
  for (const [name, value] of Object.entries((schema.dependentRequired as object) ?? {})) dependencies[name] = value;
  for (const [name, value] of Object.entries((schema.dependentSchemas as object) ?? {})) {
    dependencies[name] = sub(value, 'dependentSchemas', name);
  }
  if (Object.keys(dependencies).length > 0) out.dependencies = { ...(out.dependencies as object), ...dependencies };
  if (schema.discriminator && Array.isArray(out.oneOf)) {
    out.anyOf = out.oneOf;
    delete out.oneOf;
  }
  if (Array.isArray(out.required) && schema.properties && typeof schema.properties === 'object') {
    const properties = schema.properties as Record<string, SchemaObject>;
    out.required = out.required.filter((name: string) => properties[name]?.writeOnly !== true);
  }
  if (schema.nullable === true) makeNullable(out);
}

function makeNullable(out: JsonSchema): void {
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
  } else if (Array.isArray(out.type)) {
    if (!out.type.includes('null')) out.type = [...out.type, 'null'];
  } else {
    const copy = { ...out };
    for (const key of Object.keys(out)) delete out[key];
    out.anyOf = [copy, { type: 'null' }];
  }
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}
