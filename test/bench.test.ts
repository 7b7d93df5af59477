import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFile } from 'node:fs/promises';
import { simulateRun } from '../bench/simulated-clock.js';
import { minimumTokenHits, pairedRatios, physicalMinimumHits, summarize, usableLifetimeMs } from '../bench/stats.js';
import { loadBenchProject, variantCollection } from '../bench/variants.js';
import { leanScript } from '../src/run/lean-script.js';

/*
 * The benchmark's arithmetic and the collections it runs (npm run bench). No timing here: the
 * benchmark measures, it is not a test.
 */

test('summarize: median of odd and even sample counts, with min and max', () => {
  assert.deepEqual(summarize([30, 10, 20]), { median: 20, min: 10, max: 30, runs: 3 });
  assert.deepEqual(summarize([4, 1, 3, 2]), { median: 2.5, min: 1, max: 4, runs: 4 });
  assert.throws(() => summarize([]), RangeError);
});

test('pairedRatios: one ratio per alternating pair, then summarized', () => {
  // Pairs 12/10, 33/30, 20/20: a slow phase (the second pair) cancels out within its pair.
  const ratios = pairedRatios([12, 33, 20], [10, 30, 20]);
  assert.equal(ratios.median, 1.1);
  assert.equal(ratios.min, 1);
  assert.ok(Math.abs(ratios.max - 1.2) < 1e-12);
  assert.throws(() => pairedRatios([1, 2], [1]), RangeError);
});

test("minimum token hits: ceil(run time / usable lifetime), by the collection's own refreshInstant", () => {
  assert.equal(usableLifetimeMs(3599, 60), 3_539_000, 'the skew before expiry');
  assert.equal(usableLifetimeMs(2, 60), 1000, 'a 60 s skew is capped at half of a 2 s token');
  assert.equal(usableLifetimeMs(3, 1), 2000);
  assert.equal(usableLifetimeMs(3599, 0), 3_598_000, 'skew 0 still refreshes 1 s early');
  assert.equal(usableLifetimeMs(1, 60), 500, 'a 1 s token: half a second');
  assert.equal(minimumTokenHits(4000, 2, 60), 4);
  assert.equal(minimumTokenHits(4001, 2, 60), 5);
  assert.equal(minimumTokenHits(4001, 2, 0), 5, 'skew 0 on a 2 s token: the 1 s minimum margin is also half the lifetime');
  assert.equal(minimumTokenHits(4001, 3, 0), 3, 'skew 0 on a 3 s token: 2 s of use each');
  assert.equal(minimumTokenHits(5, 3599, 60), 1, 'any run needs at least one token');
});

test('physical minimum: a token is usable for at most its lifetime less the one second servers round away', () => {
  assert.equal(physicalMinimumHits(60_000, 5), 15);
  assert.equal(physicalMinimumHits(60_001, 5), 16);
  assert.equal(physicalMinimumHits(36_000_000, 3599), 11);
  assert.equal(physicalMinimumHits(1, 5), 1, 'any run needs at least one token');
  assert.ok(minimumTokenHits(60_000, 5, 60) > physicalMinimumHits(60_000, 5), 'the half-lifetime cap costs short tokens hits');
});

