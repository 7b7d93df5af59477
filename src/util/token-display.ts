/** How the CLI shows a token: enough to tell two tokens apart, never enough to use one. */
export function maskToken(token: string): string {
  if (token.length < 16) return `${'•'.repeat(8)} (${token.length} chars)`;
  return `${token.slice(0, 4)}…${token.slice(-4)} (${token.length} chars)`;
}

/** `2026-11-29T18:00:00.000Z (in 59 min 59 s)` */
export function describeExpiry(expiresAt: number, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((expiresAt - now) / 1000));
  const minutes = Math.floor(seconds / 60);
  return `${new Date(expiresAt).toISOString()} (in ${minutes > 0 ? `${minutes} min ${seconds % 60} s` : `${seconds} s`})`;
}
