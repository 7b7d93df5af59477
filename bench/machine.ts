/** What the figures were measured on: without it a benchmark table means little. */
import { readFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem, type as osType, release } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './variants.js';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  newman: string;
  oidcProvider: string;
  /** 1-minute load average when the benchmark started: a busy machine explains slow figures. */
  loadAverage: number;
}

async function installedVersion(name: string): Promise<string> {
  const text = await readFile(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

export async function describeMachine(): Promise<MachineInfo> {
  const cores = cpus();
  return {
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    cores: cores.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${osType()} ${release()}`,
    node: process.version,
    newman: await installedVersion('newman'),
    oidcProvider: await installedVersion('oidc-provider'),
    loadAverage: Math.round(loadavg()[0]! * 100) / 100,
  };
}

export function machineLine(machine: MachineInfo): string {
  return (
    `${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, ${machine.os}; ` +
    `Node ${machine.node}, Newman ${machine.newman}, oidc-provider ${machine.oidcProvider}; load average ${machine.loadAverage} at start`
  );
}
