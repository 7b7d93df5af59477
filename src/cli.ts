import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { CliError, ExitCode } from './errors.js';
import { consoleOutput } from './util/output.js';

/*
 * Commands only: each handler parses flags and hands over to src/commands. Heavy modules
 * (Newman, oidc-provider) are imported inside the handlers that need them, so `--help` and
 * `generate` start fast.
 */

const withEnv = <T>(args: Argv<T>, fallback = 'local') =>
  args.option('env', {
    type: 'string',
    default: fallback,
    describe: 'Environment name (environments/<name>.postman_environment.json)',
  });

async function main(argv: string[]): Promise<void> {
  const debug = argv.includes('--debug');
  try {
    await yargs(argv)
      .scriptName('oauth-postman')
      .usage(
        '$0 <command> [options]\n\nGenerate, configure and run a Postman collection that keeps an OAuth 2.0 bearer token fresh.',
      )
      .option('debug', { type: 'boolean', default: false, describe: 'Show stack traces and internal details' })
      .command(
        'generate',
        'Write the collection and environment templates from oauth-postman.config.json',
        (args) =>
          args.option('check', {
            type: 'boolean',
            default: false,
            describe: 'Exit non-zero if the committed files differ from what would be generated (for CI)',
          }),
        async (args) => {
          const { generate } = await import('./commands/generate.js');
          await generate({ projectDir: process.cwd(), check: args.check }, consoleOutput());
        },
      )
      .command(
        'newman',
        'Run the collection with Newman (starts the embedded server for --env local)',
        (args) =>
          withEnv(args)
            .option('iterations', { alias: 'n', type: 'number', default: 1, describe: 'Number of iterations' })
            .option('delay-request', { type: 'number', default: 0, describe: 'Delay between requests (ms)' })
            .option('timeout-request', {
              type: 'number',
              default: 30000,
              describe: 'Request timeout (ms), the token request included',
            })
            .option('folder', { type: 'string', array: true, describe: 'Run only this folder (repeatable)' })
            .option('bail', { type: 'boolean', default: false, describe: 'Stop at the first failure' })
            .option('reporters', {
              type: 'string',
              default: 'cli,junit',
              describe: 'Comma-separated: cli, junit, htmlextra, json',
            })
            .option('token-ttl', { type: 'number', describe: 'Embedded server only: token lifetime in seconds' })
            .option('ssl-extra-ca-certs', { type: 'string', describe: 'PEM file with extra trusted CA certificates' }),
        async (args) => {
          const { runNewmanCommand } = await import('./commands/newman.js');
          process.exitCode = await runNewmanCommand(
            {
              projectDir: process.cwd(),
              envName: args.env,
              iterations: args.iterations,
              delayRequest: args['delay-request'],
              timeoutRequest: args['timeout-request'],
              folders: args.folder,
              bail: args.bail,
              reporters: args.reporters,
              tokenTtlSeconds: args['token-ttl'],
              sslExtraCaCerts: args['ssl-extra-ca-certs'],
            },
            consoleOutput(),
          );
        },
      )
      .command(
        'serve',
        'Start the local authorization server (oidc-provider) with the cloudsso paths and a demo API',
        (args) =>
          args
            .option('port', { type: 'number', default: 4010, describe: 'Port (0 picks a free one)' })
            .option('host', { type: 'string', default: '127.0.0.1', describe: 'Address to listen on' })
            .option('ttl', { type: 'number', default: 3599, describe: 'Access token lifetime in seconds' }),
        async (args) => {
          const { serveCommand } = await import('./commands/serve.js');
          await serveCommand({ port: args.port, host: args.host, ttl: args.ttl }, consoleOutput());
        },
      )
      .command(
        'token',
        'Fetch a token with client credentials and print its type, lifetime and expiry (masked)',
        (args) =>
          withEnv(args).option('json', {
            type: 'boolean',
            default: false,
            describe: 'Print the raw token response (contains the token)',
          }),
        async (args) => {
          const { tokenCommand } = await import('./commands/token.js');
          await tokenCommand(
            { projectDir: process.cwd(), envName: args.env, json: args.json },
            consoleOutput({ json: args.json }),
          );
        },
      )
      .demandCommand(1, 'Name a command: generate, newman, serve or token.')
      .strict()
      .recommendCommands()
      .help()
      .alias('h', 'help')
      .version(false)
      .wrap(Math.min(110, process.stdout.columns || 100))
      .fail((message, error) => {
        if (error) throw error;
        throw new CliError(message ?? 'Invalid command line.', { hint: 'Run with --help to see the commands and options.' });
      })
      .parseAsync();
  } catch (error) {
    process.exitCode = report(error, debug);
  }
}

/** The one place where errors become output. */
function report(error: unknown, debug: boolean): number {
  if (error instanceof CliError) {
    process.stderr.write(`✗ ${error.message}\n`);
    if (error.hint) process.stderr.write(`  Fix: ${error.hint}\n`);
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  process.stderr.write(`✗ Unexpected error: ${(error as Error)?.message ?? String(error)}\n`);
  process.stderr.write(
    debug ? `${(error as Error)?.stack}\n` : '  Run again with --debug for details, and report it if it persists.\n',
  );
  return ExitCode.internal;
}

await main(hideBin(process.argv));
