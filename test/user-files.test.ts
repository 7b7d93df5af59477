import assert from 'node:assert/strict';
import { chmod, cp, lstat, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileError } from '../src/util/files.js';
import { makeProject, runCli, type CliResult } from './support/project.js';
import { withoutFileRights } from './support/without-rights.js';
import { mountSmallDisk } from './support/small-disk.js';

/*
 * Files the user owns, with real files: links, folders where files belong, byte order marks, a
 * full and a read-only disk. Tests run as root in CI, which ignores file modes, so every problem
 * here is one root meets too.
 */

let project: { dir: string; remove: () => Promise<void> };
let outside: string;
before(async () => {
  project = await makeProject();
  outside = await mkdtemp(join(tmpdir(), 'oauth-postman-files-'));
});
after(async () => {
  await project.remove();
  await rm(outside, { recursive: true, force: true });
});

const SECRET = 'Files-Secret-7f3e9c';
const personal = {
  OAUTH_TOKEN_URL: 'https://sso.example.com/as/token.oauth2',
  API_BASE_URL: 'https://api.example.com',
  OAUTH_CLIENT_ID: 'files-client',
  OAUTH_CLIENT_SECRET: SECRET,
};
/** One message, exit 2, no stack trace, no "Unexpected error", and the secret nowhere on the console. */
function assertOneClearMessage(result: CliResult, message: RegExp): void {
  assert.equal(result.code, 2, result.output);
  assert.match(result.stderr, message);
  assert.match(result.stderr, /\n {2}Fix: /);
  assert.doesNotMatch(result.output, /Unexpected error|\n\s+at /);
  assert.ok(!result.output.includes(SECRET), 'the secret is not printed');
}
const exportTo = (out: string, ...flags: string[]) =>
  runCli(['env', 'export', '--env', 'prod', '--out', out, ...flags], { cwd: project.dir, env: personal });

describe('env export --out', () => {
  test('an existing file is replaced only with --force, and then whole and 0600', async () => {
    const file = join(outside, 'existing.json');
    await writeFile(file, 'keep me', { mode: 0o644 });
    const refused = await exportTo(file);
    assertOneClearMessage(refused, /^✗ .*existing\.json already exists\.\n {2}Fix: Pass --force/);
    assert.equal(await readFile(file, 'utf8'), 'keep me');
    const forced = await exportTo(file, '--force');
    assert.equal(forced.code, 0, forced.output);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.equal(JSON.parse(await readFile(file, 'utf8')).name, 'prod (personal)');
    assert.deepEqual(
      (await readdir(outside)).filter((name) => name.endsWith('.tmp')),
      [],
      'no temporary file left behind',
    );
  });

  test('a symbolic link is never written through, with or without --force', async () => {
    const victim = join(outside, 'victim.txt');
    await writeFile(victim, 'the file the link points to');
    await chmod(victim, 0o644);
    const link = join(outside, 'link.json');
    await symlink(victim, link);
    for (const flags of [[], ['--force']]) {
      const result = await exportTo(link, ...flags);
      assertOneClearMessage(result, /^✗ .*link\.json is a symbolic link; env export does not write through links\./);
    }
    assert.equal(await readFile(victim, 'utf8'), 'the file the link points to');
    assert.equal((await stat(victim)).mode & 0o777, 0o644, 'the target keeps its mode');
    assert.ok((await lstat(link)).isSymbolicLink());
  });

  test('a folder, or a path under a file, is one message naming the path', async () => {
    const folder = join(outside, 'a-folder');
    await mkdir(folder, { recursive: true });
    assertOneClearMessage(await exportTo(folder), /^✗ .*a-folder is a folder, not a file\./);
    const file = join(outside, 'plain-file');
    await writeFile(file, '');
    assertOneClearMessage(
      await exportTo(join(file, 'prod.json')),
      /^✗ Cannot use .*plain-file.*: a part of that path is a file, not a folder\./,
    );
  });
});

