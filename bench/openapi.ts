/**
 * Issue 12's benchmark: how long `generate` takes from an OpenAPI document with 200 operations
 * (a fresh CLI process, as a user runs it), and what the contract test costs per request against
 * the plain status test of a hand-declared request (in-process Newman runs against the local server).
 */
import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAlternately } from './newman-run.js';
import { cliPath, timeChild } from './startup.js';
import type { Row } from './report.js';
import { rowIn } from './rows.js';
import { SIZES } from './sizes.js';
import { pairedRatios, summarize, type Summary } from './stats.js';
import { repoRoot, type BenchProject } from './variants.js';

export interface OpenApiResult {
  operations: number;
  generateMs: Summary;
  collectionBytes: number;
  requests: number;
  plainMs: Summary;
  contractMs: Summary;
  /** (contract − plain) ÷ requests, per adjacent pair of runs. */
  extraPerRequestMs: Summary;
  ratio: Summary;
}

/**
 * A document shaped like a real one: 50 resources, each with list, create, read and delete,
 * path parameters, a JSON body and response schemas shared through components.
 */
export function syntheticDocument(operations: number): object {
  const paths: Record<string, object> = {};
  const item = { $ref: '#/components/schemas/Item' };
  const json = (schema: object) => ({ content: { 'application/json': { schema } } });
  for (let index = 0; index < operations / 4; index += 1) {
    const tags = [`resource${index % 10}`];
    paths[`/things${index}`] = {
      get: {
        operationId: `list${index}`,
        tags,
        responses: { '200': { description: 'All', ...json({ type: 'array', items: item }) } },
      },
      post: {
        operationId: `create${index}`,
        tags,
        requestBody: { required: true, ...json(item) },
        responses: {
          '201': { description: 'Made', ...json(item) },
          '400': { description: 'Bad', ...json({ $ref: '#/components/schemas/Error' }) },
        },
      },
    };
    paths[`/things${index}/{id}`] = {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', example: 1 } }],
      get: {
        operationId: `read${index}`,
        tags,
        responses: { '200': { description: 'One', ...json(item) }, '404': { description: 'None' } },
      },
      delete: { operationId: `delete${index}`, tags, responses: { '204': { description: 'Gone' } } },
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'Synthetic', version: '1' },
    security: [{ sso: ['things:read'] }],
    paths,
    components: {
      securitySchemes: {
        sso: {
          type: 'oauth2',
          flows: { clientCredentials: { tokenUrl: 'https://sso.example.com/token', scopes: { 'things:read': '' } } },
        },
      },
      schemas: {
        Item: {
          type: 'object',
          required: ['id', 'name'],
          properties: {
            id: { type: 'integer', readOnly: true },
            name: { type: 'string', maxLength: 80 },
            note: { type: 'string', nullable: true },
            tags: { type: 'array', items: { type: 'string' } },
            createdAt: { type: 'string', format: 'date-time' },
          },
        },
        Error: { type: 'object', required: ['message'], properties: { message: { type: 'string' } } },
      },
    },
  };
}

export async function measureOpenApi(project: BenchProject, progress: (message: string) => void): Promise<OpenApiResult> {
  const { operations, generateRounds, requests, contractRounds } = SIZES.openapi;
  progress(`OpenAPI: generate from a ${operations}-operation document, ${generateRounds} runs`);
  const dir = await mkdtemp(join(tmpdir(), 'oauth-postman-bench-openapi-'));
  let collectionBytes: number;
  const generateMs: number[] = [];
  try {
    await cp(join(repoRoot, 'oauth-postman.config.json'), join(dir, 'oauth-postman.config.json'));
    await mkdir(join(dir, 'openapi'));
    await writeFile(join(dir, 'openapi', 'synthetic.json'), JSON.stringify(syntheticDocument(operations)));
    const config = JSON.parse(await readFile(join(dir, 'oauth-postman.config.json'), 'utf8'));
    await writeFile(join(dir, 'oauth-postman.config.json'), JSON.stringify({ ...config, openapi: 'openapi/synthetic.json' }));
    for (let round = 1; round <= generateRounds; round += 1) {
      // Removing the output makes every run write all files, as the first generate does.
      await rm(join(dir, 'collections'), { recursive: true, force: true });
      const run = await timeChild([cliPath, 'generate'], dir, 120_000);
      generateMs.push(run.wallMs);
      progress(`  round ${round}/${generateRounds}: ${run.wallMs.toFixed(0)} ms`);
    }
    collectionBytes = (await stat(join(dir, 'collections', `${config.collection.name}.postman_collection.json`))).size;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  progress(`OpenAPI: ${requests} requests with the plain status test vs the contract test, ${contractRounds} rounds`);
  const runs = await runAlternately(
    project,
    ['project', 'contractTest'],
    contractRounds,
    { requestCount: requests, tokenTtlSeconds: 3599 },
    progress,
  );
  for (const run of [...runs.get('project')!, ...runs.get('contractTest')!]) {
    if (run.failures > 0 || run.apiUnauthorized > 0)
      throw new Error(`A ${run.variant} run had ${run.failures} failure(s), ${run.apiUnauthorized} 401(s).`);
  }
  const plain = runs.get('project')!.map((run) => run.wallMs);
  const contract = runs.get('contractTest')!.map((run) => run.wallMs);
  return {
    operations,
    generateMs: summarize(generateMs),
    collectionBytes,
    requests,
    plainMs: summarize(plain),
    contractMs: summarize(contract),
    extraPerRequestMs: summarize(contract.map((value, index) => (value - plain[index]!) / requests)),
    ratio: pairedRatios(contract, plain),
  };
}

/** The rows of this section, for bench/rows.ts. */
export function openApiRows(result: OpenApiResult): Row[] {
  const row = rowIn(`5. OpenAPI: ${result.operations}-operation document; ${result.requests} requests per run`);
  return [
    row('oauth-postman generate (fresh process)', result.generateMs, 'ms'),
    row('generated collection size', result.collectionBytes / 1024, 'KiB'),
    row('plain status test (hand-declared request)', result.plainMs, 'ms'),
    row('contract test (status, content type, JSON schema)', result.contractMs, 'ms'),
    row('contract test: extra time per request', result.extraPerRequestMs, 'ms'),
    row('ratio contract ÷ plain', result.ratio, 'ratio'),
  ];
}
