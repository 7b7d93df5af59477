import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildEnvironmentTemplate } from '../src/collection/build-environment.js';
import type { EnvironmentConfig, LoadedProjectConfig } from '../src/config/project-config.js';
import { checkRequired } from '../src/config/requirements.js';
import {
  resolveEnvironment,
  type EnvironmentSources,
  type ServerLayer,
  type StoredTokenLayer,
} from '../src/config/resolve-environment.js';
import { selectEnvironment } from '../src/config/select-environment.js';
import { CliError } from '../src/errors.js';
import type { StoredToken } from '../src/login/token-store.js';
import { loadSandboxTokenFunctions } from '../src/token/sandbox-functions.js';
import { collectionScripts, runSandboxScript } from './support/sandbox.js';

/* The pure environment resolver, fed plain data: no files, no server, no process environment. */

// The collection's own refresh rule, which the stored-token layer is given.
const collectionRules = await loadSandboxTokenFunctions(() => undefined);

const PROD: EnvironmentConfig = {
  tokenUrl: 'https://sso.example.com/as/token.oauth2',
  authorizeUrl: 'https://sso.example.com/as/authorization.oauth2',
  redirectUri: 'http://127.0.0.1:8765/callback',
  baseUrl: '',
  clientAuth: 'body',
};
const LOCAL: EnvironmentConfig = {
  embeddedServer: true,
  tokenUrl: 'http://127.0.0.1:4010/as/token.oauth2',
  authorizeUrl: 'http://127.0.0.1:4010/as/authorization.oauth2',
  redirectUri: 'http://127.0.0.1:8765/callback',
  baseUrl: 'http://127.0.0.1:4010/api',
  clientId: 'local-demo-client',
};

function sources(
  config: EnvironmentConfig,
  user: { dotenv?: Record<string, string>; processEnv?: Record<string, string> } = {},
  envName = config.embeddedServer ? 'local' : 'prod',
): EnvironmentSources {
  return {
    envName,
    config,
    template: buildEnvironmentTemplate('test', envName, config),
    templateFile: `environments/${envName}.postman_environment.json`,
    dotenv: user.dotenv ?? {},
    processEnv: user.processEnv ?? {},
  };
}

const SERVER: ServerLayer = {
  label: 'the embedded server',
  values: {
    tokenUrl: 'http://127.0.0.1:50123/as/token.oauth2',
    authorizeUrl: 'http://127.0.0.1:50123/as/authorization.oauth2',
    baseUrl: 'http://127.0.0.1:50123/api',
    clientId: 'local-demo-client',
    clientSecret: 'local-demo-secret',
  },
  note: 'Embedded authorization server on http://127.0.0.1:50123 (demo client local-demo-client).',
};

