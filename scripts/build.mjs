// Builds everything the shells run: the renderer (Vite), the headless CLI, and the
// desktop shell's main process and preload (esbuild; the preload as one CommonJS file,
// since a sandboxed preload can only require `electron` and a few Node modules).
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';

const only = process.argv[2];

if (!only || only === 'renderer') {
  await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' });
}

if (!only || only === 'shells') {
  const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };
  await Promise.all([
    esbuild({ ...common, entryPoints: ['electron/headless/index.ts'], outfile: 'dist/headless/cli.js', format: 'esm', packages: 'external' }),
    esbuild({ ...common, entryPoints: ['electron/main/main.ts'], outfile: 'dist/electron/main.cjs', format: 'cjs', external: ['electron', 'better-sqlite3', 'ws'] }),
    esbuild({ ...common, entryPoints: ['electron/preload/preload.ts'], outfile: 'dist/electron/preload.cjs', format: 'cjs', external: ['electron'] }),
  ]);
}
