import { CliError } from '../errors.js';
import { requireSecureTokenUrl } from '../token/token-request.js';
import { displayUrl } from '../util/display-url.js';
import { isHttpUrl } from './project-config.js';
import { signInAdvice } from './sign-in-advice.js';
import type { Resolution } from './resolve-environment.js';
import { CLIENT_AUTH_METHODS, DEFAULT_CLIENT_AUTH, VARIABLE_TO_ENV, type VariableName } from './variables.js';

/**
 * What a command needs from the resolved environment:
 * - `run`: a token and the API (newman, doctor, env export);
 * - `token`: a token only (token);
 * - `sign-in`: the browser flows, which need no secret (login, import-redirect);
 * - `export`: an environment for the Postman app (env export), whose person may have no secret and
 *   sign in there with the Browser sign-in request instead.
 */
export type Purpose = 'run' | 'token' | 'sign-in' | 'export';

const REQUIRED: Record<Purpose, readonly VariableName[]> = {
  run: ['tokenUrl', 'clientId', 'clientSecret', 'baseUrl'],
  token: ['tokenUrl', 'clientId', 'clientSecret'],
  'sign-in': ['authorizeUrl', 'clientId', 'redirectUri'],
  export: ['tokenUrl', 'clientId', 'baseUrl'],
};

/** With a browser sign-in token in use, the token endpoint and the secret are not needed. */
const ONLY_FOR_CLIENT_CREDENTIALS: readonly VariableName[] = ['tokenUrl', 'clientSecret'];

/** Personal values belong in .env; shared ones may also go into the committed config. */
const PERSONAL: readonly VariableName[] = ['clientId', 'clientSecret'];

/** Throws the first problem, with where to fix it. */
export function checkRequired(resolution: Resolution, purpose: Purpose, options: { allowInsecureHttp?: boolean } = {}): void {
  const { envName } = resolution;
  const where = (name: VariableName) =>
    `set ${VARIABLE_TO_ENV[name]} in .env (\`npx oauth-postman init\`, or copy .env.example) or in the process environment` +
    (PERSONAL.includes(name)
      ? ''
      : `, or ${name} of environments.${envName} in oauth-postman.config.json (then \`npm run generate\`)`);
  const from = (name: VariableName) => {
    const origin = resolution.origin(name);
    return origin ? ` (from ${origin.label})` : '';
  };
  const signedIn = resolution.browserToken !== undefined;
  for (const name of REQUIRED[purpose]) {
    if (signedIn && ONLY_FOR_CLIENT_CREDENTIALS.includes(name)) continue;
    if (!resolution.get(name)) {
      const signIn = name === 'clientSecret' ? ` Or ${signInAdvice(envName, 'first')}.` : '';
      throw new CliError(`${name} is empty for --env ${envName}.`, {
        hint: `${capitalise(where(name))}.${signIn}`,
      });
    }
  }
  for (const name of ['tokenUrl', 'baseUrl', 'authorizeUrl'] as const) {
    const value = resolution.get(name);
    if (value && !isHttpUrl(value)) {
      throw new CliError(`${name} is not an http(s) URL: "${displayUrl(value)}"${from(name)}.`, {
        hint: `Use an absolute URL: ${where(name)}.`,
      });
    }
  }
  // The rest is about sending the client secret, which neither the browser flows nor a stored token do.
  if (purpose === 'sign-in' || signedIn || !resolution.get('clientSecret')) return;
  const clientAuth = resolution.get('clientAuth') || DEFAULT_CLIENT_AUTH;
  if (!(CLIENT_AUTH_METHODS as readonly string[]).includes(clientAuth)) {
    throw new CliError(`clientAuth is "${clientAuth}"${from('clientAuth')}.`, {
      hint: `Use one of ${CLIENT_AUTH_METHODS.join(', ')}: ${where('clientAuth')}.`,
    });
  }
  const tokenUrl = resolution.get('tokenUrl');
  if (tokenUrl) requireSecureTokenUrl(new URL(tokenUrl), options.allowInsecureHttp ?? false, 'the client secret');
}

const capitalise = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
