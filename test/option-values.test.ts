import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { makeProject, runCli } from './support/project.js';

/* Numeric options: one rule (a whole number in a stated range), exit 2 before anything starts. */

let project: { dir: string; remove: () => Promise<void> };
before(async () => {
  project = await makeProject();
});
after(async () => {
  await project.remove();
});

const cases: [command: string[], option: string, value: string, range: RegExp][] = [
  [['newman'], '--timeout-request', '-5', /from 1 to 3,600,000 ms, not -5\./],
  [['newman'], '--timeout-request', '0', /from 1 to 3,600,000 ms, not 0\./],
  [['newman'], '--timeout-request', 'soon', /from 1 to 3,600,000 ms, not a number\./],
  [['newman'], '--iterations', '0', /from 1 to 100,000, not 0\./],
  [['newman'], '--delay-request', '1.5', /from 0 to 600,000 ms, not 1\.5\./],
  [['newman'], '--token-ttl', '1e12', /from 1 to 86,400 s, not 1000000000000\./],
  [['token'], '--timeout-request', '99999999999', /from 1 to 3,600,000 ms, not 99999999999\./],
  [['doctor'], '--timeout-request', '-1', /from 1 to 3,600,000 ms, not -1\./],
  [['login'], '--timeout', '0', /from 1 to 3,600 s, not 0\./],
  [['serve'], '--port', '70000', /from 0 to 65,535, not 70000\./],
  [['serve'], '--port', '-1', /from 0 to 65,535, not -1\./],
  [['serve'], '--ttl', '-3599', /from 1 to 86,400 s, not -3599\./],
];

for (const [command, option, value, range] of cases) {
  test(`${command.join(' ')} ${option} ${value}: exit 2 with the allowed range`, async () => {
    const result = await runCli([...command, option, value], { cwd: project.dir });
    assert.equal(result.code, 2, result.output);
    assert.match(result.stderr, new RegExp(`^✗ ${option} must be a whole number ${range.source}\\n  Fix: Run with --help`));
    assert.equal(result.stdout, '');
    assert.doesNotMatch(result.stderr, /\n\s+at |Unexpected error/);
  });
}

test('an option given twice, or without its value, is refused the same way', async () => {
  const twice = await runCli(['newman', '--iterations', '2', '--iterations', '3'], { cwd: project.dir });
  assert.equal(twice.code, 2, twice.output);
  assert.match(twice.stderr, /^✗ --iterations must be a whole number from 1 to 100,000, given 2 times\./);
  const bare = await runCli(['serve', '--port'], { cwd: project.dir });
  assert.equal(bare.code, 2, bare.output);
  assert.match(bare.stderr, /^✗ Not enough arguments following: port/);
});

test('--help states each range', async () => {
  const help = await runCli(['newman', '--help'], { cwd: project.dir });
  assert.equal(help.code, 0, help.output);
  for (const range of ['1 to 3,600,000 ms', '1 to 100,000', '0 to 600,000 ms', '1 to 86,400 s']) {
    assert.ok(help.stdout.replace(/\s+/g, ' ').includes(`(${range})`), `--help shows ${range}`);
  }
});
