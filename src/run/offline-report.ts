import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * newman-reporter-htmlextra's template loads Bootstrap, jQuery, DataTables, Font Awesome and
 * friends from CDNs, so a report opened offline (a CI artifact on a locked-down laptop) is
 * unstyled and its tabs do not work. The same files, at the same (or nearest published)
 * versions, come from npm packages: they are put into the page itself.
 */
const ASSETS: Record<string, { kind: 'css' | 'js'; files: string[] }> = {
  'https://cdnjs.cloudflare.com/ajax/libs/font-awesome/5.13.0/css/all.min.css': {
    kind: 'css',
    files: ['@fortawesome/fontawesome-free/css/all.min.css'],
  },
  'https://stackpath.bootstrapcdn.com/bootstrap/4.1.3/css/bootstrap.min.css': {
    kind: 'css',
    files: ['bootstrap/dist/css/bootstrap.min.css'],
  },
  'https://cdnjs.cloudflare.com/ajax/libs/highlight.js/10.1.2/styles/default.min.css': {
    kind: 'css',
    files: ['@highlightjs/cdn-assets/styles/default.min.css'],
  },
  'https://cdn.datatables.net/v/bs4/dt-1.10.18/datatables.min.css': {
    kind: 'css',
    files: ['datatables.net-bs4/css/dataTables.bootstrap4.min.css'],
  },
  'https://cdnjs.cloudflare.com/ajax/libs/jquery/3.5.1/jquery.min.js': { kind: 'js', files: ['jquery/dist/jquery.min.js'] },
  'https://cdnjs.cloudflare.com/ajax/libs/twitter-bootstrap/4.2.1/js/bootstrap.bundle.min.js': {
    kind: 'js',
    files: ['bootstrap/dist/js/bootstrap.bundle.min.js'],
  },
  'https://cdn.datatables.net/v/bs4/dt-1.10.18/datatables.min.js': {
    kind: 'js',
    files: ['datatables.net/js/jquery.dataTables.min.js', 'datatables.net-bs4/js/dataTables.bootstrap4.min.js'],
  },
  'https://cdnjs.cloudflare.com/ajax/libs/clipboard.js/2.0.0/clipboard.min.js': {
    kind: 'js',
    files: ['clipboard/dist/clipboard.min.js'],
  },
  'https://cdnjs.cloudflare.com/ajax/libs/remarkable/1.7.1/remarkable.min.js': {
    kind: 'js',
    files: ['remarkable/dist/remarkable.min.js'],
  },
  'https://cdnjs.cloudflare.com/ajax/libs/highlight.js/10.1.2/highlight.min.js': {
    kind: 'js',
    files: ['@highlightjs/cdn-assets/highlight.min.js'],
  },
};

const require = createRequire(import.meta.url);

/** `package/path/inside` → absolute path, wherever npm put the package. */
function assetPath(spec: string): string {
  const parts = spec.split('/');
  const packageName = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  const inside = parts.slice(packageName.split('/').length).join('/');
  return join(dirname(require.resolve(`${packageName}/package.json`)), inside);
}

async function inlineStylesheet(file: string): Promise<string> {
  const css = await readFile(file, 'utf8');
  // Font Awesome's webfonts sit next to its CSS; browsers pick the woff2 source, so that one is embedded.
  const fonts = [...new Set([...css.matchAll(/url\(\.\.\/webfonts\/([\w-]+\.woff2)\)/g)].map((match) => match[1]!))];
  let result = css;
  for (const font of fonts) {
    const data = (await readFile(join(dirname(file), '..', 'webfonts', font))).toString('base64');
    result = result.split(`url(../webfonts/${font})`).join(`url(data:font/woff2;base64,${data})`);
  }
  return result;
}

/** Rewrites an htmlextra report so that it needs no network. CDN references it does not know are left as they are. */
export async function inlineReportAssets(reportFile: string): Promise<void> {
  let html = await readFile(reportFile, 'utf8');
  for (const [url, asset] of Object.entries(ASSETS)) {
    const escaped = url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const tag =
      asset.kind === 'css'
        ? new RegExp(`<link rel="stylesheet" href="${escaped}"\\s*/?>`)
        : new RegExp(`<script src="${escaped}"></script>`);
    if (!tag.test(html)) continue;
    const contents = await Promise.all(
      asset.files.map((spec) => (asset.kind === 'css' ? inlineStylesheet(assetPath(spec)) : readFile(assetPath(spec), 'utf8'))),
    );
    const replacement =
      asset.kind === 'css'
        ? `<style>/* ${url}, inlined for offline viewing */\n${contents.join('\n')}</style>`
        : // A literal "</script" inside the code would end the element early.
          `<script>/* ${url}, inlined for offline viewing */\n${contents.join(';\n').replace(/<\/script/gi, '<\\/script')}</script>`;
    html = html.replace(tag, () => replacement);
  }
  await writeFile(reportFile, html);
}
