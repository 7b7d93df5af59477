import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';
import { CliError } from '../errors.js';

export interface HttpClientOptions {
  /** PEM file with CA certificates to trust besides the system's (a TLS-inspecting proxy's CA). */
  extraCaFile?: string;
}

/**
 * fetch as the CLI uses it: through HTTP(S)_PROXY / NO_PROXY like Newman (postman-request reads
 * the same variables), and trusting an extra CA when asked. Node's built-in fetch does neither.
 */
export async function createFetch(options: HttpClientOptions = {}): Promise<typeof fetch> {
  const { EnvHttpProxyAgent, fetch: undiciFetch } = await import('undici');
  const ca = options.extraCaFile ? [...rootCertificates, await readExtraCa(options.extraCaFile)] : undefined;
  const tls = ca ? { ca } : {};
  const dispatcher = new EnvHttpProxyAgent({ connect: tls, requestTls: tls });
  return ((input: string | URL, init: RequestInit = {}) =>
    undiciFetch(input, { ...(init as object), dispatcher } as Parameters<typeof undiciFetch>[1])) as unknown as typeof fetch;
}

async function readExtraCa(file: string): Promise<string> {
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read --ssl-extra-ca-certs ${file}: ${(error as Error).message}.`, {
      hint: 'Pass the path of a PEM file with your CA certificate(s).',
    });
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new CliError(`--ssl-extra-ca-certs ${file} holds no PEM certificate.`, {
      hint: 'Export the CA certificate as PEM (Base-64, "-----BEGIN CERTIFICATE-----").',
    });
  }
  return pem;
}

/**
 * The proxy the environment names for a URL (HTTPS_PROXY / HTTP_PROXY, minus NO_PROXY): the same
 * variables undici's EnvHttpProxyAgent and Newman's postman-request read.
 */
export function proxyFor(url: URL, env: NodeJS.ProcessEnv = process.env): URL | undefined {
  const value =
    url.protocol === 'https:'
      ? (env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy)
      : (env.HTTP_PROXY ?? env.http_proxy);
  if (!value) return undefined;
  const noProxy = (env.NO_PROXY ?? env.no_proxy ?? '')
    .split(',')
    .map((entry) => entry.trim().replace(/^\*?\./, ''))
    .filter(Boolean);
  if (noProxy.includes('*') || noProxy.some((entry) => url.hostname === entry || url.hostname.endsWith(`.${entry}`)))
    return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
