import type { Argv } from 'yargs';
import { CliError } from './errors.js';
import { DEFAULT_TIMEOUT_MS } from './token/http-client.js';
import type { TokenRequestSettings } from './token/token-request.js';

/*
 * Options shared by several commands, and the one rule for numeric option values: a whole number
 * inside a stated range, or exit 2 naming the range. yargs turns "abc" into NaN and a repeated
 * option into an array; both end here too.
 */

interface NumberRange {
  min: number;
  max: number;
  unit?: string;
}

/** Every numeric option of the CLI, with the values it accepts. */
const NUMBER_OPTIONS = {
  'timeout-request': { min: 1, max: 3_600_000, unit: 'ms' },
  'delay-request': { min: 0, max: 600_000, unit: 'ms' },
  iterations: { min: 1, max: 100_000 },
  'token-ttl': { min: 1, max: 86_400, unit: 's' },
  ttl: { min: 1, max: 86_400, unit: 's' },
  port: { min: 0, max: 65_535 },
  timeout: { min: 1, max: 3_600, unit: 's' },
} as const satisfies Record<string, NumberRange>;

type NumberOptionName = keyof typeof NUMBER_OPTIONS;

const describeRange = ({ min, max, unit }: NumberRange) =>
  `${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}${unit ? ` ${unit}` : ''}`;

/** Throws the exit-2 error for a value outside the option's range; returns the value otherwise. */
function checkWholeNumber(name: NumberOptionName, value: unknown): number {
  const range: NumberRange = NUMBER_OPTIONS[name];
  if (typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= range.max) return value;
  const given = Array.isArray(value)
    ? `given ${value.length} times`
    : typeof value === 'number' && Number.isNaN(value)
      ? 'not a number'
      : `not ${String(value)}`;
  throw new CliError(`--${name} must be a whole number from ${describeRange(range)}, ${given}.`);
}

/**
 * A yargs option spec for a numeric option: the range is shown in --help and checked on parsing
 * (yargs calls coerce only for an option that is given or has a default, and hands what it throws
 * to the CLI's fail handler).
 */
export function numberOption(name: NumberOptionName, describe: string) {
  return {
    type: 'number',
    requiresArg: true,
    describe: `${describe} (${describeRange(NUMBER_OPTIONS[name])})`,
    coerce: (value: unknown): number => checkWholeNumber(name, value),
  } as const;
}

/*
 * One rule for a left-out --env (src/config/select-environment.ts): commands that work with nothing
 * set up take the embedded server, so a first `npm run newman` needs no .env; commands that only
 * make sense with your own application take the first environment without it.
 */
const ENV_DEFAULTS = {
  embedded: 'the embedded-server environment (local): works with nothing set up',
  real: 'the first environment without the embedded server (prod): your own application',
} as const;

export const withEnv = <T>(args: Argv<T>, fallback: keyof typeof ENV_DEFAULTS = 'embedded') =>
  args.option('env', {
    type: 'string',
    describe: 'Environment name (environments/<name>.postman_environment.json)',
    defaultDescription: ENV_DEFAULTS[fallback],
  });

/** Options of every command that talks to a token endpoint: newman, token, doctor and login. */
export const withNetwork = <T>(args: Argv<T>) =>
  args
    .option('timeout-request', {
      ...numberOption('timeout-request', 'Timeout of each request, the token request included, body and all'),
      default: DEFAULT_TIMEOUT_MS,
    })
    .option('ssl-extra-ca-certs', { type: 'string', describe: 'PEM file with extra trusted CA certificates' })
    .option('allow-insecure-http', {
      type: 'boolean',
      default: false,
      describe: 'Allow sending the client secret (or an authorization code) over plain http:// to a non-loopback host',
    });

export const networkSettings = (args: {
  'timeout-request': number;
  'ssl-extra-ca-certs'?: string;
  'allow-insecure-http': boolean;
}): TokenRequestSettings => ({
  timeoutMs: args['timeout-request'],
  extraCaFile: args['ssl-extra-ca-certs'],
  allowInsecureHttp: args['allow-insecure-http'],
});
