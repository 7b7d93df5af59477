/**
 * A node:test reporter that ends the run with one line per skip reason, saying how many tests it
 * skipped: a skip is easy to miss among a hundred passing tests (a machine without a browser skips
 * the browser tests, see browser.ts). `npm run test:unit` uses it next to the spec reporter.
 * Plain JavaScript: node loads reporters before `--import tsx` applies.
 *
 * @param {AsyncIterable<{ type: string, data: { name: string, skip?: string | boolean } }>} source
 */
export default async function* skipSummary(source) {
  /** @type {Map<string, string[]>} test names by skip reason */
  const skipped = new Map();
  for await (const event of source) {
    if ((event.type === 'test:pass' || event.type === 'test:fail') && event.data.skip) {
      // A skip without a reason is named by its test instead.
      const reason = event.data.skip === true ? '' : event.data.skip;
      skipped.set(reason, [...(skipped.get(reason) ?? []), event.data.name]);
    }
  }
  for (const [reason, names] of skipped) {
    const count = `${names.length} test${names.length === 1 ? '' : 's'} skipped`;
    yield `\n⚠ ${reason ? `${count}: ${reason}` : `${count} without a reason: ${names.join('; ')}`}\n`;
  }
}
