// Builds everything the shells run: the renderer (Vite), the headless CLI, and the
// desktop shell's main process and preload (esbuild; the preload as one CommonJS file,
// since a sandboxed preload can only require `electron` and a few Node modules).
// `node scripts/build.mjs renderer` or `... shells` builds one part.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
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
    // `hirebox serve` runs the engine in a worker thread of its own (issue 22).
    esbuild({ ...common, entryPoints: ['electron/core/thread/engine-worker.ts'], outfile: 'dist/headless/engine-worker.js', format: 'esm', packages: 'external' }),
    // Everything but Electron and the native module is bundled, so a packaged app needs
    // only better-sqlite3 (and its two helpers) from node_modules.
    esbuild({ ...common, entryPoints: ['electron/main/main.ts'], outfile: 'dist/electron/main.cjs', format: 'cjs', external: ['electron', 'better-sqlite3'] }),
    // The desktop's engine thread: the same entry as `serve`'s, bundled as main is (issue 22).
    esbuild({ ...common, entryPoints: ['electron/core/thread/engine-worker.ts'], outfile: 'dist/electron/engine-worker.cjs', format: 'cjs', external: ['electron', 'better-sqlite3'] }),
    esbuild({
      ...common,
      entryPoints: ['electron/preload/preload.ts'],
      outfile: 'dist/electron/preload.cjs',
      format: 'cjs',
      external: ['electron'],
      plugins: [await contractChannelList()],
    }),
  ]);
}

/**
 * The preload needs only the contract's channel names, but importing them pulls in every
 * zod schema (about 750 kB). This plugin hands the preload a module holding just the list,
 * read from the contract at build time, so the contract stays the one source.
 */
async function contractChannelList() {
  const contractFile = path.resolve('shared/contract.ts');
  const cacheFolder = path.resolve('node_modules/.cache/hirebox-build');
  fs.mkdirSync(cacheFolder, { recursive: true });
  const bundled = path.join(cacheFolder, `contract-${process.pid}.mjs`);
  await esbuild({ entryPoints: [contractFile], outfile: bundled, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning' });
  let channelNames;
  try {
    ({ channelNames } = await import(pathToFileURL(bundled).href));
  } finally {
    fs.rmSync(bundled, { force: true });
  }
  return {
    name: 'contract-channel-list',
    setup(build) {
      build.onResolve({ filter: /\/contract\.js$/ }, (args) => {
        const resolved = path.resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts'));
        return resolved === contractFile ? { path: contractFile, namespace: 'contract-channel-list' } : undefined;
      });
      build.onLoad({ filter: /.*/, namespace: 'contract-channel-list' }, () => ({
        contents: `export const channelNames = ${JSON.stringify(channelNames)};\n`,
        loader: 'js',
      }));
    },
  };
}