describe('a disk that is full or read-only', () => {
  test('env export to a full disk names the path, and leaves no partial file', async (t) => {
    const disk = await mountSmallDisk({ kilobytes: 64 });
    if ('skip' in disk) return t.skip(disk.skip);
    try {
      await writeFile(join(disk.dir, 'filler'), Buffer.alloc(256 * 1024)).catch(() => undefined);
      const result = await exportTo(join(disk.dir, 'prod.json'));
      assertOneClearMessage(result, /^✗ Cannot write .*prod\.json: the disk is full\.\n {2}Fix: Free some space/);
      assert.deepEqual(await readdir(disk.dir), ['filler'], 'neither the file nor a temporary one is left');
    } finally {
      await disk.unmount();
    }
  });

  test('env export to a read-only file system names the path', async (t) => {
    const disk = await mountSmallDisk({ kilobytes: 64, readOnly: true });
    if ('skip' in disk) return t.skip(disk.skip);
    try {
      const result = await exportTo(join(disk.dir, 'prod.json'));
      assertOneClearMessage(result, /^✗ Cannot write .*prod\.json: the file system is read-only\./);
    } finally {
      await disk.unmount();
    }
  });

  test('generate on a full disk names the file, and the committed collection stays whole', async (t) => {
    const disk = await mountSmallDisk({ kilobytes: 2048 });
    if ('skip' in disk) return t.skip(disk.skip);
    try {
      // A project of its own on the small disk (makeProject's copy of the committed files).
      await cp(project.dir, disk.dir, { recursive: true, filter: (source) => !/\.oauth-postman|\.env$|reports/.test(source) });
      const collection = join(disk.dir, 'collections', 'cloudsso-oauth.postman_collection.json');
      const before = await readFile(collection, 'utf8');
      const configFile = join(disk.dir, 'oauth-postman.config.json');
      const config = JSON.parse(await readFile(configFile, 'utf8'));
      config.collection.description = 'Changed, so that generate writes the collection again.';
      await writeFile(configFile, JSON.stringify(config, null, 2));
      await writeFile(join(disk.dir, 'filler'), Buffer.alloc(4096 * 1024)).catch(() => undefined);
      const result = await runCli(['generate'], { cwd: disk.dir });
      assertOneClearMessage(result, /^✗ Cannot write .*cloudsso-oauth\.postman_collection\.json: the disk is full\./);
      assert.equal(await readFile(collection, 'utf8'), before, 'the old collection is intact');
      assert.deepEqual(
        (await readdir(join(disk.dir, 'collections'))).filter((name) => name.endsWith('.tmp')),
        [],
        'no temporary file is left',
      );
    } finally {
      await disk.unmount();
    }
  });

  test('the errno codes of a full or read-only disk map to their messages (also where mount is not allowed)', () => {
    const cases: [string, RegExp][] = [
      ['ENOSPC', /^Cannot write \/x\/y: the disk is full\.$/],
      ['EDQUOT', /^Cannot write \/x\/y: your disk quota is used up\.$/],
      ['EROFS', /^Cannot write \/x\/y: the file system is read-only\.$/],
      ['EACCES', /^Cannot write \/x\/y: permission denied\.$/],
      ['EISDIR', /^\/x\/y is a folder, not a file\.$/],
    ];
    for (const [code, message] of cases) {
      const mapped = fileError(Object.assign(new Error(code), { code }), '/x/y', 'write') as Error;
      assert.match(mapped.message, message);
    }
    const unknown = Object.assign(new Error('strange'), { code: 'EWHATEVER' });
    assert.equal(fileError(unknown, '/x/y', 'read'), unknown, 'what a user cannot cause stays an internal error');
  });
});

test('init --force where .env is a folder: one message, and the folder is left as it was', async () => {
  const dotenv = join(project.dir, '.env');
  await mkdir(join(dotenv, 'inside'), { recursive: true });
  try {
    const result = await runCli(
      [
        'init',
        '--env',
        'prod',
        '--force',
        '--client-id',
        'files-client',
        '--client-secret-stdin',
        '--api-base-url',
        'https://api.example.com',
      ],
      { cwd: project.dir, input: `${SECRET}\n` },
    );
    assertOneClearMessage(result, /^✗ .*\.env is a folder, not a file\./);
    assert.deepEqual(await readdir(dotenv), ['inside']);
  } finally {
    await rm(dotenv, { recursive: true, force: true });
  }
});

