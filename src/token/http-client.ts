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