describe('precedence: process environment > .env > template > config', () => {
  test('each layer wins over the ones below it, and says so in its origin', () => {
    const resolution = resolveEnvironment(
      sources(PROD, {
        dotenv: { OAUTH_CLIENT_ID: 'from-dotenv', API_BASE_URL: 'https://dotenv.example.com', OAUTH_SCOPE: 'a b' },
        processEnv: { OAUTH_CLIENT_ID: 'from-process', OAUTH_CLIENT_SECRET: 'ci-secret' },
      }),
    );
    assert.equal(resolution.get('clientId'), 'from-process');
    assert.equal(resolution.origin('clientId')?.label, 'OAUTH_CLIENT_ID (process environment)');
    assert.equal(resolution.get('baseUrl'), 'https://dotenv.example.com');
    assert.equal(resolution.origin('baseUrl')?.label, 'API_BASE_URL (.env)');
    assert.equal(resolution.get('clientSecret'), 'ci-secret');
    assert.equal(resolution.get('tokenUrl'), PROD.tokenUrl);
    assert.deepEqual(resolution.origin('tokenUrl'), {
      layer: 'config',
      label: 'environments.prod.tokenUrl in oauth-postman.config.json',
    });
    assert.deepEqual(resolution.origin('tokenRefreshSkewSeconds'), { layer: 'default', label: 'the default' });
    assert.equal(resolution.get('tokenRefreshSkewSeconds'), '60');
    assert.deepEqual(resolution.notes, []);
    assert.deepEqual(resolution.warnings, []);
  });

  test('empty and blank values count as unset (a CI system expands a missing secret to "")', () => {
    const resolution = resolveEnvironment(
      sources(PROD, {
        dotenv: { OAUTH_CLIENT_ID: 'from-dotenv' },
        processEnv: { OAUTH_CLIENT_ID: '  ', OAUTH_CLIENT_SECRET: '' },
      }),
    );
    assert.equal(resolution.get('clientId'), 'from-dotenv');
    assert.equal(resolution.get('clientSecret'), '');
    assert.equal(resolution.origin('clientSecret'), undefined);
  });

  test('a template that differs from the config (stale, or edited) is what is used, and named as the origin', () => {
    const input = sources(PROD);
    input.template = {
      ...input.template,
      values: input.template.values.map((entry) => (entry.key === 'scope' ? { ...entry, value: 'edited' } : entry)),
    };
    const resolution = resolveEnvironment(input);
    assert.equal(resolution.get('scope'), 'edited');
    assert.deepEqual(resolution.origin('scope'), { layer: 'template', label: 'environments/prod.postman_environment.json' });
  });

  test('token values left in the template by the Postman app are never reused', () => {
    const input = sources(PROD);
    input.template = {
      ...input.template,
      values: input.template.values.map((entry) =>
        entry.key === 'accessToken' || entry.key === 'accessTokenRefreshAt' ? { ...entry, value: 'left-over' } : entry,
      ),
    };
    const resolution = resolveEnvironment(input);
    assert.equal(resolution.get('accessToken'), '');
    assert.equal(resolution.environment.values.find((entry) => entry.key === 'accessToken')?.value, '');
    assert.equal(resolution.environment.values.find((entry) => entry.key === 'accessTokenRefreshAt')?.value, '');
  });

  test('the resolved environment is the template, every value filled in, secret typed secret', () => {
    const resolution = resolveEnvironment(sources(PROD, { processEnv: { OAUTH_CLIENT_SECRET: 's3cret' } }));
    const template = buildEnvironmentTemplate('test', 'prod', PROD);
    assert.equal(resolution.environment.id, template.id);
    assert.deepEqual(
      resolution.environment.values.map((entry) => entry.key),
      template.values.map((entry) => entry.key),
    );
    const secret = resolution.environment.values.find((entry) => entry.key === 'clientSecret');
    assert.deepEqual([secret?.value, secret?.type], ['s3cret', 'secret']);
  });
});

describe('the embedded server layer', () => {
  test('replaces URLs and client, ignores personal values with one note naming them, keeps scope and clientAuth', () => {
    const resolution = resolveEnvironment(
      sources(LOCAL, {
        dotenv: { OAUTH_CLIENT_ID: 'mine', OAUTH_SCOPE: 'api:read' },
        processEnv: { OAUTH_CLIENT_SECRET: 'real-secret', OAUTH_CLIENT_AUTH: 'basic' },
      }),
      { server: SERVER },
    );
    assert.equal(resolution.embeddedServer, true);
    assert.equal(resolution.get('tokenUrl'), SERVER.values.tokenUrl);
    assert.equal(resolution.get('clientSecret'), 'local-demo-secret');
    assert.deepEqual(resolution.origin('clientSecret'), { layer: 'server', label: 'the embedded server' });
    assert.equal(resolution.get('scope'), 'api:read');
    assert.equal(resolution.get('clientAuth'), 'basic');
    assert.deepEqual(resolution.warnings, [
      'Not used with the embedded server: OAUTH_CLIENT_ID (.env), OAUTH_CLIENT_SECRET (process environment).',
    ]);
    assert.deepEqual(resolution.notes, [SERVER.note]);
  });

  test("without a server layer (the server `serve` runs), the config's URLs stand and personal values are still ignored", () => {
    const resolution = resolveEnvironment(sources(LOCAL, { dotenv: { OAUTH_TOKEN_URL: 'https://elsewhere.example.com/t' } }), {
      server: { label: 'the server `npm run serve` runs', values: { clientId: 'local-browser-client' } },
    });
    assert.equal(resolution.get('tokenUrl'), LOCAL.tokenUrl);
    assert.equal(resolution.get('clientId'), 'local-browser-client');
  });
});

