import { createRequire } from 'node:module';
import { networkSettings, numberOption, withEnv, withNetwork } from './cli-options.js';
import { openApiListOptions, selectionFromArgs } from './commands/openapi-options.js';
import { CliError, ExitCode } from './errors.js';
import { initOptions } from './commands/init-options.js';
import { GENERATE_EXIT_CODES_HELP, NEWMAN_EXIT_CODES_HELP } from './run/exit-code.js';
import { consoleOutput, dropOutputWhenReaderLeaves, settleColour } from './util/output.js';

/*
 * Commands only: each handler parses flags and hands over to src/commands. Heavy modules
 * (Newman, oidc-provider) are imported inside the handlers that need them, so `--help` and
 * `generate` start fast.
 */

// yargs 17's CommonJS bundle loads in ~30 ms; its ESM build (and yargs 18, ESM only) takes ~150 ms,
// most of the budget for `--help` (see BENCHMARKS.md).
const require = createRequire(import.meta.url);
const yargs = require('yargs/yargs') as typeof import('yargs/yargs');

/** Runs one command line; the exit code is left in process.exitCode. bin/oauth-postman.js calls it. */
export async function main(argv: string[]): Promise<void> {
  const debug = argv.includes('--debug');
  settleColour();
  dropOutputWhenReaderLeaves(process.stdout);
  dropOutputWhenReaderLeaves(process.stderr);
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
          args
            .option('check', {
              type: 'boolean',
              default: false,
              describe: 'Exit 5 if the committed files differ from what would be generated (for CI)',
            })
            .epilogue(GENERATE_EXIT_CODES_HELP),
        async (args) => {
          const { generate } = await import('./commands/generate.js');
          await generate({ projectDir: process.cwd(), check: args.check }, consoleOutput());
        },
      )
      .command(
        'newman',
        'Run the collection with Newman (starts the embedded server for --env local)',
        (args) =>
          withNetwork(withEnv(args))
            .option('iterations', { alias: 'n', ...numberOption('iterations', 'Number of iterations'), default: 1 })
            .option('delay-request', { ...numberOption('delay-request', 'Delay between requests'), default: 0 })
            .option('folder', { type: 'string', array: true, describe: 'Run only this folder (repeatable)' })
            .option('bail', { type: 'boolean', default: false, describe: 'Stop at the first failure' })
            .option('reporters', {
              type: 'string',
              default: 'cli,junit',
              describe: 'Comma-separated: cli, junit, htmlextra, json',
            })
            .option('token-ttl', numberOption('token-ttl', 'Embedded server only: token lifetime'))
            .option('quiet', {
              alias: 'q',
              type: 'boolean',
              describe: 'Print only the closing line and the failures (reports are still written)',
            })
            .option('json', {
              type: 'boolean',
              describe: 'Print a machine-readable summary on stdout (counts, failures, report paths); progress goes to stderr',
            })
            .conflicts('quiet', 'json')
            .epilogue(NEWMAN_EXIT_CODES_HELP),
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
              allowInsecureHttp: args['allow-insecure-http'],
              format: args.json ? 'json' : args.quiet ? 'quiet' : 'text',
            },
            consoleOutput({ json: args.json, quiet: args.quiet }),
          );
        },
      )
      .command(
        'serve',
        'Start the local authorization server (oidc-provider) with the cloudsso paths and a demo API',
        (args) =>
          args
            .option('port', { ...numberOption('port', 'Port (0 picks a free one)'), default: 4010 })
            .option('host', { type: 'string', default: '127.0.0.1', describe: 'Address to listen on' })
            .option('ttl', { ...numberOption('ttl', 'Access token lifetime'), default: 3599 }),
        async (args) => {
          const { serveCommand } = await import('./commands/serve.js');
          await serveCommand({ port: args.port, host: args.host, ttl: args.ttl }, consoleOutput());
        },
      )
      .command(
        'token',
        'Fetch a token with client credentials and print its type, lifetime and expiry (masked)',
        (args) =>
          withNetwork(withEnv(args)).option('json', {
            type: 'boolean',
            default: false,
            describe: 'Print the raw token response (contains the token)',
          }),
        async (args) => {
          const { tokenCommand } = await import('./commands/token.js');
          await tokenCommand(
            {
              projectDir: process.cwd(),
              envName: args.env,
              json: args.json,
              ...networkSettings(args),
            },
            consoleOutput({ json: args.json }),
          );
        },
      )
      .command(
        'login',
        'Sign in in a browser (implicit grant, or authorization code with PKCE) and store the token for newman',
        (args) =>
          withNetwork(withEnv(args, 'real'))
            .option('open', {
              type: 'boolean',
              default: true,
              describe: 'Open the system browser (--no-open prints the URL on a line of its own instead)',
            })
            .option('timeout', { ...numberOption('timeout', 'How long to wait for the sign-in'), default: 300 })
            .option('grant', {
              type: 'string',
              choices: ['implicit', 'code'] as const,
              default: 'implicit' as const,
              describe: 'implicit (token in the fragment) or code (authorization code with PKCE, RFC 7636)',
            }),
        async (args) => {
          const { loginCommand } = await import('./commands/login.js');
          await loginCommand(
            {
              projectDir: process.cwd(),
              envName: args.env,
              open: args.open,
              timeoutSeconds: args.timeout,
              grant: args.grant,
              ...networkSettings(args),
            },
            consoleOutput(),
          );
        },
      )
      .command(
        'import-redirect <url>',
        'Store the token from an address the browser landed on (…#access_token=…), pasted by hand',
        (args) =>
          withEnv(args, 'real').positional('url', {
            type: 'string',
            demandOption: true,
            describe: "The whole address, in quotes: 'http://localhost/…#access_token=…&expires_in=…'",
          }),
        async (args) => {
          const { importRedirectCommand } = await import('./commands/import-redirect.js');
          await importRedirectCommand({ projectDir: process.cwd(), envName: args.env, url: args.url }, consoleOutput());
        },
      )
      .command(
        'init',
        "Write your .env (0600, git-ignored) with your own application's client id and secret",
        (args) => initOptions(withEnv(args, 'real')),
        async (args) => {
          const { initCommand } = await import('./commands/init.js');
          await initCommand(
            {
              projectDir: process.cwd(),
              envName: args.env,
              force: args.force,
              clientId: args['client-id'],
              clientSecretStdin: args['client-secret-stdin'],
              apiBaseUrl: args['api-base-url'],
              serverUrls: { tokenUrl: args['token-url'], authorizeUrl: args['authorize-url'], redirectUri: args['redirect-uri'] },
              clientSecretFlag: args['client-secret'],
              interactive: process.stdin.isTTY === true,
              stdin: process.stdin,
              processEnv: process.env,
            },
            consoleOutput(),
          );
        },
      )
      .command('env', 'Personal environment files for the Postman app', (args) =>
        args
          .command(
            'export',
            'Write the resolved environment (template + .env + process environment, secret included) as a Postman environment file, 0600',
            (sub) =>
              withEnv(sub, 'real')
                .option('out', {
                  type: 'string',
                  demandOption: true,
                  describe: 'Where to write it: outside the project, or a git-ignored path (it holds your client secret)',
                })
                .option('force', { type: 'boolean', default: false, describe: 'Replace an existing file (never a link)' }),
            async (sub) => {
              const { envExportCommand } = await import('./commands/env-export.js');
              await envExportCommand(
                { projectDir: process.cwd(), envName: sub.env, out: sub.out, force: sub.force },
                consoleOutput(),
              );
            },
          )
          .demandCommand(1, 'Name an env command: export.'),
      )
      .command('openapi', 'OpenAPI documents: what generate makes of them', (args) =>
        args
          .command(
            'list [file]',
            'List the folders and requests generate would make from an OpenAPI document (default: the one in the config)',
            (sub) => openApiListOptions(sub),
            async (sub) => {
              const { openApiListCommand } = await import('./commands/openapi-list.js');
              await openApiListCommand(
                { projectDir: process.cwd(), file: sub.file, json: sub.json, selection: selectionFromArgs(sub) },
                consoleOutput({ json: sub.json }),
              );
            },
          )
          .demandCommand(1, 'Name an openapi command: list.'),
      )
      .command(
        'doctor',
        'Check configuration, network, TLS, the token request, the API and browser sign-in, one line each',
        (args) =>
          withNetwork(withEnv(args)).option('json', { type: 'boolean', default: false, describe: 'Print the checks as JSON' }),
        async (args) => {
          const { doctorCommand } = await import('./commands/doctor.js');
          process.exitCode = await doctorCommand(
            {
              projectDir: process.cwd(),
              envName: args.env,
              json: args.json,
              ...networkSettings(args),
            },
            consoleOutput({ json: args.json }),
          );
        },
      )
      .demandCommand(1, 'Name a command: generate, newman, serve, token, login, import-redirect, init, env, openapi or doctor.')
      .strict()
      .recommendCommands()
      .help()
      .alias('h', 'help')
      .version(false)
      // --help prints and returns; the process then ends on its own, with nothing left to run.
      .exitProcess(false)
      .wrap(Math.min(110, process.stdout.columns || 100))
      .fail((message, error) => {
        // yargs reports its own validation (and what an option's coerce throws) as a YError.
        if (error && error.name !== 'YError') throw error;
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
