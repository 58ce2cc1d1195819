#!/usr/bin/env node
// The `hirebox` command: runs the built headless shell (`npm run build` makes it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../dist/headless/cli.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('Hirebox is not built yet. Run `npm run build` in its folder first.\n');
  process.exit(2);
}
await import(entry);
