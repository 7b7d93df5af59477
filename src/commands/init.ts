import { join } from 'node:path';
import dotenv from 'dotenv';
import { loadProjectConfig, type EnvironmentConfig } from '../config/project-config.js';
import { defaultEnvironmentName, selectEnvironment } from '../config/select-environment.js';
import { ENV_TO_VARIABLE, type EnvName } from '../config/variables.js';
import { CliError } from '../errors.js';
import {
  clientIdProblem,
  clientSecretProblem,
  httpUrlProblem,
  renderDotenv,
  quoteDotenvValue,
  type DotenvValues,
} from '../onboarding/dotenv-file.js';
import { SERVER_SETTINGS } from '../onboarding/server-settings.js';
import { readTextFile } from '../util/files.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { gitIgnoreStatus } from '../util/git-ignore.js';
import type { Output } from '../util/output.js';
import { INIT_EXAMPLE } from './init-options.js';

const API_BASE_URL = 'The API base URL';
/** Why init needs an API base URL: without one in the config, no request of the collection has a base. */
const API_BASE_URL_NEEDED = 'the config has none for this environment';

export interface InitOptions {
  projectDir: string;
  /** `--env` as given; undefined when left out (the first environment without the embedded server). */
  envName: string | undefined;
  force: boolean;
  clientId?: string;
  /** Read the secret from stdin: on the command line it would land in shell history and `ps`. */
  clientSecretStdin: boolean;
  apiBaseUrl?: string;
  /** --token-url, --authorize-url, --redirect-uri. */
  serverUrls: Partial<Record<(typeof SERVER_SETTINGS)[number]['key'], string>>;
  /** A --client-secret given anyway: refused, never used or printed. */
  clientSecretFlag?: unknown;
  /** Ask with prompts (a terminal) or take flags and the process environment only (CI, scripts). */
  interactive: boolean;
  stdin: NodeJS.ReadableStream;
  processEnv: NodeJS.ProcessEnv;
}

/** `init`: writes the person's `.env` (0600) for an environment, by prompts in a terminal or by flags without one. */
export async function initCommand(options: InitOptions, out: Output): Promise<void> {
  const loaded = await loadProjectConfig(options.projectDir);
  const { envName, env } = selectEnvironment(loaded, options.envName, 'real');
  if (env.embeddedServer) {
    throw new CliError(`--env ${envName} uses the embedded server and its demo client: it needs no .env.`, {
      hint: `Run \`npm run newman\` as is, or set up your own application with \`init --env ${defaultEnvironmentName(loaded.config.environments, 'real') ?? 'prod'}\`.`,
    });
  }
  if (options.clientSecretFlag !== undefined) {
    throw new CliError('There is no --client-secret: a secret on the command line ends up in shell history and in `ps`.', {
      hint: `Pipe it in with --client-secret-stdin, e.g. \`${INIT_EXAMPLE}\`, or set OAUTH_CLIENT_SECRET; in a terminal, init asks for it with hidden input.`,
    });
  }
  const file = join(options.projectDir, '.env');
  // Checked before asking anything, so nobody types a secret only to be refused.
  const existing = await readTextFile(file);
  if (existing !== undefined && !options.force) {
    throw new CliError(`${file} already exists; init leaves it alone.`, {
      hint: 'Pass --force to replace the values init asks for (the others are kept), or edit it by hand.',
    });
  }
  if (options.clientSecretStdin && options.interactive) {
    throw new CliError('--client-secret-stdin expects the secret piped in, not typed into the terminal (it would be echoed).', {
      hint: 'Leave out --client-secret-stdin: init then asks for the secret with hidden input.',
    });
  }

  const previous = previousDotenv(existing ?? '');
  const values = await collectValues(options, envName, env, previous.values, out);
  await writeFileAtomic(file, renderDotenv(envName, env, values, previous.kept), { mode: 0o600 });

  out.info(`✓ Wrote .env for --env ${envName} (readable by you only).`);
  if ((await gitIgnoreStatus(options.projectDir, '.env')) === 'not-ignored') {
    out.warn('! .env is not git-ignored in this repository: add `.env` to .gitignore before your next commit.');
  }
  out.info('Next:');
  out.info(`  npm run token -- --env ${envName}     # fetches a token with your credentials and prints it masked`);
  out.info(`  npm run newman -- --env ${envName}    # runs the collection against your API`);
}