test('variant collections: same requests, only the scripts differ; all but `committed` are the lean copy', async () => {
  const project = await loadBenchProject();
  assert.equal(project.skewSeconds, 60);
  const generated = project.collection.event!;
  assert.deepEqual(
    generated.map((event) => event.listen),
    ['prerequest'],
  );
  const scriptOf = (events: { listen: string; script: { exec: string[] } }[] | undefined, listen = 'prerequest') =>
    events?.find((event) => event.listen === listen)?.script.exec.join('\n');

  const own = await variantCollection(project, 'project', 5);
  assert.equal(scriptOf(own.event), leanScript(scriptOf(generated)!), 'the generated refresh script, lean as the CLI runs it');
  assert.doesNotMatch(JSON.stringify(own), /"description"/, 'the lean copy has no descriptions');
  assert.equal(own.item.length, 1, 'only the API folder: no token request is sent by the collection itself');
  const requests = own.item[0]!.item!;
  assert.equal(requests.length, 5);
  assert.equal(new Set(requests.map((request) => request.id)).size, 5, 'every copy has its own id');
  const apiTest = scriptOf(requests[0]!.event as never, 'test');
  assert.match(apiTest ?? '', /EXPECTED_STATUS/);

  const committed = await variantCollection(project, 'committed', 5);
  assert.deepEqual(committed.event, generated, 'the committed variant runs the generated scripts unchanged');

  const naive = await variantCollection(project, 'naive', 5);
  assert.match(scriptOf(naive.event) ?? '', /pm\.sendRequest/);
  assert.deepEqual(naive.item, own.item, 'the requests themselves are identical');

  const sameTests = await variantCollection(project, 'sameTests', 5);
  assert.deepEqual(sameTests.event, []);
  assert.deepEqual(sameTests.item, own.item, 'the same test scripts');

  const noScripts = await variantCollection(project, 'noScripts', 5);
  assert.deepEqual(noScripts.event, []);
  assert.ok(
    noScripts.item[0]!.item!.every((request) => request.event === undefined),
    'no script at all',
  );

  const empty = await variantCollection(project, 'emptyScript', 5);
  assert.equal(empty.event!.length, 1);
  assert.ok(empty.item[0]!.item!.every((request) => request.event === undefined));
});

test('simulated clock: the project keeps within its policy with no 401; expiry without a margin gets refused', async () => {
  const project = await loadBenchProject();
  const own = await variantCollection(project, 'project', 1);
  const prerequest = own.event![0]!.script.exec.join('\n');
  const apiTest = (own.item[0]!.item![0]!.event as { listen: string; script: { exec: string[] } }[])[0]!.script.exec.join('\n');
  const options = { apiTest, lifetimeSeconds: 5, skewSeconds: 60, spanMs: 20_000, intervalMs: 100, latencyMs: 5 };
  const ours = simulateRun({ ...options, prerequest });
  assert.equal(ours.unauthorized, 0);
  assert.ok(ours.tokensIssued >= physicalMinimumHits(ours.requestSpanMs, 5));
  assert.ok(ours.tokensIssued <= minimumTokenHits(ours.requestSpanMs, 5, 60) + 1, `${ours.tokensIssued} hits`);
  const expiryOnly = simulateRun({
    ...options,
    prerequest: await readFile(new URL('../bench/variants/expiry-only-prerequest.js', import.meta.url), 'utf8'),
  });
  assert.ok(expiryOnly.unauthorized > 0, 'the model refuses a token from its expiry second on, as oidc-provider does');
});

test('the contract-test variant: the same collection scripts, the generated whoAmI request with its contract test', async () => {
  const project = await loadBenchProject();
  const contract = await variantCollection(project, 'contractTest', 3);
  const plain = await variantCollection(project, 'project', 3);
  assert.deepEqual(contract.event, plain.event);
  const requests = contract.item[0]!.item! as unknown as {
    request: { url: { raw: string } };
    event: { script: { exec: string[] } }[];
  }[];
  assert.equal(requests.length, 3);
  for (const request of requests) {
    assert.equal(request.request.url.raw, '{{baseUrl}}/me');
    // The lean copy, as the CLI runs it (src/run/lean-collection.ts).
    assert.match(request.event[0]!.script.exec[0]!, /^'use sandbox2';var CONTRACT =\{"operation":"whoAmI"/);
  }
});

test('the synthetic OpenAPI document has the operations it claims, and generates', async () => {
  const { syntheticDocument } = await import('../bench/openapi.js');
  const { operationsOf } = await import('../src/openapi/operations.js');
  const { dereference } = await import('@readme/openapi-parser');
  const document = await dereference(syntheticDocument(200) as never);
  assert.equal(operationsOf(document as never, 'synthetic').operations.length, 200);
});
