// `npm run screenshots [-- --out DIR] [--lang en,de] [--screens inbox,thread,...]`: pictures of
// the real UI for the README (issue 25), into docs/screenshots/ by default. Starts a real
// `hirebox serve` on a temporary data folder with the sample data and a Gmail mailbox at the
// local stand-in (no Dovecot, no network) and photographs it in Debian's Chromium at
// 1280×720. Builds the app first unless `--no-build`. The work is done by
// test/support/screenshots/take-screenshots.ts, bundled here with esbuild.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'docs/screenshots' },
    lang: { type: 'string', default: 'en,de' },
    screens: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
  },
});

if (!values['no-build']) {
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

// Two folders below the project root, as the module's own place is (it finds bin/ from there).
const bundle = path.resolve('dist/screenshots/take-screenshots.mjs');
try {
  await build({
    entryPoints: ['test/support/screenshots/take-screenshots.ts'],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  const { takeScreenshots } = await import(pathToFileURL(bundle).href);
  const files = await takeScreenshots({
    outDir: path.resolve(values.out),
    languages: values.lang.split(',').map((language) => language.trim()),
    ...(values.screens === undefined ? {} : { screens: values.screens.split(',').map((screen) => screen.trim()) }),
    log: (line) => process.stdout.write(`${line}\n`),
  });
  process.stdout.write(`${files.length} screenshots in ${path.relative(process.cwd(), path.resolve(values.out)) || '.'}\n`);
} finally {
  fs.rmSync(path.dirname(bundle), { recursive: true, force: true });
}
