import { relative } from 'node:path';
import { buildCollection } from '../collection/build-collection.js';
import { buildEnvironmentTemplate } from '../collection/build-environment.js';
import { loadSandboxScripts } from '../collection/load-scripts.js';
import { readUserOverlay } from '../config/overlay.js';
import { collectionPath, environmentPath, loadProjectConfig } from '../config/project-config.js';
import { SECRET_VARIABLES } from '../config/variables.js';
import { CliError, ExitCode } from '../errors.js';
import { readProjectApi, withDocumentDefaults } from '../openapi/project.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { readTextFile } from '../util/files.js';
import type { Output } from '../util/output.js';

export interface GeneratedFile {
  path: string;
  content: string;
}

/** Everything `generate` writes, computed without touching the disk. */
export async function renderProjectFiles(projectDir: string): Promise<GeneratedFile[]> {
  const loaded = await loadProjectConfig(projectDir);
  const { config } = loaded;
  const scripts = await loadSandboxScripts();
  const api = await readProjectApi(projectDir, config);
  const toText = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const files: GeneratedFile[] = [
    { path: collectionPath(projectDir, config), content: toText(buildCollection(config, scripts, api?.folders)) },
  ];
  for (const [envName, env] of Object.entries(config.environments)) {
    const template = buildEnvironmentTemplate(config.collection.name, envName, withDocumentDefaults(env, api?.oauth));
    files.push({ path: environmentPath(projectDir, envName), content: toText(template) });
  }
  return files;
}

export async function generate(options: { projectDir: string; check: boolean }, out: Output): Promise<void> {
  const files = await renderProjectFiles(options.projectDir);
  await refuseLeakedSecrets(options.projectDir, files);
  const show = (path: string) => relative(options.projectDir, path) || path;

  if (options.check) {
    const stale: string[] = [];
    for (const file of files) {
      if ((await readTextFile(file.path)) !== file.content) stale.push(show(file.path));
    }
    if (stale.length > 0) {
      throw new CliError(`Generated files are out of date: ${stale.join(', ')}.`, {
        hint: 'Run `npm run generate` and commit the result.',
        exitCode: ExitCode.stale,
      });
    }
    out.info(`✓ ${files.length} generated files are up to date.`);
    return;
  }

  for (const file of files) {
    if ((await readTextFile(file.path)) === file.content) {
      out.info(`  unchanged ${show(file.path)}`);
    } else {
      await writeFileAtomic(file.path, file.content);
      out.info(`  wrote     ${show(file.path)}`);
    }
  }
}

/**
 * Last line of defence before anything is committed: no generated file may carry the user's
 * real client secret, and no secret-typed variable may hold a value.
 */
async function refuseLeakedSecrets(projectDir: string, files: GeneratedFile[]): Promise<void> {
  const overlay = await readUserOverlay(projectDir);
  const secret = overlay.values.get('clientSecret');
  for (const file of files) {
    if (secret && secret.length >= 4 && file.content.includes(secret)) {
      throw new CliError(`Refusing to write ${file.path}: it would contain your client secret.`, {
        hint: 'Remove the secret from oauth-postman.config.json; it belongs only in .env or the process environment.',
      });
    }
    const parsed = JSON.parse(file.content) as { values?: { key: string; value: string }[] };
    for (const entry of parsed.values ?? []) {
      if (SECRET_VARIABLES.has(entry.key) && entry.value !== '') {
        throw new CliError(`Refusing to write ${file.path}: ${entry.key} has a value.`, {
          hint: 'Templates keep secrets empty; they come from .env or the process environment at run time.',
        });
      }
    }
  }
}
