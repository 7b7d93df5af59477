import type { RunningAuthorizationServer } from '../../src/server/authorization-server.js';

/** A real access token from the local server (client credentials), as a browser sign-in would hand one over. */
export async function issuedToken(server: RunningAuthorizationServer): Promise<string> {
  const response = await fetch(server.tokenUrl, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: server.demoClient.clientId,
      client_secret: server.demoClient.clientSecret,
    }),
  });
  const body = (await response.json()) as { access_token?: unknown };
  // Fail here, naming the answer, rather than later as a confusing "Bearer undefined".
  if (response.status !== 200 || typeof body.access_token !== 'string') {
    throw new Error(`the local server issued no token: ${response.status} ${JSON.stringify(body)}`);
  }
  return body.access_token;
}