async function collectValues(
  options: InitOptions,
  envName: string,
  env: EnvironmentConfig,
  previous: DotenvValues,
  out: Output,
): Promise<DotenvValues> {
  const fromProcess = (name: EnvName) => options.processEnv[name]?.trim() || undefined;
  let clientId = options.clientId ?? fromProcess('OAUTH_CLIENT_ID');
  let clientSecret = options.clientSecretStdin ? await readAll(options.stdin) : fromProcess('OAUTH_CLIENT_SECRET');
  let apiBaseUrl = options.apiBaseUrl ?? fromProcess('API_BASE_URL');
  const apiBaseUrlRequired = !env.baseUrl && !previous.API_BASE_URL;
  // Given by flag or process environment; else asked in a terminal, the previous .env's or the config's value offered.
  const server: DotenvValues = {};
  for (const setting of SERVER_SETTINGS) server[setting.name] = options.serverUrls[setting.key] ?? fromProcess(setting.name);

  if (options.interactive) {
    const prompts = await import('@inquirer/prompts');
    const ask = async <T>(question: () => Promise<T>): Promise<T> => {
      try {
        return await question();
      } catch (error) {
        if ((error as Error).name === 'ExitPromptError') throw new CliError('Cancelled: .env was not written.');
        throw error;
      }
    };
    out.info(`Setting up .env for --env ${envName}. Press Enter to keep a value shown in parentheses.`);
    out.info('You need your own application registered on cloudsso (or your OAuth server), with the client');
    out.info('credentials grant and a redirect URI. Its registration shows the client id and the client secret.');
    out.info('The secret stays in .env on this machine (git-ignored, readable by you only) and is never printed.');
    for (const setting of SERVER_SETTINGS) {
      const offered = previous[setting.name] ?? env[setting.key];
      server[setting.name] ??= await ask(() =>
        prompts.input({
          message: `${setting.label}:`,
          default: offered,
          validate: (v) => httpUrlProblem(setting.label, v) ?? true,
        }),
      );
    }
    clientId ??= await ask(() =>
      prompts.input({
        message: "Client ID (from your application's registration):",
        validate: (v) => clientIdProblem(v) ?? true,
      }),
    );
    clientSecret ??= await ask(() =>
      prompts.password({ message: 'Client secret (hidden):', mask: true, validate: (v) => clientSecretProblem(v) ?? true }),
    );
    if (apiBaseUrl === undefined && apiBaseUrlRequired) {
      apiBaseUrl = await ask(() =>
        prompts.input({
          message: 'API base URL (the API behind the token, e.g. https://api.example.com/v1):',
          validate: (v) => httpUrlProblem(API_BASE_URL, v, API_BASE_URL_NEEDED) ?? true,
        }),
      );
    }
  }

  const missing = [
    clientId === undefined && '--client-id ID (or OAUTH_CLIENT_ID)',
    clientSecret === undefined && '--client-secret-stdin (or OAUTH_CLIENT_SECRET)',
    apiBaseUrl === undefined && apiBaseUrlRequired && '--api-base-url URL (or API_BASE_URL)',
  ].filter(Boolean);
  if (missing.length > 0) {
    throw new CliError(`Without a terminal, init needs ${missing.join(', ')}.`, {
      hint: `Pipe the secret in, e.g. \`${INIT_EXAMPLE}\`.`,
    });
  }
  const given: DotenvValues = {
    OAUTH_CLIENT_ID: clientId!.trim(),
    OAUTH_CLIENT_SECRET: clientSecret!.trim(),
    API_BASE_URL: apiBaseUrl?.trim() || undefined,
  };
  const problem =
    clientIdProblem(given.OAUTH_CLIENT_ID!) ??
    clientSecretProblem(given.OAUTH_CLIENT_SECRET!) ??
    httpUrlProblem(API_BASE_URL, given.API_BASE_URL ?? previous.API_BASE_URL ?? '', apiBaseUrlRequired && API_BASE_URL_NEEDED) ??
    SERVER_SETTINGS.map((setting) => {
      const value = server[setting.name];
      // Named as the user gave it: the flag, else the process environment (a prompt checks its own answer).
      const givenAs = options.serverUrls[setting.key] === undefined ? setting.name : `--${setting.flag}`;
      return value === undefined ? undefined : httpUrlProblem(givenAs, value);
    }).find(Boolean);
  if (problem) throw new CliError(problem, { hint: 'Run `npx oauth-postman init --help` for where each value comes from.' });
  // Whatever init did not ask about or was not given stays as the previous .env had it.
  const values: DotenvValues = {
    ...previous,
    OAUTH_CLIENT_ID: given.OAUTH_CLIENT_ID,
    OAUTH_CLIENT_SECRET: given.OAUTH_CLIENT_SECRET,
  };
  if (given.API_BASE_URL !== undefined) values.API_BASE_URL = given.API_BASE_URL;
  for (const setting of SERVER_SETTINGS) {
    const value = server[setting.name]?.trim();
    // The config's own value stays a comment, so that a later change to the config applies.
    if (value !== undefined) values[setting.name] = value === env[setting.key] ? undefined : value;
  }
  return values;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
  return text;
}

/** A previous .env: the values init knows by name, and the lines of the others, to keep as they were. */
function previousDotenv(text: string): { values: DotenvValues; kept: string[] } {
  const values: DotenvValues = {};
  const kept: string[] = [];
  for (const [name, value] of Object.entries(dotenv.parse(text))) {
    if (name in ENV_TO_VARIABLE) values[name as EnvName] = value || undefined;
    else kept.push(quoteDotenvValue(name, value));
  }
  return { values, kept };
}
