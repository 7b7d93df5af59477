import { lookup } from 'node:dns/promises';
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { CliError, ExitCode } from '../errors.js';
import { trustedCertificates } from '../token/extra-ca.js';

/** One line of `doctor` output. */
export interface CheckResult {
  name: string;
  /** `warn`: worth fixing, but nothing the user relies on is broken (exit 0). */
  status: 'ok' | 'fail' | 'warn' | 'skip';
  detail: string;
  hint?: string;
  exitCode?: ExitCode;
}

export const ok = (name: string, detail: string): CheckResult => ({ name, status: 'ok', detail });
export const skip = (name: string, detail: string): CheckResult => ({ name, status: 'skip', detail });
export const warn = (name: string, detail: string, hint?: string): CheckResult => ({ name, status: 'warn', detail, hint });
/** A failure that does not concern this user, with why it does not. */
export const asWarning = (result: CheckResult, why: string): CheckResult =>
  warn(result.name, result.detail, result.hint ? `${result.hint} ${why}` : why);
export function fail(name: string, error: unknown): CheckResult {
  if (error instanceof CliError)
    return { name, status: 'fail', detail: error.message, hint: error.hint, exitCode: error.exitCode };
  return { name, status: 'fail', detail: (error as Error)?.message ?? String(error), exitCode: ExitCode.internal };
}

const portOf = (url: URL) => Number(url.port || (url.protocol === 'https:' ? 443 : 80));

export async function checkResolves(url: URL): Promise<string> {
  try {
    const { address } = await lookup(url.hostname);
    return `${url.hostname} → ${address}`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`${url.hostname} does not resolve (${code}).`, {
      hint: 'Check the host name in the URL; on a corporate network, check the VPN and DNS.',
      exitCode: ExitCode.network,
    });
  }
}

export async function checkConnects(host: string, port: number, timeoutMs: number): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    const socket = netConnect({ host, port });
    socket.setTimeout(timeoutMs);
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(
        new CliError(`No TCP connection to ${host}:${port} within ${timeoutMs} ms.`, {
          hint: 'A firewall or a missing VPN drops the connection; behind a proxy, set HTTPS_PROXY.',
          exitCode: ExitCode.network,
        }),
      );
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new CliError(`Cannot connect to ${host}:${port} (${error.code ?? error.message}).`, {
          hint:
            error.code === 'ECONNREFUSED'
              ? 'Nothing listens there: check the port in the URL and that the server is up.'
              : 'Check the URL, the network and HTTPS_PROXY.',
          exitCode: ExitCode.network,
        }),
      );
    });
  });
  return `${host}:${port} accepts connections`;
}

/** RFC 8446/5280 validation as Node does it, with the extra CA the run would use. */
export async function checkTlsTrusted(url: URL, timeoutMs: number, extraCaFile?: string): Promise<string> {
  const ca = extraCaFile ? await trustedCertificates(extraCaFile) : undefined;
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({
      host: url.hostname,
      port: portOf(url),
      servername: isIp(url.hostname) ? undefined : url.hostname,
      ca,
      rejectUnauthorized: false,
    });
    socket.setTimeout(timeoutMs);
    socket.once('secureConnect', () => {
      const authorized = socket.authorized;
      const reason = socket.authorizationError;
      const issuer = socket.getPeerCertificate()?.issuer?.CN ?? 'unknown issuer';
      socket.destroy();
      if (authorized) resolve(`certificate issued by ${issuer} is trusted`);
      else
        reject(
          new CliError(`The TLS certificate of ${url.host} is not trusted (${String(reason)}; issuer ${issuer}).`, {
            hint: 'If your company inspects TLS, pass its CA with --ssl-extra-ca-certs FILE.pem. Do not turn verification off.',
            exitCode: ExitCode.network,
          }),
        );
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(new CliError(`No TLS handshake with ${url.host} within ${timeoutMs} ms.`, { exitCode: ExitCode.network }));
    });
    socket.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new CliError(`TLS handshake with ${url.host} failed (${error.code ?? error.message}).`, {
          hint: 'Is it really an https:// endpoint on that port?',
          exitCode: ExitCode.network,
        }),
      ),
    );
  });
}

const isIp = (host: string) => /^[\d.]+$/.test(host) || host.includes(':');
export { portOf };

/** RFC 6750 §3: the parameters of a Bearer challenge. */
export function parseBearerChallenge(header: string | null): Record<string, string> {
  const params: Record<string, string> = {};
  if (!header) return params;
  for (const match of header.matchAll(/(\w+)="([^"]*)"/g)) params[match[1]!] = match[2]!;
  return params;
}
