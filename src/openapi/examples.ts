import { createRequire } from 'node:module';
import type { ExampleObject, MediaTypeObject, ParameterObject, SchemaObject } from './document.js';
import type { ParameterModel } from './model.js';

// openapi-sampler's ESM entry ("module") uses extension-less imports Node cannot load: take its CommonJS build.
const { sample } = createRequire(import.meta.url)('openapi-sampler') as typeof import('openapi-sampler');

/**
 * Values for requests, taken from the document where it gives them and built from the schema
 * (openapi-sampler, deterministic) where it does not.
 */

function firstExample(examples: Record<string, ExampleObject> | undefined): { found: boolean; value?: unknown } {
  for (const example of Object.values(examples ?? {})) {
    if (example && 'value' in example) return { found: true, value: example.value };
  }
  return { found: false };
}

/** The parameter's value as it goes into a URL or header, and where it came from. */
export function parameterValue(parameter: ParameterObject): Pick<ParameterModel, 'value' | 'source'> {
  const schema = (parameter.schema ?? {}) as SchemaObject;
  const examples = firstExample(parameter.examples);
  const schemaExamples = Array.isArray(schema.examples) ? schema.examples : [];
  if (parameter.example !== undefined) return { value: asText(parameter.example), source: 'example' };
  if (examples.found) return { value: asText(examples.value), source: 'example' };
  if (schema.example !== undefined) return { value: asText(schema.example), source: 'example' };
  if (schemaExamples.length > 0) return { value: asText(schemaExamples[0]), source: 'example' };
  if (schema.default !== undefined) return { value: asText(schema.default), source: 'default' };
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return { value: asText(schema.enum[0]), source: 'enum' };
  return { value: asText(sampleOf(schema)), source: 'schema' };
}

/** A request body: the media type's example, else its first named example, else one built from the schema. */
export function bodyExample(media: MediaTypeObject): unknown {
  if (media.example !== undefined) return media.example;
  const examples = firstExample(media.examples);
  if (examples.found) return examples.value;
  return media.schema ? sampleOf(media.schema, { skipReadOnly: true }) : undefined;
}

function sampleOf(schema: SchemaObject, options: { skipReadOnly?: boolean } = {}): unknown {
  try {
    return sample(schema, { ...options, quiet: true, maxSampleDepth: 8 });
  } catch {
    // A schema the sampler cannot build from (it refers to itself, say) still gets a request.
    return undefined;
  }
}

/** Form style (OpenAPI's default for query and path): arrays comma-separated, objects as JSON. */
function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value))
    return value.map((item) => (typeof item === 'object' ? JSON.stringify(item) : String(item))).join(',');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
