import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot, runCli } from './support/project.js';

/*
 * What a failed `npm run newman` or `generate --check` exits with, as a CI author reads it: in
 * `--help`, the README's exit-code table and docs/gitlab-ci.md. The runs that produce each code
 * are tested where the failure is made (faults, token-errors, newman-run, network, cli).
 */

const oneLine = (text: string) => text.replace(/\s+/g, ' ');
const readmeRow = async (code: number) => {
  const readme = await readFile(join(repoRoot, 'README.md'), 'utf8');
  return readme.split('\n').find((line) => line.startsWith(`| ${code} |`)) ?? '';
};

test('newman --help, the README and docs/gitlab-ci.md give the same meaning to exit codes 1, 3 and 4', async () => {
  // A process of its own: --help prints, and the process then ends by itself, with exit 0.
  const run = await runCli(['newman', '--help'], { cwd: repoRoot, subprocess: true });
  assert.equal(run.code, 0, run.output);
  const help = oneLine(run.stdout);
  assert.match(help, /Exit codes: 0 every request and assertion passed; 1 failed assertions \(the API answered otherwise\);/);
  assert.match(
    help,
    /; 3 no usable access token \(the token endpoint refused, or no client secret and no browser sign-in token\);/,
  );
  assert.match(help, /; 4 network trouble: a request got no response, the token request included\./);

  assert.match(await readmeRow(1), /^\| 1 \| `newman`: at least one assertion failed, with tokens and network fine/);
  assert.match(
    await readmeRow(3),
    /`newman`: the same for a token request of the run .* or no client secret and no usable browser sign-in token/,
  );
  assert.match(await readmeRow(4), /`newman`: a request of the run, the token request included, got no response/);

  const ci = oneLine(await readFile(join(repoRoot, 'docs', 'gitlab-ci.md'), 'utf8'));
  assert.match(
    ci,
    /fails with exit code 1 when an assertion fails, 3 when the token endpoint refuses the credentials and 4 on network trouble/,
  );
});

test('generate --help names exit 5 for --check, as the README and docs/gitlab-ci.md do', async () => {
  const help = oneLine((await runCli(['generate', '--help'], { cwd: repoRoot })).stdout);
  assert.match(help, /--check Exit 5 if the committed files differ/);
  assert.match(
    help,
    /5 with --check: the committed files differ from what oauth-postman\.config\.json generates \(run generate and commit them\)/,
  );
  assert.match(await readmeRow(5), /^\| 5 \| `generate --check`: generated files are out of date/);
  assert.match(await readFile(join(repoRoot, 'docs', 'gitlab-ci.md'), 'utf8'), /Fails \(exit 5\) when the committed collection/);
});
