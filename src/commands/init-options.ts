import type { Argv } from 'yargs';
import { SERVER_SETTINGS } from '../onboarding/server-settings.js';

/** The non-terminal use of `init`, as `init --help`, its error hints and the README show it. */
export const INIT_EXAMPLE =
  'printenv MY_SECRET | npx oauth-postman init --client-id ID \\\n    --client-secret-stdin --api-base-url https://api.example.com';

/** `init`'s flags: each value it would ask for in a terminal. */
export function initOptions<T>(args: Argv<T>) {
  const urlOption = (setting: (typeof SERVER_SETTINGS)[number]) => ({
    type: 'string' as const,
    describe: `${setting.label}, instead of the prompt (or ${setting.name}); default: the config's (cloudsso for prod)`,
  });
  const [tokenUrl, authorizeUrl, redirectUri] = SERVER_SETTINGS;
  return (
    args
      .option('force', { type: 'boolean', default: false, describe: 'Replace the values init asks for in an existing .env' })
      .option('client-id', { type: 'string', describe: 'Client id (instead of the prompt; or OAUTH_CLIENT_ID)' })
      .option('client-secret-stdin', {
        type: 'boolean',
        default: false,
        describe:
          'Read the client secret from stdin (or set OAUTH_CLIENT_SECRET). There is no --client-secret: on the command line it would end up in shell history and `ps`',
      })
      // Declared only to refuse it with the way to pass a secret, instead of "Unknown argument".
      .option('client-secret', { type: 'string', hidden: true })
      .option('api-base-url', { type: 'string', describe: 'Base URL of your API (instead of the prompt; or API_BASE_URL)' })
      .option(tokenUrl.flag, urlOption(tokenUrl))
      .option(authorizeUrl.flag, urlOption(authorizeUrl))
      .option(redirectUri.flag, urlOption(redirectUri))
      .epilogue(
        'In a terminal, init asks for what the flags do not give (the secret with hidden input; Enter keeps the value in ' +
          `parentheses). Without one (CI, scripts) it takes flags and the process environment only, e.g.\n  ${INIT_EXAMPLE}\n` +
          'The client id and secret are those of your own application, registered on cloudsso (or your OAuth server) with a ' +
          'redirect URI. With --force, the values init neither asks for nor is given stay as .env had them.',
      )
  );
}
