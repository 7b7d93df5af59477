import { join } from 'node:path';
import { startPrism } from './test/support/prism.ts';
const doc = join(process.cwd(), 'node_modules/@readme/oas-examples/3.1/yaml/train-travel.yaml');
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  const prism = await startPrism(doc);
  const up = performance.now() - t;
  const pid = Number((await import('node:child_process')).execSync(`pgrep -f "prism-cli/dist/index.js mock -h 127.0.0.1 -p 0 ${doc}" | head -1`).toString().trim());
  const status = (await import('node:fs')).readFileSync(`/proc/${pid}/status`, 'utf8');
  const rss = /VmRSS:\s+(\d+)/.exec(status)![1];
  const hwm = /VmHWM:\s+(\d+)/.exec(status)![1];
  const t2 = performance.now(); await prism.stop(); const down = performance.now() - t2;
  console.log(`start ${up.toFixed(0)} ms, RSS ${(Number(rss)/1024).toFixed(0)} MiB (peak ${(Number(hwm)/1024).toFixed(0)}), stop ${down.toFixed(0)} ms`);
}
