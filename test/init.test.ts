import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { readUserOverlay } from '../src/config/overlay.js';
import { quoteDotenvValue } from '../src/onboarding/dotenv-file.js';
import { startAuthorizationServer, type RunningAuthorizationServer } from '../src/server/authorization-server.js';
import { cleanEnv, cliPath, makeProject, repoRoot, runCli } from './support/project.js';
import { waitFor } from './support/wait.js';

let project: { dir: string; remove: () => Promise<void> };
const dotenvFile = () => join(project.dir, '.env');
const SECRET = 'Init-Secret #1 with spaces';

before(async () => {
  project = await makeProject();
});
after(async () => {
  await project.remove();
});
beforeEach(async () => {
  await rm(dotenvFile(), { force: true });
});

describe('init without a terminal (flags, stdin piped)', () => {
  test('writes .env with mode 0600 and the values read back as given; the secret is never printed', async () => {
    const result = await runCli(
      ['init', '--env', 'prod', '--client-id', 'my-app', '--client-secret-stdin', '--api-base-url', 'https://api.example.com/v1'],
      { cwd: project.dir, input: `${SECRET}\n` },
    );
    assert.equal(result.code, 0, result.output);
    assert.equal((await stat(dotenvFile())).mode & 0o777, 0o600);
    const overlay = await readUserOverlay(project.dir, {});
    assert.equal(overlay.values.get('clientId'), 'my-app');
    assert.equal(overlay.values.get('clientSecret'), SECRET);
    assert.equal(overlay.values.get('baseUrl'), 'https://api.example.com/v1');
    assert.equal(overlay.values.get('tokenUrl'), undefined, 'the config default stays in charge (commented out)');
    assert.ok(!result.output.includes(SECRET), 'the secret is not printed');
    assert.match(result.stdout, /✓ Wrote \.env for --env prod/);
    assert.match(result.stdout, /npm run token -- --env prod/);
    assert.match(result.stdout, /npm run newman -- --env prod/);
  });

  test('the secret can come from OAUTH_CLIENT_SECRET instead of stdin', async () => {
    const result = await runCli(['init', '--client-id', 'my-app', '--api-base-url', 'https://api.example.com'], {
      cwd: project.dir,
      env: { OAUTH_CLIENT_SECRET: SECRET },
    });
    assert.equal(result.code, 0, result.output);
    assert.equal((await readUserOverlay(project.dir, {})).values.get('clientSecret'), SECRET);
    assert.ok(!result.output.includes(SECRET));
  });

  test('an existing .env is refused without --force, naming the file and the flag, and left as it was', async () => {
    await writeFile(dotenvFile(), 'OAUTH_CLIENT_ID=keep-me\n');
    const refused = await runCli(
      ['init', '--client-id', 'other', '--client-secret-stdin', '--api-base-url', 'https://a.example'],
      {
        cwd: project.dir,
        input: 'whatever\n',
      },
    );
    assert.equal(refused.code, 2, refused.output);
    assert.match(refused.stderr, /✗ .*\/\.env already exists/);
    assert.match(refused.stderr, /--force/);
    assert.equal(await readFile(dotenvFile(), 'utf8'), 'OAUTH_CLIENT_ID=keep-me\n');

    const forced = await runCli(
      ['init', '--force', '--client-id', 'other', '--client-secret-stdin', '--api-base-url', 'https://a.example'],
      { cwd: project.dir, input: `${SECRET}\n` },
    );
    assert.equal(forced.code, 0, forced.output);
    assert.equal((await readUserOverlay(project.dir, {})).values.get('clientId'), 'other');
    assert.equal((await stat(dotenvFile())).mode & 0o777, 0o600);
  });

  test('missing values are named with their flags, and nothing is written', async () => {
    const result = await runCli(['init'], { cwd: project.dir });
    assert.equal(result.code, 2, result.output);
    assert.match(result.stderr, /Without a terminal, init needs --client-id ID .*--client-secret-stdin .*--api-base-url URL/);
    await assert.rejects(stat(dotenvFile()), { code: 'ENOENT' });
  });

  test('an empty piped secret and a non-URL base URL are refused', async () => {
    const empty = await runCli(['init', '--client-id', 'a', '--client-secret-stdin', '--api-base-url', 'https://a.example'], {
      cwd: project.dir,
      input: '\n',
    });
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /The client secret is empty/);
    const badUrl = await runCli(['init', '--client-id', 'a', '--client-secret-stdin', '--api-base-url', 'api.example.com'], {
      cwd: project.dir,
      input: 'x\n',
    });
    assert.equal(badUrl.code, 2);
    assert.match(
      badUrl.stderr,
      /^✗ The API base URL: "api\.example\.com" is not an http\(s\) URL\.$/m,
      'named, as the server URLs are',
    );
    await assert.rejects(stat(dotenvFile()), { code: 'ENOENT' });
  });

  test('--env local needs no .env and says so', async () => {
    const result = await runCli(['init', '--env', 'local'], { cwd: project.dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--env local uses the embedded server/);
  });

  test("--token-url, --authorize-url and --redirect-uri go into .env; a value equal to the config's stays a comment", async () => {
    const result = await runCli(
      [
        'init',
        '--client-id',
        'my-app',
        '--client-secret-stdin',
        '--api-base-url',
        'https://api.example.com',
        '--token-url',
        'https://sso.other.example/oauth2/token',
        '--authorize-url',
        'https://cloudsso.cisco.com/as/authorization.oauth2',
        '--redirect-uri',
        'http://127.0.0.1:8765/callback',
      ],
      { cwd: project.dir, input: `${SECRET}\n` },
    );
    assert.equal(result.code, 0, result.output);
    const overlay = await readUserOverlay(project.dir, {});
    assert.equal(overlay.values.get('tokenUrl'), 'https://sso.other.example/oauth2/token');
    assert.equal(overlay.values.get('redirectUri'), 'http://127.0.0.1:8765/callback');
    assert.equal(overlay.values.get('authorizeUrl'), undefined, "cloudsso's, as in the config");
    assert.match(
      await readFile(dotenvFile(), 'utf8'),
      /^# OAUTH_AUTHORIZE_URL=https:\/\/cloudsso\.cisco\.com\/as\/authorization\.oauth2$/m,
    );

    const bad = await runCli(['init', '--force', '--client-id', 'a', '--token-url', 'sso.other.example/token'], {
      cwd: project.dir,
      env: { OAUTH_CLIENT_SECRET: SECRET, API_BASE_URL: 'https://api.example.com' },
    });
    assert.equal(bad.code, 2, bad.output);
    assert.match(bad.stderr, /^✗ --token-url: "sso\.other\.example\/token" is not an http\(s\) URL\.$/m);

    // The same value from the process environment is named as the user gave it there.
    const badFromEnvironment = await runCli(['init', '--force', '--client-id', 'a'], {
      cwd: project.dir,
      env: { OAUTH_CLIENT_SECRET: SECRET, API_BASE_URL: 'https://api.example.com', OAUTH_TOKEN_URL: 'sso.other.example/token' },
    });
    assert.equal(badFromEnvironment.code, 2, badFromEnvironment.output);
    assert.match(badFromEnvironment.stderr, /^✗ OAUTH_TOKEN_URL: "sso\.other\.example\/token" is not an http\(s\) URL\.$/m);
  });

  test('init --force replaces what it is given and keeps every value it neither asks for nor is given', async () => {
    await writeFile(
      dotenvFile(),
      [
        'OAUTH_CLIENT_ID=old-app',
        'OAUTH_CLIENT_SECRET=old-secret-value',
        'API_BASE_URL=https://kept.example/api',
        'OAUTH_TOKEN_URL=https://sso.other.example/token',
        'OAUTH_SCOPE=read write',
        'OAUTH_CLIENT_AUTH=basic',
        'TOKEN_REFRESH_SKEW_SECONDS=30',
        'MY_OWN_SETTING=keep me',
        '',
      ].join('\n'),
    );
    const result = await runCli(['init', '--force', '--client-id', 'new-app', '--client-secret-stdin'], {
      cwd: project.dir,
      input: `${SECRET}\n`,
    });
    assert.equal(result.code, 0, result.output);
    const overlay = await readUserOverlay(project.dir, {});
    assert.equal(overlay.values.get('clientId'), 'new-app');
    assert.equal(overlay.values.get('clientSecret'), SECRET);
    assert.equal(overlay.values.get('baseUrl'), 'https://kept.example/api', 'not asked: the API base URL was there');
    assert.equal(overlay.values.get('tokenUrl'), 'https://sso.other.example/token');
    assert.equal(overlay.values.get('scope'), 'read write');
    assert.equal(overlay.values.get('clientAuth'), 'basic');
    assert.equal(overlay.values.get('tokenRefreshSkewSeconds'), '30');
    const { default: dotenv } = await import('dotenv');
    assert.equal(dotenv.parse(await readFile(dotenvFile(), 'utf8')).MY_OWN_SETTING, 'keep me');
    assert.ok(!(await readFile(dotenvFile(), 'utf8')).includes('old-secret-value'));
  });

  test('the non-terminal example of init --help and the README works as written', async () => {
    const help = (await runCli(['init', '--help'], { cwd: project.dir })).stdout;
    // Two lines, so that no terminal width wraps it: the first ends with the shell's line continuation.
    const lines = help.split('\n');
    const first = lines.findIndex((line) => line.trim().startsWith('printenv MY_SECRET |'));
    assert.ok(first >= 0 && lines[first]!.endsWith(' \\'), help);
    const example = `${lines[first]!.trim()}\n    ${lines[first + 1]!.trim()}`;
    assert.ok((await readFile(join(repoRoot, 'README.md'), 'utf8')).includes(example), 'the README shows the same command');
    // As a user runs it in their clone, where `npx oauth-postman` is this CLI.
    assert.match(example, / \| npx oauth-postman init /);
    const command = example.replace('npx oauth-postman', `${JSON.stringify(process.execPath)} ${JSON.stringify(cliPath)}`);
    const run = spawnSync('sh', ['-c', command], { cwd: project.dir, env: cleanEnv({ MY_SECRET: SECRET }), encoding: 'utf8' });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const overlay = await readUserOverlay(project.dir, {});
    assert.equal(overlay.values.get('clientId'), 'ID');
    assert.equal(overlay.values.get('clientSecret'), SECRET);
  });

  test('--client-secret VALUE is refused, pointing to --client-secret-stdin, without printing the value', async () => {
    for (const args of [['--client-secret', 'on-the-command-line-1'], ['--client-secret=on-the-command-line-1']]) {
      const result = await runCli(['init', '--client-id', 'a', '--api-base-url', 'https://a.example', ...args], {
        cwd: project.dir,
      });
      assert.equal(result.code, 2, result.output);
      assert.match(
        result.stderr,
        /^✗ There is no --client-secret: a secret on the command line ends up in shell history and in `ps`\.$/m,
      );
      assert.match(
        result.stderr,
        /Fix: Pipe it in with --client-secret-stdin, e\.g\. `printenv MY_SECRET \| npx oauth-postman init/,
      );
      assert.ok(!result.output.includes('on-the-command-line-1'));
      await assert.rejects(stat(dotenvFile()), { code: 'ENOENT' });
    }
  });

  test('--help explains why there is no --client-secret flag', async () => {
    const result = await runCli(['init', '--help'], { cwd: project.dir });
    assert.equal(result.code, 0);
    assert.match(result.stdout, /--client-secret-stdin/);
    assert.match(result.stdout, /shell\s+history and `ps`/);
  });
});

test('quoteDotenvValue: values with #, quotes and spaces survive a round trip through dotenv', async () => {
  const { default: dotenv } = await import('dotenv');
  for (const value of ['a#b c', "it's", 'say "hi" it\'s', "back`tick's", '  padded  ', 'x\\ny']) {
    const line = quoteDotenvValue('K', value);
    assert.equal(dotenv.parse(`${line}\n`).K, value, line);
  }
  assert.throws(() => quoteDotenvValue('K', 'a\'b"c`d'), /cannot hold it unchanged/);
  assert.throws(() => quoteDotenvValue('K', 'two\nlines'), /line break/);
});

describe('from init to a green run', () => {
  let server: RunningAuthorizationServer;
  before(async () => {
    server = await startAuthorizationServer();
  });
  after(async () => {
    await server.close();
  });

  test('the .env init writes is what `newman --env prod` uses', async () => {
    const init = await runCli(
      ['init', '--client-id', server.demoClient.clientId, '--client-secret-stdin', '--api-base-url', server.apiBaseUrl],
      { cwd: project.dir, input: `${server.demoClient.clientSecret}\n` },
    );
    assert.equal(init.code, 0, init.output);
    const before = server.stats.tokensIssued;
    // Only the token URL comes from the process environment: prod's is cloudsso's.
    const run = await runCli(['newman', '--env', 'prod'], { cwd: project.dir, env: { OAUTH_TOKEN_URL: server.tokenUrl } });
    assert.equal(run.code, 0, run.output);
    assert.equal(server.stats.tokensIssued - before, 1);
  });
});

/*
 * The interactive path, in a real pseudo-terminal: util-linux `script` gives the CLI a tty, and
 * the answers are typed only once each prompt is on screen (typed earlier, the terminal would
 * still be in cooked mode and echo them).
 */
const hasScript = spawnSync('script', ['--version']).status === 0;

test('init in a terminal prompts, hides the secret, and writes .env', {
  skip: !hasScript && 'util-linux script is not installed',
}, async () => {
  const child = spawn('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(cliPath)} init`, '/dev/null'], {
    cwd: project.dir,
    env: cleanEnv({ TERM: 'dumb' }),
  });
  let screen = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  const hangGuard = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const waitForScreen = (pattern: RegExp) =>
    waitFor(() => pattern.test(screen), {
      timeoutMs: 30_000,
      what: `init to show ${pattern}`,
      giveUpIf: () => child.exitCode !== null && `init exited (${child.exitCode}); the screen:\n${screen}`,
    });
  try {
    // The server's addresses first, cloudsso's offered: Enter keeps them, or type another.
    await waitForScreen(/Token URL \(the token endpoint\):\s*\(https:\/\/cloudsso\.cisco\.com\/as\/token\.oauth2\)/);
    assert.match(screen, /your own application registered on cloudsso \(or your OAuth server\)/);
    child.stdin.write('\r');
    await waitForScreen(/Authorization URL \(browser sign-in\):\s*\(https:\/\/cloudsso\.cisco\.com\/as\/authorization\.oauth2\)/);
    child.stdin.write('\r');
    await waitForScreen(
      /Redirect URI \(registered for your application\):\s*\(http:\/\/localhost\/My_ITK_Application\/index\.html\)/,
    );
    child.stdin.write('http://127.0.0.1:9123/callback\r');
    await waitForScreen(/Client ID/);
    child.stdin.write('tty-client\r');
    await waitForScreen(/Client secret \(hidden\)/);
    child.stdin.write(`${SECRET}\r`);
    await waitForScreen(/API base URL/);
    child.stdin.write('https://api.example.com\r');
    await waitForScreen(/Wrote \.env/);
    child.stdin.end();
    assert.equal(await closed, 0, screen);
  } finally {
    clearTimeout(hangGuard);
    child.kill();
  }
  assert.ok(!screen.includes(SECRET), 'the secret was echoed to the terminal');
  assert.ok(!screen.includes('Init-Secret'), 'part of the secret was echoed to the terminal');
  const overlay = await readUserOverlay(project.dir, {});
  assert.equal(overlay.values.get('clientId'), 'tty-client');
  assert.equal(overlay.values.get('clientSecret'), SECRET);
  assert.equal(overlay.values.get('baseUrl'), 'https://api.example.com');
  assert.equal(overlay.values.get('redirectUri'), 'http://127.0.0.1:9123/callback');
  assert.equal(overlay.values.get('tokenUrl'), undefined, 'kept as offered: the config applies');
  assert.equal((await stat(dotenvFile())).mode & 0o777, 0o600);
});
