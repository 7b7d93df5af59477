/**
 * The CLI's end of the redirect: an HTTP listener on the loopback host and port that the redirect
 * URI names (RFC 8252 §7.3), serving the hand-over page at its path and receiving what the page
 * POSTs. One response is accepted; the page waits until the CLI has decided, then shows the outcome.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { CliError, ExitCode } from '../errors.js';
import { BodyTooLargeError, readBoundedText } from '../util/bounded-body.js';
import { listen, ListenError } from '../util/listen.js';
import { isLoopback } from '../util/loopback.js';
import { loopbackPage } from './loopback-page.js';

export interface LoopbackTarget {
  /** Addresses to listen on: 'localhost' means both IPv4 and (where there is one) IPv6 loopback. */
  hosts: string[];
  port: number;
  path: string;
}

/**
 * What the page hands over is the redirect's fragment or query: a token, an ID token and a few
 * parameters, some kilobytes at most. This bounds what a local page can make the CLI hold.
 */
export const MAX_HANDED_OVER_BYTES = 64 * 1024;

const TOO_LARGE_MESSAGE = `This sign-in response is larger than ${MAX_HANDED_OVER_BYTES / 1024} KiB, far more than a sign-in carries, so oauth-postman refused it and stored nothing.`;

export const REDIRECT_URI_ADVICE =
  'Register a loopback redirect URI with a port above 1023 for your application, such as http://127.0.0.1:8765/callback (RFC 8252 §7.3), and set OAUTH_REDIRECT_URI to it; or sign in without this listener and paste the address with `import-redirect`.';

/** Where to listen for a redirect URI (pure). Only plain-http loopback URIs can be served here. */
export function loopbackTarget(redirectUri: string): LoopbackTarget {
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    throw new CliError(`redirectUri is not a URL: "${redirectUri}".`, {
      hint: 'Set OAUTH_REDIRECT_URI to the redirect URI registered for your application.',
    });
  }
  if (url.protocol !== 'http:' || !isLoopback(url.hostname)) {
    throw new CliError(
      `The redirect URI ${url.origin} is not a plain-http loopback address, so this command cannot receive the sign-in there.`,
      {
        hint: REDIRECT_URI_ADVICE,
      },
    );
  }
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  return {
    hosts: hostname === 'localhost' ? ['127.0.0.1', '::1'] : [hostname],
    port: url.port === '' ? 80 : Number(url.port),
    path: url.pathname,
  };
}

export interface HandedOver {
  /** The fragment or query the page read, without `#`/`?`. */
  response: string;
  /** Answers the page: `message` is shown to the person (never a token). Resolves once sent. */
  reply(outcome: { ok: boolean; message: string }): Promise<void>;
}

export interface LoopbackListener {
  /** The next hand-over from the page; rejects after `timeoutMs`. */
  next(timeoutMs: number): Promise<HandedOver>;
  close(): Promise<void>;
}

export interface LoopbackOptions {
  /**
   * Told when a hand-over is refused for its size. The listener goes on waiting: any local process
   * can POST to it, so a refusal must not end the sign-in; but the person at the terminal should
   * not learn of it only from the browser, or from the timeout.
   */
  onRefused?: (message: string) => void;
}

export async function startLoopbackListener(target: LoopbackTarget, options: LoopbackOptions = {}): Promise<LoopbackListener> {
  let deliver: ((handedOver: HandedOver) => void) | undefined;
  const arrived = new Promise<HandedOver>((resolve) => (deliver = resolve));
  let accepted = false;

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split(/[?#]/)[0];
    if (path !== target.path) {
      sendText(res, 404, 'Not found');
      return;
    }
    if (req.method === 'GET') {
      const page = loopbackPage();
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
        'Content-Security-Policy': `default-src 'none'; script-src 'nonce-${page.nonce}'; style-src 'nonce-${page.nonce}'; connect-src 'self'`,
      });
      res.end(page.html);
      return;
    }
    // Only the page itself may hand over: a cross-site form or fetch carries another Origin.
    const origin = req.headers.origin;
    if (req.method !== 'POST' || (origin !== undefined && origin !== `http://${req.headers.host}`)) {
      sendText(res, 403, 'Forbidden');
      return;
    }
    readBoundedText(req, MAX_HANDED_OVER_BYTES, req.headers['content-length'])
      .then((response) => {
        if (accepted) {
          sendJson(res, 409, { ok: false, message: 'This sign-in was already handed over. Start a new one from the terminal.' });
          return;
        }
        accepted = true;
        deliver!({
          response,
          reply: (outcome) =>
            new Promise<void>((resolve) => {
              res.once('close', resolve);
              sendJson(res, 200, outcome);
            }),
        });
      })
      .catch((error: unknown) => {
        // The page shows `message`; a refusal the page cannot read would look like "no longer waiting".
        if (error instanceof BodyTooLargeError) {
          sendJson(res, 413, { ok: false, message: TOO_LARGE_MESSAGE });
          options.onRefused?.(TOO_LARGE_MESSAGE);
        } else sendText(res, 400, 'Bad request');
      });
  };

  const servers: Server[] = [];
  const closeAll = () =>
    Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    ).then(() => undefined);

  const advice = {
    purpose: 'the redirect',
    otherPort: REDIRECT_URI_ADVICE,
    otherAddress: REDIRECT_URI_ADVICE,
    privilegedPortNote: target.port === 80 ? ' (a redirect URI without a port means port 80)' : undefined,
  };
  for (const [index, host] of target.hosts.entries()) {
    const server = createServer(onRequest);
    try {
      await listen(server, host, target.port, advice);
      servers.push(server);
    } catch (error) {
      const code = error instanceof ListenError ? error.code : (error as NodeJS.ErrnoException).code;
      // 'localhost' also tries ::1, which a machine without IPv6 does not have.
      if (index > 0 && (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT')) continue;
      await closeAll();
      throw error;
    }
  }

  return {
    async next(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new CliError(`No sign-in arrived within ${Math.round(timeoutMs / 1000)} s. Nothing was stored.`, {
                hint: 'Finish the sign-in in the browser within the time (or raise --timeout). If the browser showed an error page instead of "Signed in", check that the redirect URI registered for your application is the one in redirectUri.',
                exitCode: ExitCode.network,
              }),
            ),
          timeoutMs,
        );
      });
      try {
        return await Promise.race([arrived, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    close: closeAll,
  };
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}
