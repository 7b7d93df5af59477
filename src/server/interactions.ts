/**
 * The local server's login and consent pages (oidc-provider "interactions"): a login form for the
 * documented demo user, then a consent page with ALLOW and DENY. oidc-provider sends the browser
 * to `/as/interaction/<uid>` whenever a prompt is needed; the result goes back with
 * `interactionFinished`, which redirects to the authorization endpoint to resume the request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { InteractionDetails } from 'oidc-provider';
import { DEMO_USER } from './demo-clients.js';
import { escapeHtml, readFormBody, renderPage, sendHtml } from './html-page.js';

export const INTERACTION_PREFIX = '/as/interaction/';

/** RFC 6749 §4.1.2.1: what the client receives when the person says no. */
const ACCESS_DENIED = { error: 'access_denied', error_description: 'The user denied the authorization request.' };

/** Handles GET /as/interaction/<uid>, POST .../login and POST .../confirm. */
export async function handleInteraction(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<void> {
  const [uid = '', action = ''] = pathname.slice(INTERACTION_PREFIX.length).split('/');
  let details: InteractionDetails;
  try {
    details = await provider.interactionDetails(req, res);
  } catch {
    // No interaction cookie, or the interaction expired: nothing to resume.
    sendHtml(res, 400, expiredPage());
    return;
  }
  if (details.uid !== uid) {
    sendHtml(res, 400, expiredPage());
    return;
  }
  const prompt = details.prompt.name;

  if (req.method === 'GET' && action === '') {
    sendHtml(res, 200, prompt === 'login' ? loginPage(details) : consentPage(details));
    return;
  }
  if (req.method !== 'POST' || (action !== 'login' && action !== 'confirm')) {
    sendHtml(res, 405, renderPage('Not allowed', '<p>Use the form on the sign-in page.</p>'));
    return;
  }

  const form = await readFormBody(req);
  if (form.get('decision') === 'deny') {
    await provider.interactionFinished(req, res, ACCESS_DENIED, { mergeWithLastSubmission: false });
    return;
  }
  if (action === 'login' && prompt === 'login') {
    if (form.get('username') !== DEMO_USER.username || form.get('password') !== DEMO_USER.password) {
      sendHtml(res, 401, loginPage(details, 'Wrong user name or password.'));
      return;
    }
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: DEMO_USER.username } },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  if (action === 'confirm' && prompt === 'consent' && form.get('decision') === 'allow') {
    await provider.interactionFinished(req, res, { consent: { grantId: await saveGrant(provider, details) } });
    return;
  }
  sendHtml(res, 400, renderPage('Unexpected answer', '<p>The form did not match this step of the sign-in. Start again.</p>'));
}

/** Grants what the consent prompt found missing (scopes and claims), on the interaction's grant or a new one. */
async function saveGrant(provider: Provider, details: InteractionDetails): Promise<string> {
  const accountId = details.session?.accountId;
  const clientId = String(details.params.client_id);
  const grant = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
  const target = grant ?? new provider.Grant({ accountId, clientId });
  const missing = details.prompt.details;
  if (missing.missingOIDCScope) target.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) target.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    target.addResourceScope(indicator, scopes.join(' '));
  }
  return target.save();
}

function loginPage(details: InteractionDetails, error?: string): string {
  const action = `${INTERACTION_PREFIX}${escapeHtml(details.uid)}/login`;
  return renderPage(
    'Sign in',
    `<p>Application <code>${escapeHtml(String(details.params.client_id))}</code> asks you to sign in to the local authorization server.</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${action}">
<label for="username">User name</label>
<input id="username" name="username" autocomplete="username" required autofocus>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<div class="buttons"><button type="submit" name="decision" value="login">Sign in</button>
<button type="submit" name="decision" value="deny" formnovalidate>Cancel</button></div>
</form>
<p class="note">Demo account: user <code>${escapeHtml(DEMO_USER.username)}</code>, password <code>${escapeHtml(DEMO_USER.password)}</code>.</p>`,
  );
}

function consentPage(details: InteractionDetails): string {
  const scopes = [
    ...(details.prompt.details.missingOIDCScope ?? []),
    ...Object.values(details.prompt.details.missingResourceScopes ?? {}).flat(),
  ];
  const scopeList =
    scopes.length > 0
      ? `<ul>${scopes.map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`).join('')}</ul>`
      : '<p>No particular scope: access to the API on your behalf.</p>';
  return renderPage(
    'Allow access?',
    `<p>Application <code>${escapeHtml(String(details.params.client_id))}</code> asks for an access token as <code>${escapeHtml(String(details.session?.accountId ?? ''))}</code>.</p>
${scopeList}
<form method="post" action="${INTERACTION_PREFIX}${escapeHtml(details.uid)}/confirm">
<div class="buttons"><button type="submit" name="decision" value="allow">ALLOW</button>
<button type="submit" name="decision" value="deny">DENY</button></div>
</form>`,
  );
}

function expiredPage(): string {
  return renderPage(
    'Sign-in expired',
    '<p class="error">This sign-in step is unknown or has expired. Start the sign-in again from your application.</p>',
  );
}