describe('the stored browser sign-in token layer', () => {
  const now = Date.parse('2026-05-04T10:00:00Z');
  const token: StoredToken = {
    accessToken: 'stored-access-token-0123456789',
    tokenType: 'Bearer',
    obtainedAt: now - 60_000,
    expiresAt: now - 60_000 + 3_600_000,
    grant: 'implicit',
    clientId: 'mine',
    authorizeUrl: PROD.authorizeUrl!,
  };
  const layer = (overrides: Partial<StoredToken> = {}, at = now): StoredTokenLayer => ({
    token: { ...token, ...overrides },
    file: '.oauth-postman/tokens/prod.json',
    now: at,
    skewSeconds: 60,
    refreshInstant: collectionRules.refreshInstant,
    signInTokenExpired: collectionRules.signInTokenExpired,
  });
  const signedIn = (storedToken: StoredTokenLayer, user: Record<string, string> = { OAUTH_CLIENT_ID: 'mine' }) =>
    resolveEnvironment(sources(PROD, { dotenv: user }), { storedToken });

  test('with no secret, fills the token variables, says so, and names the token file as their origin', () => {
    const resolution = signedIn(layer());
    assert.equal(resolution.get('accessToken'), token.accessToken);
    assert.equal(resolution.get('accessTokenExpiresAt'), String(token.expiresAt));
    assert.equal(resolution.get('accessTokenRefreshAt'), String(token.expiresAt - 60_000));
    assert.deepEqual(resolution.origin('accessToken'), { layer: 'stored-token', label: '.oauth-postman/tokens/prod.json' });
    assert.deepEqual(resolution.browserToken, {
      grant: 'implicit',
      tokenType: 'Bearer',
      scope: undefined,
      clientId: 'mine',
      expiresAt: token.expiresAt,
      obtainedAt: token.obtainedAt,
      accessToken: token.accessToken,
      file: '.oauth-postman/tokens/prod.json',
    });
    assert.deepEqual(resolution.notes, [
      'Using the browser sign-in token in .oauth-postman/tokens/prod.json (implicit grant, valid until 2026-05-04T10:59:00.000Z); no client secret is set.',
    ]);
  });

  test('past its expiry it is still handed over (the collection reports it) with the command to sign in again', () => {
    const resolution = signedIn(layer({}, token.expiresAt + 1));
    assert.ok(resolution.browserToken);
    assert.match(resolution.notes[0]!, /expired at 2026-05-04T10:59:00\.000Z: sign in again with `npm run login -- --env prod`/);
  });

  test("it counts as expired from the refresh rule's last second (storedTokenExpired), as token and doctor count it", () => {
    assert.match(signedIn(layer({}, token.expiresAt - 1001)).notes[0]!, /^Using the browser sign-in token/);
    assert.match(signedIn(layer({}, token.expiresAt - 1000)).notes[0]!, /expired at 2026-05-04T10:59:00\.000Z: sign in again/);
    // A token that lives 1 s: half its life.
    const short = { obtainedAt: token.expiresAt - 1000 };
    assert.match(signedIn(layer(short, token.expiresAt - 501)).notes[0]!, /^Using the browser sign-in token/);
    assert.match(signedIn(layer(short, token.expiresAt - 500)).notes[0]!, /expired at/);
  });

  test('the collection, run on the variables handed to it, stops sending the token at the instant the CLI counts it expired', () => {
    const scripts = collectionScripts();
    // Each lifetime with a skew below, at and above half of it: the skew must not move the instant.
    for (const [lifetimeMs, skewSeconds] of [
      [3_600_000, 60],
      [3_600_000, 0],
      [1000, 60],
      [1000, 0],
      [90_000, 60],
      [0, 60],
    ] as const) {
      const overrides = { obtainedAt: token.expiresAt - lifetimeMs };
      for (const left of [60_001, 1001, 1000, 999, 501, 500, 499, 0, -1]) {
        const at = token.expiresAt - left;
        const resolution = signedIn({ ...layer(overrides, at), skewSeconds });
        const handedOver = Object.fromEntries(resolution.environment.values.map((entry) => [entry.key, String(entry.value)]));
        const run = runSandboxScript(scripts.collectionPrerequest, { variables: handedOver, now: at });
        const cliSaysExpired = !resolution.notes[0]!.startsWith('Using');
        assert.equal(run.skipped, cliSaysExpired, `lifetime ${lifetimeMs} ms, skew ${skewSeconds} s, ${left} ms left`);
        assert.equal(run.tests.length, cliSaysExpired ? 1 : 0);
        assert.deepEqual(run.sentRequests, []);
      }
    }
  });

  test('a client secret wins: the token is not used, silently', () => {
    const resolution = signedIn(layer(), { OAUTH_CLIENT_ID: 'mine', OAUTH_CLIENT_SECRET: 'secret' });
    assert.equal(resolution.browserToken, undefined);
    assert.equal(resolution.get('accessToken'), '');
    assert.deepEqual(resolution.notes, []);
  });

  test('a token issued to another client id is ignored with one line saying so', () => {
    const resolution = signedIn(layer({ clientId: 'someone-else' }));
    assert.equal(resolution.browserToken, undefined);
    assert.equal(resolution.get('accessToken'), '');
    assert.deepEqual(resolution.warnings, [
      'Not using .oauth-postman/tokens/prod.json: it was issued to client someone-else, not mine.',
    ]);
    assert.deepEqual(resolution.notes, []);
  });

  test('a token from another authorization server is ignored with one line saying so', () => {
    const resolution = signedIn(layer(), { OAUTH_CLIENT_ID: 'mine', OAUTH_AUTHORIZE_URL: 'https://other.example.com/authorize' });
    assert.equal(resolution.browserToken, undefined);
    assert.deepEqual(resolution.warnings, [
      `Not using .oauth-postman/tokens/prod.json: it was issued by ${PROD.authorizeUrl}, not https://other.example.com/authorize.`,
    ]);
  });

  test('both differ: still one line, naming both', () => {
    const resolution = signedIn(layer({ clientId: 'other', authorizeUrl: 'https://old.example.com/as' }));
    assert.deepEqual(resolution.warnings, [
      `Not using .oauth-postman/tokens/prod.json: it was issued to client other, not mine and by https://old.example.com/as, not ${PROD.authorizeUrl}.`,
    ]);
  });

  test('never for the embedded server, whose tokens die with it', () => {
    const resolution = resolveEnvironment(sources(LOCAL), {
      server: { ...SERVER, values: { ...SERVER.values, clientSecret: '' } },
      storedToken: layer({ clientId: 'local-demo-client' }),
    });
    assert.equal(resolution.browserToken, undefined);
  });
});

