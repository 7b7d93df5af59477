import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBoundedText } from '../util/bounded-body.js';

/** Text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * A complete server-rendered page: inline CSS only, no script, no external asset. `body` must
 * already be escaped HTML.
 */
export function renderPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; background: #f3f4f6; margin: 0; }
main { max-width: 26rem; margin: 4rem auto; background: #fff; padding: 2rem; border-radius: .5rem; box-shadow: 0 1px 4px #0002; }
h1 { font-size: 1.3rem; margin-top: 0; }
label { display: block; margin: .8rem 0 .2rem; }
input { width: 100%; box-sizing: border-box; padding: .5rem; font-size: 1rem; }
.buttons { display: flex; gap: .6rem; margin-top: 1.2rem; }
button { flex: 1; padding: .6rem; font-size: 1rem; cursor: pointer; }
.error { color: #b91c1c; }
.note { color: #4b5563; font-size: .9rem; }
code { background: #f3f4f6; padding: 0 .2rem; }
</style>
</head>
<body><main>
<h1>${escapeHtml(title)}</h1>
${body}
</main></body>
</html>
`;
}

/** Pages of the authorization server: never cached, never framed (clickjacking on the consent page). */
export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
  });
  res.end(html);
}

/** A `303 See Other` (the browser follows it with GET, RFC 9110 §15.4.4). */
export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, {
    Location: location,
    'Content-Length': '0',
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
  });
  res.end();
}

/** A small url-encoded form body (the login and consent forms). */
export async function readFormBody(req: IncomingMessage, limit = 16 * 1024): Promise<URLSearchParams> {
  return new URLSearchParams(await readBodyText(req, limit));
}

/** A small request body as text; more than `limit` bytes is refused (the server answers 500). */
export function readBodyText(req: IncomingMessage, limit: number): Promise<string> {
  return readBoundedText(req, limit, req.headers['content-length']);
}
