// Build step: newman-reporter-htmlextra's own report template, with each CDN <link>/<script> tag
// replaced by the file it loads, taken from the npm packages of the same (or nearest published)
// version (devDependencies). Reports made from it open offline (a CI artifact on a locked-down
// laptop) and need no patching per run; src/run/offline-report.ts points htmlextra at it.
// The files (~950 KB) are not pasted into the template, which htmlextra compiles with Handlebars on
// every run (~350 ms for that size): the template calls {{{offlineAsset N}}} and the files go to a
// JSON array beside it, which the helper of that name (offline-report.ts) hands over unchanged.
// Fails, naming what changed, if an htmlextra upgrade moves a tag or an asset cannot be inlined.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const htmlextraDir = dirname(require.resolve('newman-reporter-htmlextra/package.json'));
const SOURCE = join(htmlextraDir, 'lib', 'dashboard-template.hbs');
const TARGET = new URL('../dist/report/htmlextra-offline.hbs', import.meta.url);
const ASSETS_TARGET = new URL('../dist/report/htmlextra-offline-assets.json', import.meta.url);

/** The tags of htmlextra 1.23's template, and the package files that replace them, in order. */
const ASSETS = [
  ['https://cdnjs.cloudflare.com/ajax/libs/font-awesome/5.13.0/css/all.min.css', '@fortawesome/fontawesome-free/css/all.min.css'],
  ['https://stackpath.bootstrapcdn.com/bootstrap/4.1.3/css/bootstrap.min.css', 'bootstrap/dist/css/bootstrap.min.css'],
  [
    'https://cdnjs.cloudflare.com/ajax/libs/highlight.js/10.1.2/styles/default.min.css',
    '@highlightjs/cdn-assets/styles/default.min.css',
  ],
  ['https://cdn.datatables.net/v/bs4/dt-1.10.18/datatables.min.css', 'datatables.net-bs4/css/dataTables.bootstrap4.min.css'],
  ['https://cdnjs.cloudflare.com/ajax/libs/jquery/3.5.1/jquery.min.js', 'jquery/dist/jquery.min.js'],
  [
    'https://cdnjs.cloudflare.com/ajax/libs/twitter-bootstrap/4.2.1/js/bootstrap.bundle.min.js',
    'bootstrap/dist/js/bootstrap.bundle.min.js',
  ],
  [
    'https://cdn.datatables.net/v/bs4/dt-1.10.18/datatables.min.js',
    'datatables.net/js/jquery.dataTables.min.js',
    'datatables.net-bs4/js/dataTables.bootstrap4.min.js',
  ],
  ['https://cdnjs.cloudflare.com/ajax/libs/clipboard.js/2.0.0/clipboard.min.js', 'clipboard/dist/clipboard.min.js'],
  ['https://cdnjs.cloudflare.com/ajax/libs/remarkable/1.7.1/remarkable.min.js', 'remarkable/dist/remarkable.min.js'],
  ['https://cdnjs.cloudflare.com/ajax/libs/highlight.js/10.1.2/highlight.min.js', '@highlightjs/cdn-assets/highlight.min.js'],
];

function fail(message) {
  throw new Error(`build-report-template: ${message}`);
}

/** `package/path/inside` → the file, wherever npm put the package. */
function packageFile(spec) {
  const parts = spec.split('/');
  const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return join(dirname(require.resolve(`${name}/package.json`)), ...parts.slice(name.split('/').length));
}

/**
 * Font Awesome's @font-face rules list five formats of each font under ../webfonts/; every browser
 * the report targets takes woff2, so each rule keeps that one source, embedded.
 */
function embedFonts(css, cssFile) {
  const result = css.replace(/@font-face\{[^}]*\}/g, (rule) => {
    const woff2 = /url\(\.\.\/webfonts\/([\w-]+\.woff2)\)/.exec(rule)?.[1];
    if (woff2 === undefined) return rule;
    const data = readFileSync(join(dirname(cssFile), '..', 'webfonts', woff2)).toString('base64');
    const source = `src:url(data:font/woff2;base64,${data}) format("woff2")`;
    return rule.replace(/;?src:[^;}]*/g, '').replace(/\}$/, `;${source}}`);
  });
  if (/url\((?!["']?data:)/.test(result)) fail(`${cssFile} still refers to a file after inlining its fonts`);
  return result;
}

function inlineTag(url, files) {
  const isCss = url.endsWith('.css');
  return files
    .map((spec) => {
      const file = packageFile(spec);
      const text = readFileSync(file, 'utf8');
      if (isCss) {
        if (/<\/style/i.test(text)) fail(`${file} contains </style`);
        return `<style>/* ${spec}, for ${url} */\n${embedFonts(text, file)}\n</style>`;
      }
      // "<!--" followed by "<script" would switch the HTML parser into a state where </script> does not end the element.
      if (/<!--/.test(text) && /<script/i.test(text)) fail(`${file} contains both <!-- and <script`);
      // "</script" inside the code would end the element early; "<\/script" means the same to JavaScript.
      const code = text.replace(/<\/script/gi, '<\\/script');
      return `<script>/* ${spec}, for ${url} */\n${code}\n</script>`;
    })
    .join('\n');
}

let template = readFileSync(SOURCE, 'utf8');
const inlined = [];
for (const [url, ...files] of ASSETS) {
  const escaped = url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const tag = new RegExp(
    url.endsWith('.css') ? `<link rel="stylesheet" href="${escaped}"\\s*/?>` : `<script src="${escaped}"></script>`,
    'g',
  );
  const found = template.match(tag)?.length ?? 0;
  if (found !== 1) fail(`${SOURCE} has ${found} tags for ${url}, expected 1: update ASSETS for this htmlextra version`);
  template = template.replace(tag, () => `{{{offlineAsset ${inlined.length}}}}`);
  inlined.push(inlineTag(url, files));
}
const remote = /<(?:link|script)\b[^>]*\b(?:href|src)="(?:https?:)?\/\/[^"]*"/i.exec(template);
if (remote) fail(`${SOURCE} loads ${remote[0]}, which ASSETS does not inline`);

mkdirSync(new URL('.', TARGET), { recursive: true });
writeFileSync(TARGET, template);
writeFileSync(ASSETS_TARGET, JSON.stringify(inlined));
