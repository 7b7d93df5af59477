import { spawnSync } from 'node:child_process';

/** Binds 127.0.0.1:80 and prints the outcome: `listening` or the error code. */
const PROBE = `require('node:net').createServer()
  .once('error', (error) => { process.stdout.write(String(error.code)); process.exit(0); })
  .listen(80, '127.0.0.1', () => { process.stdout.write('listening'); process.exit(0); });`;

/**
 * How to start a process the way a user without administrator rights runs it, as far as ports
 * below 1024 go: as it is, or, when the suite runs as root (as CI does), through util-linux's
 * setpriv without CAP_NET_BIND_SERVICE, the one capability that lets root bind them. Says why
 * not where such a process may bind port 80 all the same (a lowered
 * net.ipv4.ip_unprivileged_port_start, as in many containers), or setpriv is missing.
 */
export function withoutLowPortRight(): { launcher: string[] } | { skip: string } {
  const launcher = process.getuid?.() === 0 ? ['setpriv', '--bounding-set', '-net_bind_service'] : [];
  const [command, ...args] = [...launcher, process.execPath, '-e', PROBE];
  const probe = spawnSync(command!, args, { encoding: 'utf8', timeout: 30_000 });
  if (probe.error)
    return { skip: `running as root, and setpriv (util-linux) cannot drop the right to bind port 80: ${probe.error.message}` };
  if (probe.stdout === 'EACCES') return { launcher };
  return {
    skip: `here a process without administrator rights binding 127.0.0.1:80 gets ${probe.stdout || `exit ${probe.status}`}, not EACCES`,
  };
}
