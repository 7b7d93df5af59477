/**
 * `prism mock -h 127.0.0.1 -p 0 <document>` for several documents in ONE process, one mock server
 * each: every document goes through the mock command's own option parsing and handler, as the
 * `prism` executable runs them, but Prism's modules (about 2.5 s of CPU) load once, not once per
 * document. The servers start one after another, so their "Prism is listening on" lines come in
 * the order of the documents. Plain JavaScript: run by node, without tsx.
 *
 * Usage: node test/support/prism-mocks.mjs <document>...
 */
import { createRequire } from 'node:module';
import process from 'node:process';

const prismRequire = createRequire(createRequire(import.meta.url).resolve('@stoplight/prism-cli/package.json'));
const yargs = prismRequire('yargs/yargs');
const mock = prismRequire('./dist/commands/mock.js').default;

for (const document of process.argv.slice(2)) {
  let options;
  yargs(['mock', '-h', '127.0.0.1', '-p', '0', document])
    .strict()
    .command({ ...mock, handler: (parsed) => (options = parsed) })
    .parse();
  await mock.handler(options);
}
