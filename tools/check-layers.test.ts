import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkLayers, formatViolations, type Violation } from './check-layers.js';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const fixtures = path.join(projectRoot, 'test', 'fixtures', 'layers');

/** The violations of one fixture tree, without the reason (asserted separately where it matters). */
function checkFixture(name: string): Omit<Violation, 'reason'>[] {
  return checkLayers({ root: path.join(fixtures, name) }).map(({ reason: _reason, ...rest }) => rest);
}

describe('checkLayers on the real tree', () => {
  it('finds no import that crosses a layer line (STYLE.md, "Layout and dependency rules")', () => {
    const violations = checkLayers({ root: projectRoot });
    expect(violations, `layer violations:\n${formatViolations(violations)}`).toEqual([]);
  });
});

describe('checkLayers on one bad fixture per way of importing', () => {
  it('catches a static import of electron in the renderer', () => {
    expect(checkFixture('bad-import')).toEqual([
      { file: 'renderer/src/app.tsx', line: 3, kind: 'import', specifier: 'electron' },
    ]);
  });

  it('catches require() of a Node builtin in shared', () => {
    expect(checkFixture('bad-require')).toEqual([
      { file: 'shared/read-seed.ts', line: 6, kind: 'require', specifier: 'node:fs' },
    ]);
  });

  it('catches a dynamic import() of electron/core from the renderer', () => {
    expect(checkFixture('bad-dynamic-import')).toEqual([
      { file: 'renderer/src/load-engine.ts', line: 4, kind: 'dynamic-import', specifier: '../../electron/core/x' },
    ]);
  });

  it('catches export * from electron in electron/core', () => {
    expect(checkFixture('bad-re-export')).toEqual([
      { file: 'electron/core/index.ts', line: 2, kind: 're-export', specifier: 'electron' },
    ]);
  });

  it('resolves a tsconfig path alias (with baseUrl) to electron/core', () => {
    const violations = checkLayers({ root: path.join(fixtures, 'bad-path-alias') });
    expect(violations).toEqual([
      {
        file: 'renderer/src/app.ts',
        line: 2,
        kind: 'import',
        specifier: '@core/engine',
        reason: expect.stringContaining('may not import from electron/core/'),
      },
    ]);
  });

  it('misses the alias when told to read another tsconfig, which proves the alias is what is caught', () => {
    expect(checkLayers({ root: path.join(fixtures, 'bad-path-alias'), tsconfigPaths: [] })).toEqual([]);
  });

  it('catches import x = require("electron") in electron/headless', () => {
    expect(checkFixture('bad-import-equals')).toEqual([
      { file: 'electron/headless/shell.ts', line: 2, kind: 'import-equals', specifier: 'electron' },
    ]);
  });

  it('catches a type-only import of electron/main in the renderer', () => {
    expect(checkFixture('bad-type-import')).toEqual([
      { file: 'renderer/src/client.ts', line: 2, kind: 'import', specifier: '../../electron/main/api.js' },
    ]);
  });
});

describe('checkLayers on the allowed imports', () => {
  it('accepts every allowed import of every layer', () => {
    // shared → zod, zod/mini, shared (and vitest in a test); core → node:fs, path, require('events'),
    // shared, its own folder index, the root package.json; headless → core, node:http, ws; main → electron, core (folder
    // import), its own folder, import = require('electron'); preload → require('electron'), shared;
    // renderer → react, shared (relative and by alias), CSS, its own files, a template import();
    // vite.config.ts and tools/ are not checked.
    const violations = checkLayers({ root: path.join(fixtures, 'good') });
    expect(violations, formatViolations(violations)).toEqual([]);
  });
});

describe('checkLayers on assorted breaks', () => {
  it('catches shell-to-shell imports, bare builtins, Node-only packages, type positions and references', () => {
    const violations = checkLayers({ root: path.join(fixtures, 'assorted') });
    expect(violations.map(({ file, line, kind, specifier }) => `${file}:${line} ${kind} ${specifier}`)).toEqual([
      'electron/core/engine.ts:1 import ../headless/state.js',
      'electron/headless/state.ts:1 import electron/main',
      'electron/headless/state.ts:2 import ../main/main.js',
      'electron/headless/state.ts:3 import nodemailer',
      'electron/main/main.ts:1 import ../preload/bridge.js',
      'electron/preload/bridge.ts:1 re-export ../main/main.js',
      'renderer/src/store.ts:1 reference node',
      'renderer/src/store.ts:2 import fs',
      'renderer/src/store.ts:3 import better-sqlite3',
      'renderer/src/store.ts:6 import electron',
      'shared/format.test.ts:2 import node:fs',
      'shared/format.ts:1 import path',
      'shared/format.ts:2 import react',
      'shared/format.ts:3 import ../tools/helper.js',
      'shared/format.ts:5 dynamic-import `../electron/core/${name}.js`',
    ]);
    const reasonOf = (file: string, line: number) => violations.find((v) => v.file === file && v.line === line)?.reason;
    expect(reasonOf('electron/headless/state.ts', 3)).toMatch(/not declared in package\.json/);
    expect(reasonOf('renderer/src/store.ts', 3)).toMatch(/runs only in Node/);
    expect(reasonOf('shared/format.ts', 3)).toMatch(/outside the layered folders/);
  });
});