describe('normalised in the resolution', () => {
  test('a trailing / on the base URL, from any layer, is dropped: requests append /me, never //me', () => {
    for (const user of [
      { dotenv: { API_BASE_URL: 'https://api.example.com/v1/' } },
      { processEnv: { API_BASE_URL: ' https://api.example.com/v1// ' } },
    ]) {
      assert.equal(resolveEnvironment(sources(PROD, user)).get('baseUrl'), 'https://api.example.com/v1');
    }
    const fromConfig = resolveEnvironment(sources({ ...PROD, baseUrl: 'https://api.example.com/v1/' }));
    assert.equal(fromConfig.get('baseUrl'), 'https://api.example.com/v1');
    assert.equal(fromConfig.environment.values.find((entry) => entry.key === 'baseUrl')?.value, 'https://api.example.com/v1');
    // The template the Postman app imports is generated the same way.
    const template = buildEnvironmentTemplate('test', 'prod', { ...PROD, baseUrl: 'https://api.example.com/v1/' });
    assert.equal(template.values.find((entry) => entry.key === 'baseUrl')?.value, 'https://api.example.com/v1');
  });

  test('other URLs keep their trailing /, which can be significant', () => {
    const resolution = resolveEnvironment(sources(PROD, { dotenv: { OAUTH_TOKEN_URL: 'https://sso.example.com/token/' } }));
    assert.equal(resolution.get('tokenUrl'), 'https://sso.example.com/token/');
  });
});

