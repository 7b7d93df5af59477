/**
 * The page served at the redirect URI's path. The token is in the fragment, which the browser
 * never sends to a server (RFC 6749 §4.2.2, RFC 3986 §3.5), so a script in the page reads it (or
 * the `?code=` query of the code grant), takes it out of the address bar and history, and POSTs it
 * to the CLI on the same origin. It then shows what the CLI answered; it never shows the token.
 */
import { randomBytes } from 'node:crypto';

export interface LoopbackPage {
  html: string;
  /** For the Content-Security-Policy header. */
  nonce: string;
}

export function loopbackPage(): LoopbackPage {
  const nonce = randomBytes(16).toString('base64');
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Signing in…</title>
<style nonce="${nonce}">
body { font-family: system-ui, sans-serif; background: #f3f4f6; margin: 0; }
main { max-width: 30rem; margin: 4rem auto; background: #fff; padding: 2rem; border-radius: .5rem; box-shadow: 0 1px 4px #0002; }
h1 { font-size: 1.3rem; margin-top: 0; }
body.success h1 { color: #15803d; }
body.failure h1 { color: #b91c1c; }
</style>
</head>
<body>
<main>
<h1 id="title">Signing in…</h1>
<p id="message" role="status">Handing the sign-in over to oauth-postman.</p>
<noscript><p>This page needs JavaScript to hand the sign-in to oauth-postman. Otherwise copy this page's address and run <code>oauth-postman import-redirect 'ADDRESS'</code>.</p></noscript>
</main>
<script nonce="${nonce}">
(function () {
  var hash = location.hash.length > 1 ? location.hash.slice(1) : '';
  var response = hash || location.search.slice(1);
  // The token must not stay in the address bar, the history or a bookmark (RFC 6749 §10.3).
  history.replaceState(null, '', location.pathname);
  function show(ok, title, message) {
    document.body.className = ok ? 'success' : 'failure';
    document.title = title;
    document.getElementById('title').textContent = title;
    document.getElementById('message').textContent = message;
  }
  if (!response) {
    show(false, 'Sign-in failed', 'This address holds no sign-in response. Start the sign-in again from the terminal.');
    return;
  }
  fetch(location.pathname, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: response,
  })
    .then(function (answer) {
      return answer.json();
    })
    .then(
      function (result) {
        show(result.ok === true, result.ok === true ? 'Signed in' : 'Sign-in failed', String(result.message));
      },
      function () {
        show(false, 'Sign-in failed', 'oauth-postman is no longer waiting for this sign-in (it stopped or timed out). Start it again.');
      },
    );
})();
</script>
</body>
</html>
`;
  return { html, nonce };
}
