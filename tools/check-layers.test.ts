import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CORE_PARTS, checkLayers, formatViolations, type Violation } from './check-layers.js';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const fixtures = path.join(projectRoot, 'test', 'fixtures', 'layers');

/** The violations of one fixture tree, without the reason (asserted separately where it matters). */
function checkFixture(name: string): Omit<Violation, 'reason'>[] {
  return checkLayers({ root: path.join(fixtures, name) }).map(({ reason: _reason, ...rest }) => rest);
}

/**
 * Known breaks of the engine's floors that are being mended elsewhere, one `file → import`
 * each. Remove an entry with its mend: the test fails while an entry no longer matches.
 */
const KNOWN_VIOLATIONS: readonly Pick<Violation, 'file' | 'specifier'>[] = [];

describe('checkLayers on the real tree', () => {
  it('finds no import that crosses a layer line (STYLE.md, "Layout and dependency rules")', () => {
    const isKnown = (v: Violation) => KNOWN_VIOLATIONS.some((known) => known.file === v.file && known.specifier === v.specifier);
    const all = checkLayers({ root: projectRoot });
    const violations = all.filter((v) => !isKnown(v));
    expect(violations, `layer violations:\n${formatViolations(violations)}`).toEqual([]);
    expect(all.filter(isKnown).map(({ file, specifier }) => ({ file, specifier })), 'a known violation is gone: remove its entry').toEqual(KNOWN_VIOLATIONS);
  });

  it('knows every part of the engine (electron/core), so none escapes the floors', () => {
    const core = path.join(projectRoot, 'electron', 'core');
    const parts = fs.readdirSync(core, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() || (/\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)))
      .map((entry) => entry.name);
    expect(parts.filter((part) => !Object.hasOwn(CORE_PARTS, part))).toEqual([]);
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

describe('checkLayers on the parts of the engine: one bad fixture per rule', () => {
  /** `file:line specifier` of each violation, and the words every reason must contain. */
  const cases: { fixture: string; rule: string; violations: string[]; reason: RegExp }[] = [
    {
      fixture: 'core-api',
      rule: 'api reaches the store, the loops and the providers only through a service',
      violations: ['electron/core/api/handlers.ts:3 ../store/store.js', 'electron/core/api/handlers.ts:4 ../sync/sync-scheduler.js', 'electron/core/api/handlers.ts:5 ../providers/mail-provider.js'],
      reason: /^electron\/core\/api\/ may not import from electron\/core\/(store|sync|providers)\/: the handler map reaches/,
    },
    {
      fixture: 'core-services',
      rule: 'services never import the api or the composition root',
      violations: ['electron/core/services/job-service.ts:2 ../api/dispatch.js', 'electron/core/services/job-service.ts:3 ../engine.js'],
      reason: /^electron\/core\/services\/ may not import from electron\/core\/(api\/|engine\.ts): use cases answer the api/,
    },
    {
      fixture: 'core-sync',
      rule: 'sync never imports the api, the services or the outbox',
      violations: ['electron/core/sync/sync-scheduler.ts:2 ../api/events.js', 'electron/core/sync/sync-scheduler.ts:3 ../services/address-guard.js', 'electron/core/sync/sync-scheduler.ts:4 ../outbox/outbox-sender.js'],
      reason: /^electron\/core\/sync\/ may not import from electron\/core\/(api|services|outbox)\/: the loops are started by the services/,
    },
    {
      fixture: 'core-outbox',
      rule: 'the outbox never imports the api, the services or sync',
      violations: ['electron/core/outbox/outbox-sender.ts:2 ../api/events.js', 'electron/core/outbox/outbox-sender.ts:3 ../services/address-guard.js', 'electron/core/outbox/outbox-sender.ts:4 ../sync/message-content.js'],
      reason: /^electron\/core\/outbox\/ may not import from electron\/core\/(api|services|sync)\/: the sender is started by the services/,
    },
    {
      fixture: 'core-purge',
      rule: 'purge imports only the store and below',
      violations: ['electron/core/purge/purge-runner.ts:2 ../services/candidate-service.js', 'electron/core/purge/purge-runner.ts:3 ../providers/mail-provider.js'],
      reason: /^electron\/core\/purge\/ may not import from electron\/core\/(services|providers)\/: it deletes what the store names/,
    },
    {
      fixture: 'core-providers',
      rule: 'providers never import the store, nor any part above them, nor secrets (a credential source from auth is theirs to use)',
      violations: [
        'electron/core/providers/imap/imap-provider.ts:2 ../../services/mailbox-service.js',
        'electron/core/providers/imap/imap-provider.ts:3 ../../sync/sync-scheduler.js',
        'electron/core/providers/imap/imap-provider.ts:4 ../../outbox/outbox-sender.js',
        'electron/core/providers/imap/imap-provider.ts:5 ../../api/dispatch.js',
        'electron/core/providers/imap/imap-provider.ts:7 ../../secrets/secret-box.js',
        'electron/core/providers/stored-connection.ts:2 ../store/store.js',
      ],
      reason: /^electron\/core\/providers\/ may not import from electron\/core\/(services|sync|outbox|api|secrets|store)\/: a provider wraps one SDK/,
    },
    {
      fixture: 'core-auth',
      rule: 'auth never imports the store or a provider',
      violations: ['electron/core/auth/token-vault.ts:2 ../store/store.js', 'electron/core/auth/token-vault.ts:3 ../providers/mail-provider.js'],
      reason: /^electron\/core\/auth\/ may not import from electron\/core\/(store|providers)\/: credentials are sealed with secrets/,
    },
    {
      fixture: 'core-mime',
      rule: 'mime imports neither the store nor its callers',
      violations: ['electron/core/mime/message-content.ts:2 ../store/store.js', 'electron/core/mime/message-content.ts:3 ../sync/mailbox-sync.js'],
      reason: /^electron\/core\/mime\/ may not import from electron\/core\/(store|sync)\/: it parses message sources/,
    },
    {
      fixture: 'core-import',
      rule: 'import imports neither the store nor the services',
      violations: ['electron/core/import/candidate-csv.ts:2 ../store/store.js', 'electron/core/import/candidate-csv.ts:3 ../services/candidate-service.js'],
      reason: /^electron\/core\/import\/ may not import from electron\/core\/(store|services)\/: it reads import files for shape only/,
    },
    {
      fixture: 'core-store',
      rule: 'the store imports no provider, loop, service, api or secrets',
      violations: [
        'electron/core/store/store.ts:2 ../providers/mail-provider.js',
        'electron/core/store/store.ts:3 ../sync/sync-scheduler.js',
        'electron/core/store/store.ts:4 ../outbox/outbox-sender.js',
        'electron/core/store/store.ts:5 ../services/candidate-service.js',
        'electron/core/store/store.ts:6 ../api/dispatch.js',
        'electron/core/store/store.ts:7 ../secrets/secret-box.js',
      ],
      reason: /^electron\/core\/store\/ may not import from electron\/core\/(providers|sync|outbox|services|api|secrets)\/: SQL and repositories only/,
    },
    {
      fixture: 'core-secrets',
      rule: 'secrets import only errors.ts and log',
      violations: ['electron/core/secrets/key-file-secret-box.ts:2 ../store/store.js', 'electron/core/secrets/key-file-secret-box.ts:3 ../domain/own-addresses.js'],
      reason: /^electron\/core\/secrets\/ may not import from electron\/core\/(store|domain)\/: it seals and opens bytes/,
    },
    {
      fixture: 'core-domain',
      rule: 'domain imports nothing but the low utilities and shared/',
      violations: ['electron/core/domain/matching.ts:2 ../store/store.js', 'electron/core/domain/matching.ts:3 ../providers/mail-provider.js', 'electron/core/domain/matching.ts:4 ../mime/message-content.js'],
      reason: /^electron\/core\/domain\/ may not import from electron\/core\/(store|providers|mime)\/: pure rules/,
    },
    {
      fixture: 'core-events',
      rule: 'the event bus imports only errors.ts',
      violations: ['electron/core/events/event-bus.ts:2 ../api/caller.js', 'electron/core/events/event-bus.ts:3 ../domain/visibility.js'],
      reason: /^electron\/core\/events\/ may not import from electron\/core\/(api|domain)\/: the lowest floor/,
    },
    {
      fixture: 'core-log',
      rule: 'logging imports only errors.ts',
      violations: ['electron/core/log/logger.ts:2 ../events/event-bus.js', 'electron/core/log/logger.ts:3 ../store/store.js'],
      reason: /^electron\/core\/log\/ may not import from electron\/core\/(events|store)\/: the lowest floor/,
    },
    {
      fixture: 'core-errors',
      rule: 'errors.ts imports nothing in the engine',
      violations: ['electron/core/errors.ts:2 ./log/logger.js'],
      reason: /^electron\/core\/errors\.ts may not import from electron\/core\/log\/: .*\(allowed: nothing else in the engine\)$/,
    },
    {
      fixture: 'core-shell-helpers',
      rule: 'a shell helper imports only errors.ts, and no part but the composition root imports it',
      violations: ['electron/core/data-folder.ts:2 ./store/store.js', 'electron/core/store/paths.ts:2 ../version.js'],
      reason: /^electron\/core\/(data-folder\.ts|store\/) may not import from electron\/core\/(store\/|version\.ts): /,
    },
    {
      fixture: 'core-unknown-parts',
      rule: 'a part the check does not know, or cannot tell, is reported',
      violations: ['electron/core/outbox/load-template.ts:2 `../${name}.js`', 'electron/core/sync/sync-scheduler.ts:2 ../widgets/widget.js', 'electron/core/widgets/widget.ts:2 ../store/store.js'],
      reason: /is not a part the layer check knows: give it a floor in CORE_PARTS|whose part of the engine cannot be told/,
    },
  ];

  it.each(cases)('$fixture: $rule', ({ fixture, violations: expected, reason }) => {
    const violations = checkLayers({ root: path.join(fixtures, fixture) });
    expect(violations.map(({ file, line, specifier }) => `${file}:${line} ${specifier}`)).toEqual(expected);
    for (const violation of violations) expect(violation.reason).toMatch(reason);
  });

  it('names the allowed parts in the message', () => {
    const [violation] = checkLayers({ root: path.join(fixtures, 'core-sync') });
    expect(violation?.reason).toBe(
      'electron/core/sync/ may not import from electron/core/api/: the loops are started by the services and never call them, the api or the outbox beside them; what they need from above is injected'
        + ' (allowed: electron/core/providers/, electron/core/auth/, electron/core/mime/, electron/core/store/, electron/core/secrets/, electron/core/domain/, electron/core/errors.ts, electron/core/log/, electron/core/events/)',
    );
  });
});

describe('checkLayers on the allowed imports', () => {
  it('accepts every allowed import of every layer', () => {
    // shared → zod, zod/mini, shared (and vitest in a test); core → node:fs, path, require('events'),
    // shared, its own folder index, the root package.json; inside core, engine.ts → api → services →
    // sync, outbox → providers → domain → errors.ts, log, events, a template import() of one part,
    // and a test beside errors.ts; headless → core, node:http, ws; main → electron, core (folder
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
