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
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}
