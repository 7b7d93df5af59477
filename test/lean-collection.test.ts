import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import newman, { type NewmanRunSummary } from 'newman';
import type { PostmanEnvironment } from '../src/config/environment-file.js';
import { leanCollection, leanEnvironment } from '../src/run/lean-collection.js';
import { leanScript, startsWithSandbox2Marker, stripScript } from '../src/run/lean-script.js';
import { runnableItems } from '../src/run/run-selection.js';
import { startAuthorizationServer, type RunningAuthorizationServer } from '../src/server/authorization-server.js';
import { makeProject, repoRoot, runCli } from './support/project.js';
import { collectionScripts, runSandboxScript, type FakeResponse, type SandboxSetup } from './support/sandbox.js';

/*
 * Newman runs a lean copy of the collection (src/run/lean-collection.ts). These tests show that
 * the copy behaves exactly as the committed collection: the same assertions with the same results,
 * the same token fetches, no 401, in Newman against the real local server and, for many token
 * responses, in the scripts themselves.
 */

type Json = Record<string, unknown>;
const committed = JSON.parse(
  readFileSync(join(repoRoot, 'collections', 'cloudsso-oauth.postman_collection.json'), 'utf8'),
) as Json & { item: Json[]; event: Json[] };
const localEnvironment = JSON.parse(
  readFileSync(join(repoRoot, 'environments', 'local.postman_environment.json'), 'utf8'),
) as PostmanEnvironment;

/** Every script text in a collection, in document order. */
function scriptsOf(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(scriptsOf);
  if (typeof node !== 'object' || node === null) return [];
  const record = node as Json;
  const own = Array.isArray(record.exec) ? [(record.exec as string[]).join('\n')] : [];
  return [...own, ...Object.values(record).flatMap(scriptsOf)];
}

/** Paths of every `description` in a collection. */
function descriptionsOf(node: unknown, path = ''): string[] {
  if (Array.isArray(node)) return node.flatMap((child, index) => descriptionsOf(child, `${path}[${index}]`));
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node as Json).flatMap(([key, value]) =>
    key === 'description' ? [path] : descriptionsOf(value, `${path}.${key}`),
  );
}

describe('stripScript: comments and whitespace out, the program unchanged', () => {
  test('comments and indentation go; names, strings, regular expressions and templates stay as written', () => {
    const source = [
      '// a line comment',
      '/* a block',
      '   comment */',
      'var greeting = "hello   // not a comment";',
      'var pattern = /a  b\\/* c/g; // after code',
      'var text = `x  ${ greeting /* inside */ }  y`;',
      'if (pattern.test(text)) {',
      '    console.log(greeting + text);',
      '}',
    ].join('\n');
    const stripped = stripScript(source);
    assert.equal(
      stripped,
      'var greeting ="hello   // not a comment";var pattern =/a  b\\/* c/g;var text =`x  ${greeting}  y`;if(pattern.test(text)){console.log(greeting+text);}',
    );
  });

  test('a line break stays where a statement may end at it (automatic semicolon insertion)', () => {
    const cases: [string, string][] = [
      ['function f() {\n  return\n  42;\n}', 'function f(){return\n42;}'],
      ['var a = 1\nvar b = a\n++b', 'var a =1\nvar b =a\n++b'],
      ['var x = y\n(z)', 'var x =y\n(z)'],
      ['a = b\n/re/g.test(c)', 'a =b\n/re/g.test(c)'],
      ['throw new Error("x")\n', 'throw new Error("x")'],
    ];
    for (const [source, expected] of cases) {
      const stripped = stripScript(source);
      assert.equal(stripped, expected, source);
    }
  });

  test('tokens that would run together keep a space between them', () => {
    const cases: [string, string][] = [
      ['a = b + +c', 'a =b+ +c'],
      ['a = b - -c', 'a =b- -c'],
      ['a = 1 .toString()', 'a =1 .toString()'],
      ['if (a < !--b) c()', 'if(a< !--b)c()'],
      ['x = typeof y in z', 'x =typeof y in z'],
      ['x = a / /re/.exec(b)', 'x =a/ /re/.exec(b)'],
      // A name keeps its space before `=`: `accessToken=…` would read as a parameter to the run's masker.
      ['if (accessToken == null) accessToken = next()', 'if(accessToken ==null)accessToken =next()'],
    ];
    for (const [source, expected] of cases) assert.equal(stripScript(source), expected, source);
  });

  test('a script the sandbox accepts as a function body (a top-level return) is stripped too', () => {
    assert.equal(
      stripScript('if (!pm.response) {\n  return; // nothing to check\n}\npm.test("ok", f);'),
      'if(!pm.response){return;}\npm.test("ok",f);',
    );
  });

  test('what does not parse is left exactly as it was', () => {
    for (const source of ['var a = ;  // broken', 'import x from "y"; // a module', 'await pm.sendRequest(x) // top level']) {
      assert.equal(stripScript(source), source);
    }
  });

  test("'use sandbox2' keeps its meaning: a marker stays first, and none appears by removing a comment", () => {
    assert.equal(stripScript("'use sandbox2';\n// comment\npm.test('a', f);"), "'use sandbox2';pm.test('a',f);");
    const hidden =
      "// the marker below is not the first line, so the sandbox keeps its legacy globals\n'use sandbox2';\nbtoa('x');";
    assert.equal(stripScript(hidden), hidden);
    assert.equal(startsWithSandbox2Marker(hidden), false);
  });

  test('every script of the committed collection gets smaller and loses every comment', () => {
    for (const source of scriptsOf(committed)) {
      const stripped = stripScript(source);
      assert.ok(stripped.length < source.length * 0.75, `${source.length} → ${stripped.length} characters`);
      assert.doesNotMatch(stripped, /^\s*\/\/|\/\*\*? /m, 'no comment left');
      assert.doesNotMatch(stripped, /^ {2}/m, 'no indentation left');
    }
  });
});

