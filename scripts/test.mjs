#!/usr/bin/env node
// `npm test`: the build, then the type-check and the lint beside the test suite. The suite is what
// takes time, and it leaves a share of the two cores idle (tests that wait on a server, a token's
// expiry or a browser); the checks fill it instead of adding their own 15-20 s in front. Their output
// is held back and printed after the suite's (in full when they fail), so the two never interleave.
// The exit code is the first failure's: build, type-check, lint, then the suite.
import { spawn } from 'node:child_process';

/** `npm run <script>` with the npm that runs this script (npm sets npm_execpath), or the one on the PATH. */
function npmRun(script, capture) {
  const npmCli = process.env.npm_execpath;
  const [command, args] = npmCli ? [process.execPath, [npmCli, 'run', '--silent', script]] : ['npm', ['run', '--silent', script]];
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ script, code: 1, output: `${error.message}\n`, seconds: 0 }));
    child.on('close', (code, signal) =>
      resolve({ script, code: code ?? (signal ? 128 : 1), output, seconds: (Date.now() - started) / 1000 }),
    );
  });
}

const build = await npmRun('build', false);
if (build.code !== 0) process.exit(build.code);

const checks = [npmRun('typecheck', true), npmRun('lint', true)];
const suite = await npmRun('test:unit', false);
const results = await Promise.all(checks);

for (const check of results) {
  if (check.code === 0) {
    console.log(`✔ ${check.script} (${check.seconds.toFixed(1)} s, alongside the tests)`);
  } else {
    console.log(`✖ ${check.script} failed (exit ${check.code}):\n${check.output.trimEnd()}`);
  }
}
process.exit(results.find((check) => check.code !== 0)?.code ?? suite.code);