describe('.oauth-postman, the folder of stored sign-in tokens', () => {
  const landedOn = 'http://127.0.0.1:8765/callback#access_token=Stored-Token-4b1d2e9a77&token_type=Bearer&expires_in=3600';
  const importToken = () =>
    runCli(['import-redirect', landedOn, '--env', 'prod'], { cwd: project.dir, env: { OAUTH_CLIENT_ID: 'files-client' } });

  test('created 0700, and an existing one of ours is tightened to 0700', async () => {
    const base = join(project.dir, '.oauth-postman');
    await rm(base, { recursive: true, force: true });
    await mkdir(base, { mode: 0o755 });
    await chmod(base, 0o755);
    const result = await importToken();
    assert.equal(result.code, 0, result.output);
    assert.equal((await stat(base)).mode & 0o777, 0o700);
    assert.equal((await stat(join(base, 'tokens'))).mode & 0o777, 0o700);
    assert.equal((await stat(join(base, 'tokens', 'prod.json'))).mode & 0o777, 0o600);
    assert.ok(!result.output.includes('Stored-Token-4b1d2e9a77'), 'the token is not printed');
  });

  test('a folder reached through a symbolic link keeps its mode', async () => {
    const base = join(project.dir, '.oauth-postman');
    for (const linked of ['.oauth-postman', 'tokens']) {
      await rm(base, { recursive: true, force: true });
      const shared = await mkdtemp(join(outside, 'shared-'));
      await chmod(shared, 0o755);
      if (linked === '.oauth-postman') await symlink(shared, base);
      else {
        await mkdir(base, { mode: 0o700 });
        await symlink(shared, join(base, 'tokens'));
      }
      const result = await importToken();
      assert.equal(result.code, 0, result.output);
      assert.equal((await stat(shared)).mode & 0o777, 0o755, `${linked} as a link: its target keeps 0755`);
    }
    await rm(base, { recursive: true, force: true });
  });

  test('a file where the folder belongs is one message', async () => {
    const base = join(project.dir, '.oauth-postman');
    await rm(base, { recursive: true, force: true });
    await writeFile(base, 'not a folder');
    try {
      const result = await importToken();
      assert.equal(result.code, 2, result.output);
      assert.match(result.stderr, /^✗ Cannot use .*\.oauth-postman: a part of that path is a file, not a folder\./);
    } finally {
      await rm(base, { force: true });
    }
  });
});

