import { SANDBOX_CONSTANTS } from '../sandbox/defaults.js';

/**
 * The command that gets a browser sign-in token for an environment, as every message names it.
 * "Sign in again" only where there was a token; "sign in" where there never was one. The command is
 * the one the collection's own advice names (SANDBOX_CONSTANTS.LOGIN_COMMAND); the wording around it
 * is for the terminal, the collection's for the Postman app as well.
 */
export function signInAdvice(
  envName: string,
  when: 'first' | 'again',
  position: 'mid-sentence' | 'sentence' = 'mid-sentence',
): string {
  const advice = `${when === 'again' ? 'sign in again' : 'sign in in a browser'} with \`${SANDBOX_CONSTANTS.LOGIN_COMMAND} ${envName}\``;
  return position === 'sentence' ? `S${advice.slice(1)}` : advice;
}
