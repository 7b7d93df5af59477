// `npm test`: the build, then the tests beside the checks (type-check and lint).
//
// The tests keep the two cores of a small machine busy only part of the time: they also wait, for
// tokens to expire, for delays between requests, for browsers and subprocesses. The checks need
// no test and no test needs them, so instead of running first (about 20 s on a fresh clone, before
// any test starts) they run at the same time at the lowest CPU priority (nice 19), in the time the
// tests leave idle. Each check's outcome is printed when it ends, and a failed one's output at the end;
// `npm test` fails when the build, a check or the tests fail. Run one alone with `npm run typecheck`,
// `npm run lint` or `npm run test:unit`.
import { spawn, spawnSync } from 'node:child_process';

const CHECKS = ['typecheck', 'lint'];

/** npm itself, as the one running this script (npm sets npm_execpath), else the `npm` on the PATH. */
const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];
/** `nice` lowers a command's priority from its start, threads included (os.setPriority would miss those it already made). */
const lowPriority = spawnSync('nice', ['-n', '19', 'true']).status === 0 ? ['nice', '-n', '19'] : [];

/** Runs `npm run <script>`; with `capture`, its output comes back instead of going to the terminal. */
function npmRun(script, { capture = false, prefix = [] } = {}) {
  const [command, ...args] = [...prefix, ...npm, 'run', '--silent', script];
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, { stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ script, code: 1, output: `${error.message}\n`, seconds: 0 }));
    child.on('close', (code, signal) =>
      resolve({ script, code: code ?? (signal ? 1 : 0), output, seconds: (Date.now() - started) / 1000 }),
    );
  });
}

const build = await npmRun('build');
if (build.code !== 0) process.exit(build.code);

const checks = CHECKS.map((script) =>
  npmRun(script, { capture: true, prefix: lowPriority }).then((check) => {
    const outcome = check.code === 0 ? '✔' : '✖';
    process.stdout.write(`${outcome} npm run ${script} (${check.seconds.toFixed(1)} s, beside the tests)\n`);
    return check;
  }),
);
const tests = await npmRun('test:unit');
// A failed check's output comes last, where a reader of the run looks first.
const failedChecks = (await Promise.all(checks)).filter((check) => check.code !== 0);
for (const check of failedChecks) process.stdout.write(`\n✖ npm run ${check.script} failed:\n${check.output.trimEnd()}\n`);
process.exit(tests.code !== 0 ? tests.code : failedChecks.length > 0 ? 1 : 0);