describe('files read', () => {
  test('a config and a .env that start with a UTF-8 byte order mark are read', async () => {
    const configFile = join(project.dir, 'oauth-postman.config.json');
    const original = await readFile(configFile, 'utf8');
    await writeFile(configFile, `\uFEFF${original}`);
    await writeFile(
      join(project.dir, '.env'),
      `\uFEFFOAUTH_CLIENT_ID=bom-client\nOAUTH_CLIENT_SECRET=${SECRET}\nAPI_BASE_URL=https://api.example.com\n`,
    );
    try {
      const check = await runCli(['generate', '--check'], { cwd: project.dir });
      assert.equal(check.code, 0, check.output);
      const file = join(outside, 'bom.json');
      const exported = await runCli(['env', 'export', '--env', 'prod', '--out', file], { cwd: project.dir });
      assert.equal(exported.code, 0, exported.output);
      const values = JSON.parse(await readFile(file, 'utf8')).values as { key: string; value: string }[];
      assert.equal(values.find((entry) => entry.key === 'clientId')?.value, 'bom-client', 'the first line of .env is read');
    } finally {
      await writeFile(configFile, original);
      await rm(join(project.dir, '.env'), { force: true });
    }
  });

  test('two requests with one name are refused, naming both positions', async () => {
    const configFile = join(project.dir, 'oauth-postman.config.json');
    const original = await readFile(configFile, 'utf8');
    const config = JSON.parse(original);
    const first = config.requests[0];
    config.requests.push({ ...first, path: '/elsewhere' }, { name: 'Other', method: 'GET', path: '/other' }, { ...first });
    await writeFile(configFile, JSON.stringify(config, null, 2));
    try {
      const result = await runCli(['generate'], { cwd: project.dir });
      assertOneClearMessage(
        result,
        new RegExp(
          `^✗ .*oauth-postman\\.config\\.json: requests\\[0\\] and requests\\[${config.requests.length - 3}\\] are both named "${first.name}"\\.`,
        ),
      );
    } finally {
      await writeFile(configFile, original);
    }
  });

  test('a folder where .env, the config or an environment file belongs: one message each', async () => {
    const dotenv = join(project.dir, '.env');
    await mkdir(dotenv);
    try {
      assertOneClearMessage(
        await runCli(['token', '--env', 'prod'], { cwd: project.dir, env: personal }),
        /^✗ .*\.env is a folder, not a file\./,
      );
    } finally {
      await rm(dotenv, { recursive: true });
    }
    const environment = join(project.dir, 'environments', 'prod.postman_environment.json');
    const saved = await readFile(environment);
    await rm(environment);
    await mkdir(environment);
    try {
      assertOneClearMessage(
        await runCli(['newman', '--env', 'prod'], { cwd: project.dir, env: personal }),
        /^✗ .*prod\.postman_environment\.json is a folder, not a file\./,
      );
    } finally {
      await rm(environment, { recursive: true });
      await writeFile(environment, saved);
    }
    const elsewhere = await mkdtemp(join(outside, 'config-folder-'));
    await mkdir(join(elsewhere, 'oauth-postman.config.json'));
    assertOneClearMessage(
      await runCli(['generate'], { cwd: elsewhere }),
      /^✗ .*oauth-postman\.config\.json is a folder, not a file\./,
    );
  });

  test('an unreadable .env, config or environment file, and an output folder without write permission: one message each', async (t) => {
    const rights = await withoutFileRights();
    if ('skip' in rights) return t.skip(rights.skip);
    const { launcher } = rights;
    const other = await makeProject();
    const unreadable = async (path: string, run: () => Promise<CliResult>, message: RegExp) => {
      const mode = (await stat(path)).mode & 0o777;
      await chmod(path, 0o000);
      try {
        assertOneClearMessage(await run(), message);
      } finally {
        await chmod(path, mode);
      }
    };
    try {
      const cli = (args: string[]) => runCli(args, { cwd: other.dir, env: personal, launcher });
      await writeFile(join(other.dir, '.env'), `OAUTH_CLIENT_SECRET=${SECRET}\n`);
      for (const command of [['token'], ['newman'], ['env', 'export', '--out', join(outside, 'unread.json')]]) {
        await unreadable(
          join(other.dir, '.env'),
          () => cli([...command, '--env', 'prod']),
          /^✗ Cannot read .*\.env: permission denied\.\n\s+Fix: Check the permissions of /,
        );
      }
      // doctor reports on stdout, as one of its checks.
      await chmod(join(other.dir, '.env'), 0o000);
      const doctor = await cli(['doctor', '--env', 'prod']).finally(() => chmod(join(other.dir, '.env'), 0o600));
      assert.equal(doctor.code, 2, doctor.output);
      assert.match(
        doctor.stdout,
        /✗ configuration\s+Cannot read .*\.env: permission denied\.\n\s+Fix: Check the permissions of /,
      );
      assert.doesNotMatch(doctor.output, /Unexpected error|\n\s+at /);
      assert.ok(!doctor.output.includes(SECRET), 'the secret is not printed');
      await unreadable(
        join(other.dir, 'oauth-postman.config.json'),
        () => cli(['generate']),
        /^✗ Cannot read .*oauth-postman\.config\.json: permission denied\./,
      );
      await unreadable(
        join(other.dir, 'environments', 'prod.postman_environment.json'),
        () => cli(['newman', '--env', 'prod']),
        /^✗ Cannot read .*prod\.postman_environment\.json: permission denied\./,
      );
      const locked = await mkdtemp(join(outside, 'locked-'));
      await chmod(locked, 0o555);
      const out = join(locked, 'prod.json');
      assertOneClearMessage(
        await cli(['env', 'export', '--env', 'prod', '--out', out]),
        /^✗ Cannot write .*locked-[^/]+\/.*: permission denied\./,
      );
      assert.deepEqual(await readdir(locked), [], 'nothing was written');
    } finally {
      await other.remove();
    }
  });

  test('generate into a project whose collections folder is a file: one message', async () => {
    const other = await makeProject();
    try {
      await rm(join(other.dir, 'collections'), { recursive: true });
      await writeFile(join(other.dir, 'collections'), '');
      assertOneClearMessage(
        await runCli(['generate'], { cwd: other.dir }),
        /^✗ Cannot use .*collections.*: a part of that path is a file, not a folder\./,
      );
    } finally {
      await other.remove();
    }
  });
});
