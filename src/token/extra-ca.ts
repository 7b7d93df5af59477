import { X509Certificate } from 'node:crypto';
import { CliError } from '../errors.js';
import { readTextFile } from '../util/files.js';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** The system's CAs plus those of the file: what a TLS connection that takes the option trusts. */
export async function trustedCertificates(file: string): Promise<string[]> {
  const { rootCertificates } = await import('node:tls');
  return [...rootCertificates, await readExtraCaFile(file)];
}

/**
 * The `--ssl-extra-ca-certs` file, read and checked in one place for every command that takes it
 * (token, doctor, login, and newman before Newman starts, which would otherwise skip a bad file
 * silently): it must exist and hold at least one PEM certificate, each of which parses.
 */
async function readExtraCaFile(file: string): Promise<string> {
  const option = '--ssl-extra-ca-certs';
  let pem: string | undefined;
  try {
    pem = await readTextFile(file);
  } catch (error) {
    if (error instanceof CliError) throw new CliError(`${option}: ${error.message}`, { hint: error.hint, cause: error });
    throw error;
  }
  if (pem === undefined) {
    throw new CliError(`Cannot read ${option} ${file}: there is no such file.`, {
      hint: 'Pass the path of a PEM file with your CA certificate(s).',
    });
  }
  const blocks = pem.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) {
    throw new CliError(`${option} ${file} holds no PEM certificate.`, {
      hint: 'Export the CA certificate as PEM (Base-64, "-----BEGIN CERTIFICATE-----"), not DER or a key.',
    });
  }
  blocks.forEach((block, index) => {
    try {
      new X509Certificate(block);
    } catch (error) {
      throw new CliError(
        `${option} ${file}: certificate ${index + 1} of ${blocks.length} is damaged (${(error as Error).message}).`,
        {
          hint: 'Export the CA certificate again as PEM.',
        },
      );
    }
  });
  return pem;
}