describe("'use sandbox2': only for a script that provably needs none of the legacy globals", () => {
  const marked = (source: string) => startsWithSandbox2Marker(leanScript(source));

  test('pm and names of its own: marked; names used as property names do not count', () => {
    assert.equal(marked('pm.test("ok", function () { pm.expect(pm.response.code).to.equal(200); });'), true);
    assert.equal(marked('var o = { tests: 1, btoa: 2 }; o.responseBody = pm.environment.get("x");'), true);
    assert.equal(marked('class A { request() {} }'), true);
  });

  test('a legacy global, `this`, `eval` or `with`: the legacy setup stays', () => {
    for (const source of [
      'pm.environment.set("auth", btoa("a:b"));',
      'tests["status"] = responseCode.code === 200;',
      'var body = JSON.parse(responseBody);',
      'postman.setNextRequest(null);',
      'var o = { btoa };',
      'this.btoa("x");',
      'eval("1");',
      'with (pm) { test("a", function () {}); }',
      'var _ = 1;',
    ]) {
      assert.equal(marked(source), false, source);
    }
  });

  test('a script that already starts with the marker keeps one; one that does not parse gets none', () => {
    assert.equal(leanScript("'use sandbox2';\npm.test('a', f);"), "'use sandbox2';pm.test('a',f);");
    assert.equal(leanScript('var a = ;'), 'var a = ;');
  });

  test('in the committed collection: the test scripts are marked, the two that may send Basic (btoa) are not', () => {
    const lean = leanCollection(committed, { keepReportedDescriptions: false }) as { event: Json[]; item: Json[] };
    const scripts = collectionScripts();
    const byText = new Map(scriptsOf(committed).map((text, index) => [text, scriptsOf(lean)[index]!]));
    assert.equal(startsWithSandbox2Marker(byText.get(scripts.collectionPrerequest)!), false);
    assert.equal(startsWithSandbox2Marker(byText.get(scripts.tokenRequestPrerequest)!), false);
    assert.equal(startsWithSandbox2Marker(byText.get(scripts.tokenRequestTest)!), true);
    assert.equal(startsWithSandbox2Marker(byText.get(scripts.apiRequestTest)!), true);
  });
});

describe('leanCollection', () => {
  test('drops descriptions and strips scripts, without touching the collection it was given', () => {
    const before = JSON.stringify(committed);
    const lean = leanCollection(committed, { keepReportedDescriptions: false });
    assert.equal(JSON.stringify(committed), before, 'the committed collection keeps its documentation');
    assert.ok(descriptionsOf(committed).length > 10);
    assert.deepEqual(descriptionsOf(lean), []);
    assert.deepEqual(scriptsOf(lean), scriptsOf(committed).map(leanScript));
    assert.ok(JSON.stringify(lean).length < before.length * 0.6, `${before.length} → ${JSON.stringify(lean).length} characters`);
  });

  test('with the htmlextra report, the descriptions it shows (collection, folders, requests) stay', () => {
    const lean = leanCollection(committed, { keepReportedDescriptions: true });
    const kept = descriptionsOf(lean);
    assert.ok(kept.includes('.info'));
    assert.ok(
      kept.some((path) => /^\.item\[\d+\]$/.test(path)),
      'a folder description',
    );
    assert.ok(
      kept.some((path) => /\.request$/.test(path)),
      'a request description',
    );
    assert.deepEqual(
      kept.filter((path) => path.includes('variable')),
      [],
      'variables lose theirs',
    );
  });

  test('the environment loses its values’ descriptions and nothing else', () => {
    const lean = leanEnvironment(localEnvironment);
    assert.deepEqual(
      lean.values.map((value) => [value.key, value.value, value.type, value.enabled, 'description' in value]),
      localEnvironment.values.map((value) => [value.key, value.value, value.type, value.enabled, false]),
    );
    assert.ok(
      localEnvironment.values.every((value) => value.description),
      'the template still has them',
    );
  });
});

