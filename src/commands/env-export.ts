import { basename, dirname, resolve } from 'node:path';
import { loadProjectConfig } from '../config/project-config.js';
import { selectEnvironment } from '../config/select-environment.js';
import { CliError } from '../errors.js';
import { SANDBOX_CONSTANTS } from '../sandbox/defaults.js';
import { openEnvironment } from './open-environment.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { alreadyExists, fileProblem, pathKind } from '../util/files.js';
import { gitIgnoreStatus, pathInside, realPathSoFar } from '../util/git-ignore.js';
import type { Output } from '../util/output.js';
import { stableId } from '../util/stable-id.js';

export interface EnvExportOptions {
  projectDir: string;
  /** `--env` as given; undefined when left out (the first environment without the embedded server). */
  envName: string | undefined;
  /** Relative paths are taken from the current directory, like any command-line path. */
  out: string;
  /** Replace an existing file (never a symbolic link: that would write where the link points). */
  force?: boolean;
}

/**
 * `env export`: the environment a Newman run would use (template + .env + process environment),
 * as a Postman environment file for the Postman app. It holds the client secret, so it is written
 * 0600 and never inside the project unless git ignores it.
 */
export async function envExportCommand(options: EnvExportOptions, out: Output): Promise<void> {
  const loaded = await loadProjectConfig(options.projectDir);
  const { envName, env } = selectEnvironment(loaded, options.envName, 'real');
  if (env.embeddedServer) {
    // Its server only exists while `npm run newman` runs, on a random port: an export would point at nothing.
    throw new CliError(`--env ${envName} is the embedded server, which only runs during \`npm run newman\`.`, {
      hint:
        `For the Postman app, start it with \`npm run serve\` (port 4010) and import environments/${envName}.postman_environment.json ` +
        'as it is, with clientSecret local-demo-secret (a public demo value). Export a real environment such as --env prod.',
    });
  }
  const target = await exportTarget(options.out, options.force ?? false);
  await refuseInsideProject(options.projectDir, target);

  const resolved = await openEnvironment(
    { projectDir: options.projectDir, envName, envDefault: 'real', purpose: 'export' },
    (warning) => out.warn(`! ${warning}`),
  );
  const withSecret = Boolean(resolved.get('clientSecret'));
  try {
    const personal = {
      ...resolved.environment,
      // Its own id and name, so that importing it next to the committed template replaces neither.
      id: stableId('personal-environment', resolved.environment.name),
      name: `${resolved.environment.name}${SANDBOX_CONSTANTS.PERSONAL_ENVIRONMENT_SUFFIX}`,
    };
    await writeFileAtomic(target, `${JSON.stringify(personal, null, 2)}\n`, { mode: 0o600, replace: options.force ?? false });
  } finally {
    await resolved.close();
  }
  if (withSecret) {
    out.warn(
      `! ${target} holds your client secret: do not share it, commit it or attach it to a ticket; delete it once imported.`,
    );
  }
  out.info(`✓ Wrote ${target} (readable by you only).`);
  out.info(
    withSecret
      ? 'In the Postman app: Import → this file and the collection, select the environment, send a request.'
      : 'In the Postman app: Import → this file and the collection, select the environment, then sign in without a secret: ' +
          'open Browser sign-in → Sign in in the browser (implicit grant), Authorization → Get New Access Token, sign in, ' +
          'Use Token, and Send it once.',
  );
}

/**
 * Where the file goes: the folder's links resolved (so that a link cannot disguise a folder inside
 * the project), the final name as given. A link at the final name is refused, since writing through
 * it would overwrite (and make 0600) the file it points to; an existing file needs --force.
 */
async function exportTarget(out: string, force: boolean): Promise<string> {
  const absolute = resolve(out);
  const target = resolve(await realPathSoFar(dirname(absolute)), basename(absolute));
  const kind = await pathKind(target);
  if (kind === 'link') {
    throw new CliError(`${target} is a symbolic link; env export does not write through links.`, {
      hint: 'Name the file itself (not a link to it), or remove the link.',
    });
  }
  if (kind === 'directory' || kind === 'other') throw fileProblem('EISDIR', target, 'write');
  if (kind === 'file' && !force) throw alreadyExists(target);
  return target;
}

async function refuseInsideProject(projectDir: string, target: string): Promise<void> {
  const project = await realPathSoFar(projectDir);
  const inside = pathInside(project, target);
  if (inside === undefined) return;
  const status = inside === '' ? 'not-ignored' : await gitIgnoreStatus(project, inside);
  if (status === 'ignored') return;
  const why =
    status === 'unknown'
      ? 'git cannot tell whether it is ignored (no git, or not a repository), so it could end up in a commit'
      : 'git does not ignore it, so it could end up in a commit';
  throw new CliError(`Refusing to write your client secret to ${target}: ${why}.`, {
    hint: 'Write it outside the project, e.g. --out ~/postman/prod.postman_environment.json (or to a git-ignored path).',
  });
}