describe('which environment: --env, or the default for the kind of command', () => {
  const loaded = (environments: Record<string, EnvironmentConfig>): LoadedProjectConfig => ({
    config: { collection: { name: 'test', title: 'Test' }, environments, requests: [] },
    projectDir: '/project',
    file: '/project/oauth-postman.config.json',
  });
  const project = loaded({ prod: PROD, staging: PROD, local: LOCAL });

  test('left out: the embedded server for commands that need no set-up, the first real one for the others', () => {
    assert.equal(selectEnvironment(project, undefined, 'embedded').envName, 'local');
    assert.equal(selectEnvironment(project, undefined, 'real').envName, 'prod');
    assert.equal(selectEnvironment(loaded({ cloudsso: PROD }), undefined, 'embedded').envName, 'cloudsso');
  });

  test('empty is an error naming the choices, never a silent run on the default', () => {
    for (const empty of ['', '  ']) {
      assert.throws(
        () => selectEnvironment(project, empty, 'embedded'),
        (error: unknown) =>
          error instanceof CliError &&
          error.message === '--env is empty.' &&
          error.hint ===
            'Name one of: prod, staging, local (declared in oauth-postman.config.json), or leave --env out for local.',
      );
    }
  });

  test('no real environment to default to: the command asks for --env', () => {
    assert.throws(() => selectEnvironment(loaded({ local: LOCAL }), undefined, 'real'), /This command needs --env/);
  });
});

describe('what each command requires', () => {
  const prod = (user: Record<string, string>) => resolveEnvironment(sources(PROD, { processEnv: user }));
  const message = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      return `${(error as CliError).message} | ${(error as CliError).hint}`;
    }
    return 'no error';
  };
  const credentials = { OAUTH_CLIENT_ID: 'me', OAUTH_CLIENT_SECRET: 'secret' };

  test('token needs no API base URL; a run does', () => {
    assert.equal(
      message(() => checkRequired(prod(credentials), 'token')),
      'no error',
    );
    assert.match(
      message(() => checkRequired(prod(credentials), 'run')),
      /^baseUrl is empty for --env prod\./,
    );
  });

  test('a missing secret points at .env and at the browser sign-in, which there never was: "sign in", not "again"', () => {
    assert.equal(
      message(() => checkRequired(prod({ OAUTH_CLIENT_ID: 'me' }), 'token')),
      'clientSecret is empty for --env prod. | Set OAUTH_CLIENT_SECRET in .env (`npx oauth-postman init`, or copy .env.example) or in the process environment. Or sign in in a browser with `npm run login -- --env prod`.',
    );
  });

  test('the browser flows need no secret, and no API', () => {
    assert.equal(
      message(() => checkRequired(prod({ OAUTH_CLIENT_ID: 'me' }), 'sign-in')),
      'no error',
    );
    const noRedirect = resolveEnvironment(
      sources({ ...PROD, redirectUri: undefined }, { processEnv: { OAUTH_CLIENT_ID: 'me' } }),
    );
    assert.match(
      message(() => checkRequired(noRedirect, 'sign-in')),
      /^redirectUri is empty for --env prod\./,
    );
  });

  test('a bad value names where it came from', () => {
    assert.equal(
      message(() => checkRequired(prod({ ...credentials, API_BASE_URL: 'api.example.com' }), 'run')),
      'baseUrl is not an http(s) URL: "api.example.com" (from API_BASE_URL (process environment)). | Use an absolute URL: set API_BASE_URL in .env (`npx oauth-postman init`, or copy .env.example) or in the process environment, or baseUrl of environments.prod in oauth-postman.config.json (then `npm run generate`).',
    );
    assert.match(
      message(() => checkRequired(prod({ ...credentials, OAUTH_CLIENT_AUTH: 'header' }), 'token')),
      /^clientAuth is "header" \(from OAUTH_CLIENT_AUTH \(process environment\)\)\./,
    );
  });
});
