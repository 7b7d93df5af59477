import type { EnvironmentConfig } from '../config/project-config.js';
import type { EnvName } from '../config/variables.js';

/**
 * The authorization server's settings that `init` asks for (or takes flags for) besides the client
 * id and secret: their `.env` name, flag, config key and prompt. Onboarding writes them to `.env`;
 * the `init` command declares their flags and prompts.
 */
export const SERVER_SETTINGS = [
  { name: 'OAUTH_TOKEN_URL', flag: 'token-url', key: 'tokenUrl', label: 'Token URL (the token endpoint)' },
  { name: 'OAUTH_AUTHORIZE_URL', flag: 'authorize-url', key: 'authorizeUrl', label: 'Authorization URL (browser sign-in)' },
  {
    name: 'OAUTH_REDIRECT_URI',
    flag: 'redirect-uri',
    key: 'redirectUri',
    label: 'Redirect URI (registered for your application)',
  },
] as const satisfies readonly { name: EnvName; flag: string; key: keyof EnvironmentConfig; label: string }[];
