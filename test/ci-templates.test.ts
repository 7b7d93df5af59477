import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from './support/project.js';

const workflowFile = join(repoRoot, '.github', 'workflows', 'newman.yml');
const gitlabDoc = join(repoRoot, 'docs', 'gitlab-ci.md');
const validator = join(repoRoot, 'node_modules', '.bin', 'action-validator');

/** @action-validator/cli checks a workflow against the GitHub Actions schema (SchemaStore's). */
function validate(file: string) {
  const result = spawnSync(validator, [file], { encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The npm commands a CI definition runs, in order (from `run:` steps or `script:` items). */
function npmCommands(yaml: string): string[] {
  return [...yaml.matchAll(/^\s*(?:- )?(?:run: )?(npm (?:ci|run) [^\n#]*?|npm ci)\s*$/gm)].map((match) => match[1]!.trim());
}

test('the GitHub workflow passes action-validator', () => {
  const result = validate(workflowFile);
  assert.equal(result.code, 0, result.output);
});

test('action-validator does reject a broken workflow (a job without runs-on, a step with both run and uses)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'oauth-postman-workflow-'));
  try {
    const broken = (await readFile(workflowFile, 'utf8'))
      .replace(/^ {4}runs-on: .*\n/m, '')
      .replace('      - run: npm ci\n', '      - run: npm ci\n        uses: actions/checkout@v4\n');
    const file = join(dir, 'broken.yml');
    await writeFile(file, broken);
    const result = validate(file);
    assert.notEqual(result.code, 0, 'the broken workflow was accepted');
    assert.match(result.output, /runs-on/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the workflow runs install, generate --check and newman --env prod with the secrets, and keeps both reports on failure', async () => {
  const yaml = await readFile(workflowFile, 'utf8');
  assert.deepEqual(npmCommands(yaml), [
    'npm ci',
    'npm run generate -- --check',
    'npm run newman -- --env prod --reporters cli,junit,htmlextra',
  ]);
  assert.match(yaml, /node-version: 20/);
  for (const name of ['OAUTH_CLIENT_ID', 'OAUTH_CLIENT_SECRET', 'API_BASE_URL']) {
    assert.match(yaml, new RegExp(`${name}: \\$\\{\\{ secrets\\.${name} \\}\\}`));
  }
  const steps = yaml.split(/\n {6}- /);
  const junit = steps.find((step) => step.includes('reports/junit.xml'));
  const html = steps.find((step) => step.includes('reports/newman-report.html'));
  assert.ok(junit && /if: always\(\)/.test(junit) && /reporter: java-junit/.test(junit), 'JUnit published even on failure');
  assert.ok(html && /if: always\(\)/.test(html) && /actions\/upload-artifact@/.test(html), 'HTML uploaded even on failure');
});

test('the GitLab job in docs/gitlab-ci.md runs the same npm commands and keeps the same reports', async () => {
  const doc = await readFile(gitlabDoc, 'utf8');
  const snippet = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
  assert.ok(snippet, 'docs/gitlab-ci.md has a yaml block');
  assert.deepEqual(npmCommands(snippet), npmCommands(await readFile(workflowFile, 'utf8')));
  assert.match(snippet, /when: always/);
  assert.match(snippet, /reports:\n\s+junit: reports\/junit\.xml/);
  assert.match(snippet, /paths:\n\s+- reports\/newman-report\.html/);
  assert.match(snippet, /image: node:20/);
});