describe('the lean scripts do what the committed ones do, for every kind of token response', () => {
  const committedScripts = collectionScripts();
  const lean = (text: string) => leanScript(text);
  const credentials = { tokenUrl: 'https://sso.example.com/as/token.oauth2', clientId: 'app', clientSecret: 's3cret-value' };
  const json = (status: number, body: unknown, headers: Record<string, string> = {}): FakeResponse => ({
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const responses: [string, FakeResponse | undefined][] = [
    ['a token', json(200, { access_token: 'tok-abc', token_type: 'Bearer', expires_in: 3599 })],
    ['a string expires_in', json(200, { access_token: 'tok-abc', token_type: 'bearer', expires_in: '120' })],
    ['no expires_in', json(200, { access_token: 'tok-abc', token_type: 'Bearer' })],
    ['expires_in 0', json(200, { access_token: 'tok-abc', token_type: 'Bearer', expires_in: 0 })],
    ['a MAC token', json(200, { access_token: 'tok-abc', token_type: 'mac', expires_in: 60 })],
    ['invalid_client', json(401, { error: 'invalid_client', error_description: 'bad secret' })],
    ['an HTML error page', { status: 500, headers: { 'Content-Type': 'text/html' }, body: '<html>oops</html>' }],
    ['a redirect', { status: 302, headers: { Location: 'https://elsewhere.example.com/login' } }],
    ['no response', undefined],
  ];
  const settings: [string, Record<string, string>][] = [
    ['body', {}],
    ['basic', { clientAuth: 'basic' }],
    ['query', { clientAuth: 'query', scope: 'api.read' }],
  ];
  const comparable = ({
    tests,
    warnings,
    logs,
    environment,
    sentRequests,
    skipped,
    request,
  }: ReturnType<typeof runSandboxScript>) => {
    // Instants differ between two runs by the time between them; their presence and shape must not.
    const values = [...environment].map(([key, value]) => [key, /At$/.test(key) ? /^\d{13}$/.test(value) : value]);
    return { tests, warnings, logs, environment: values, sentRequests, skipped, request };
  };
  const same = (name: string, text: string, setup: SandboxSetup) => {
    assert.deepEqual(comparable(runSandboxScript(lean(text), setup)), comparable(runSandboxScript(text, setup)), name);
  };

  test('the refresh script and the Token request’s scripts', () => {
    for (const [responseName, response] of responses) {
      for (const [authName, extra] of settings) {
        const variables = { ...credentials, ...extra };
        const sendRequest = response
          ? { response }
          : { error: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) };
        same(`refresh, ${responseName}, ${authName}`, committedScripts.collectionPrerequest, { variables, sendRequest });
        same(`token request, ${authName}`, committedScripts.tokenRequestPrerequest, { variables });
        if (response) same(`token tests, ${responseName}`, committedScripts.tokenRequestTest, { variables, response });
      }
    }
    const fresh = { ...credentials, accessToken: 'tok', accessTokenRefreshAt: String(Date.now() + 60_000) };
    same('refresh, fresh token', committedScripts.collectionPrerequest, { variables: fresh });
    same('refresh, no secret', committedScripts.collectionPrerequest, { variables: { tokenUrl: credentials.tokenUrl } });
    same('refresh, own auth', committedScripts.collectionPrerequest, { variables: credentials, auth: { type: 'basic' } });
  });

  test('the API request’s test script', () => {
    for (const status of [200, 401, 403, 500]) {
      same(`API ${status}`, committedScripts.apiRequestTest, {
        variables: { accessToken: 'tok' },
        response: { status, headers: status === 401 ? { 'WWW-Authenticate': 'Bearer error="invalid_token"' } : {} },
      });
    }
  });
});

describe('Newman: the committed collection and its lean copy against the real local server', () => {
  interface Observed {
    assertions: [string, string, string | null][];
    consoleLines: string[];
    stats: { requests: number; prerequestScripts: number; testScripts: number; failures: number };
    tokensIssued: number;
    unauthorized: number;
  }

  interface RunSettings {
    iterations: number;
    delayMs: number;
    /** undefined: the whole collection. */
    folders: string[] | undefined;
  }

  async function observe(
    server: RunningAuthorizationServer,
    collection: object,
    environment: PostmanEnvironment,
    run: RunSettings,
  ): Promise<Observed> {
    const before = { ...server.stats };
    const consoleLines: string[] = [];
    const summary = await new Promise<NewmanRunSummary>((resolve, reject) => {
      const emitter = newman.run(
        {
          collection,
          environment,
          reporters: [],
          iterationCount: run.iterations,
          delayRequest: run.delayMs,
          folder: run.folders,
          ignoreRedirects: true,
        } as newman.NewmanRunOptions,
        (error, result) => (error ? reject(error) : resolve(result)),
      );
      emitter.on('console', (_error, event: { level: string; messages: unknown[] }) =>
        consoleLines.push(`${event.level}: ${event.messages.join(' ')}`),
      );
    });
    const stats = summary.run.stats;
    const observed: Observed = {
      assertions: summary.run.executions.flatMap((execution) =>
        (execution.assertions ?? []).map(
          (assertion) =>
            [execution.item.name, assertion.assertion, assertion.error?.message ?? null] as [string, string, string | null],
        ),
      ),
      consoleLines,
      stats: {
        requests: stats.requests.total ?? 0,
        prerequestScripts: stats.prerequestScripts.total ?? 0,
        testScripts: stats.testScripts.total ?? 0,
        failures: summary.run.failures.length,
      },
      tokensIssued: server.stats.tokensIssued - before.tokensIssued,
      unauthorized: server.stats.apiUnauthorized - before.apiUnauthorized,
    };
    return observed;
  }

  function environmentFor(server: RunningAuthorizationServer, overrides: Record<string, string>): PostmanEnvironment {
    const values: Record<string, string> = {
      tokenUrl: server.tokenUrl,
      baseUrl: server.apiBaseUrl,
      clientId: server.demoClient.clientId,
      clientSecret: server.demoClient.clientSecret,
      ...overrides,
    };
    return {
      ...localEnvironment,
      values: localEnvironment.values.map((entry) => ({ ...entry, value: values[entry.key] ?? entry.value })),
    };
  }

  const runs: { name: string; tokenTtlSeconds: number; overrides: Record<string, string>; run: RunSettings; tokens: number }[] = [
    {
      // Every folder a run takes (contract tests included), one-hour tokens: the Token request's
      // token serves every request of its iteration, however slow the machine.
      name: 'reuse, every runnable folder, client secret in the body',
      tokenTtlSeconds: 3600,
      overrides: {},
      run: { iterations: 2, delayMs: 0, folders: runnableItems(committed, undefined, false) },
      tokens: 2,
    },
    {
      // 2 s tokens, refreshed 1 s early, 1.2 s between requests: every API request needs a new
      // token, fetched by the refresh script (one per iteration by the Token request, one for Who am I).
      name: 'refresh before every API request, Basic client authentication',
      tokenTtlSeconds: 2,
      overrides: { clientAuth: 'basic' },
      run: { iterations: 2, delayMs: 1200, folders: ['Token', 'API'] },
      tokens: 4,
    },
  ];
  for (const { name, tokenTtlSeconds, overrides, run, tokens } of runs) {
    test(name, async () => {
      const server = await startAuthorizationServer({ tokenTtlSeconds });
      try {
        const environment = environmentFor(server, overrides);
        const original = await observe(server, committed, environment, run);
        const lean = await observe(
          server,
          leanCollection(committed, { keepReportedDescriptions: false }),
          leanEnvironment(environment),
          run,
        );
        assert.deepEqual(lean, original);
        assert.equal(original.tokensIssued, tokens, 'token fetches');
        assert.equal(original.unauthorized, 0, 'no 401');
        assert.equal(original.stats.failures, 0);
        assert.ok(original.assertions.length >= 6 * run.iterations, `${original.assertions.length} assertions`);
      } finally {
        await server.close();
      }
    });
  }
});

test('the CLI hands Newman the lean copy; the project keeps its documented collection', async () => {
  const project = await makeProject();
  try {
    const file = join(project.dir, 'collections', 'cloudsso-oauth.postman_collection.json');
    const before = await readFile(file, 'utf8');
    const result = await runCli(['newman', '--folder', 'Token', '--reporters', 'json'], { cwd: project.dir });
    assert.equal(result.code, 0, result.output);
    const report = JSON.parse(await readFile(join(project.dir, 'reports', 'newman-report.json'), 'utf8')) as { collection: Json };
    assert.deepEqual(descriptionsOf(report.collection), [], 'the collection that ran has no description');
    // The report's copy passed the run's masker: the lean scripts come through it unchanged.
    const ran = scriptsOf(report.collection);
    assert.ok(ran.length > 0);
    assert.deepEqual(ran, scriptsOf(committed).map(leanScript), 'the scripts that ran are the lean ones, unmasked');
    assert.equal(await readFile(file, 'utf8'), before, 'the collection file is unchanged');
  } finally {
    await project.remove();
  }
});
