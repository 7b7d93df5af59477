/**
 * The command that gets a browser sign-in token for an environment, as every message names it.
 * "Sign in again" only where there was a token; "sign in" where there never was one.
 */
export function signInAdvice(
  envName: string,
  when: 'first' | 'again',
  position: 'mid-sentence' | 'sentence' = 'mid-sentence',
): string {
  const advice = `${when === 'again' ? 'sign in again' : 'sign in in a browser'} with \`npm run login -- --env ${envName}\``;
  return position === 'sentence' ? `S${advice.slice(1)}` : advice;
}
