import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { loadProjectConfig, type EnvironmentConfig } from '../config/project-config.js';
import { defaultEnvironmentName, selectEnvironment } from '../config/select-environment.js';
import { CliError } from '../errors.js';
import {
  apiBaseUrlProblem,
  clientIdProblem,
  clientSecretProblem,
  renderDotenv,
  type PersonalValues,
} from '../onboarding/dotenv-file.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { gitIgnoreStatus } from '../util/git-ignore.js';
import type { Output } from '../util/output.js';

export interface InitOptions {
  projectDir: string;
  /** `--env` as given; undefined when left out (the first environment without the embedded server). */
  envName: string | undefined;
  force: boolean;
  clientId?: string;
  /** Read the secret from stdin: on the command line it would land in shell history and `ps`. */
  clientSecretStdin: boolean;
  apiBaseUrl?: string;
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
  const file = join(options.projectDir, '.env');
  // Checked before asking anything, so nobody types a secret only to be refused.
  if ((await exists(file)) && !options.force) {
    throw new CliError(`${file} already exists; init leaves it alone.`, {
      hint: 'Pass --force to replace it (its current values are lost), or edit it by hand.',
    });
  }
  if (options.clientSecretStdin && options.interactive) {
    throw new CliError('--client-secret-stdin expects the secret piped in, not typed into the terminal (it would be echoed).', {
      hint: 'Leave out --client-secret-stdin: init then asks for the secret with hidden input.',
    });
  }

  const values = await collectValues(options, envName, env, out);
  await writeFileAtomic(file, renderDotenv(envName, env, values), { mode: 0o600 });

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
  out: Output,
): Promise<PersonalValues> {
  const fromProcess = (name: string) => options.processEnv[name]?.trim() || undefined;
  let clientId = options.clientId ?? fromProcess('OAUTH_CLIENT_ID');
  let clientSecret = options.clientSecretStdin ? await readAll(options.stdin) : fromProcess('OAUTH_CLIENT_SECRET');
  let apiBaseUrl = options.apiBaseUrl ?? fromProcess('API_BASE_URL');
  const apiBaseUrlRequired = !env.baseUrl;

  if (options.interactive && (clientId === undefined || clientSecret === undefined || apiBaseUrl === undefined)) {
    out.info(
      `Setting up .env for --env ${envName} (token endpoint ${env.tokenUrl ?? 'from OAUTH_TOKEN_URL or the OpenAPI document'}).`,
    );
    out.info('You need your own application registered on cloudsso (or your OAuth server) with the client');
    out.info(`credentials grant and the redirect URI ${env.redirectUri ?? '(see oauth-postman.config.json)'}.`);
    out.info('Its registration shows the client id and the client secret. The secret stays in .env on this');
    out.info('machine (git-ignored, readable by you only) and is never printed.');
    const prompts = await import('@inquirer/prompts');
    const ask = async <T>(question: () => Promise<T>): Promise<T> => {
      try {
        return await question();
      } catch (error) {
        if ((error as Error).name === 'ExitPromptError') throw new CliError('Cancelled: .env was not written.');
        throw error;
      }
    };
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
          validate: (v) => apiBaseUrlProblem(v, true) ?? true,
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
      hint: 'Pipe the secret in, e.g. `printenv MY_SECRET | npx oauth-postman init --client-id ID --client-secret-stdin`.',
    });
  }
  const values: PersonalValues = {
    clientId: clientId!.trim(),
    clientSecret: clientSecret!.trim(),
    apiBaseUrl: (apiBaseUrl ?? '').trim(),
  };
  const problem =
    clientIdProblem(values.clientId) ??
    clientSecretProblem(values.clientSecret) ??
    apiBaseUrlProblem(values.apiBaseUrl, apiBaseUrlRequired);
  if (problem) throw new CliError(problem, { hint: 'Run `npx oauth-postman init --help` for where each value comes from.' });
  return values;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
  return text;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
