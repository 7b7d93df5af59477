/**
 * A node:test reporter that ends the run with one line per skip reason, saying how many tests it
 * skipped: a skip is easy to miss among a hundred passing tests (a machine without a browser skips
 * the browser tests, see browser.ts). `npm run test:unit` uses it next to the spec reporter.
 * Plain JavaScript: node loads reporters before `--import tsx` applies.
 *
 * @param {AsyncIterable<{ type: string, data: { skip?: string | boolean } }>} source
 */
export default async function* skipSummary(source) {
  /** @type {Map<string, number>} */
  const skipped = new Map();
  for await (const event of source) {
    if ((event.type === 'test:pass' || event.type === 'test:fail') && event.data.skip) {
      const reason = event.data.skip === true ? 'no reason given' : event.data.skip;
      skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
    }
  }
  for (const [reason, count] of skipped) yield `\n⚠ ${count} test${count === 1 ? '' : 's'} skipped: ${reason}\n`;
}
