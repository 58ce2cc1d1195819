/**
 * Layer check: enforces the dependency rules of STYLE.md ("Layout and dependency rules").
 *
 * Every source file under the layered folders is parsed with the TypeScript compiler API and
 * every way of naming another module is judged against the rules of the file's folder:
 * `import` (type-only included), `export ... from`, `require()`, `import()`,
 * `import x = require()`, `import('x').T` in a type and `/// <reference types|path>`.
 * Relative specifiers, tsconfig path aliases (`compilerOptions.paths`, `baseUrl`) and
 * package.json `imports` (`#x`) are resolved to a file, whose folder decides its layer.
 * Inside the engine (`electron/core`) each import is also judged against the floors of its
 * parts ({@link CORE_PARTS}): no import climbs a floor, and siblings do not import each other.
 *
 * The unit test `tools/check-layers.test.ts` runs it over the real tree, so `vitest run`
 * fails when a file crosses a line. Files outside the layered folders (tools/, scripts/,
 * test/) and config files (`*.config.ts`) are not checked.
 */
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

/** The layered folders, relative to the project root. */
export const LAYERS = [
  'shared',
  'electron/core',
  'electron/main',
  'electron/preload',
  'electron/headless',
  'renderer',
] as const;

/** A layered folder. */
export type Layer = (typeof LAYERS)[number];

/** How a file names the module it depends on. */
export type ImportKind =
  | 'import' // `import ... from 'x'`, `import 'x'`, `import type`, `import('x').T` in a type
  | 'require' // `require('x')`
  | 'dynamic-import' // `import('x')`
  | 're-export' // `export ... from 'x'`, `export * from 'x'`
  | 'import-equals' // `import x = require('x')`
  | 'reference'; // `/// <reference types="x" />`, `/// <reference path="x" />`

/** One import that crosses a layer line. */
export interface Violation {
  /** The importing file, relative to the root, with `/` separators. */
  file: string;
  /** 1-based line of the import. */
  line: number;
  /** The specifier as written (a template literal as its source text). */
  specifier: string;
  kind: ImportKind;
  /** Which rule it breaks, in words. */
  reason: string;
}

/** Options of {@link checkLayers}. */
export interface CheckLayersOptions {
  /** Project root: the folder that holds `shared/`, `electron/` and `renderer/`. */
  root: string;
  /**
   * tsconfig files (absolute or relative to `root`) whose `compilerOptions.paths` and
   * `baseUrl` define path aliases. Default: every `tsconfig*.json` in `root`, which includes
   * `tsconfig.base.json`.
   */
  tsconfigPaths?: string[];
}

/** Which layers each layer may import, its own included. */
const MAY_IMPORT_LAYERS: Record<Layer, readonly Layer[]> = {
  shared: ['shared'],
  'electron/core': ['electron/core', 'shared'],
  'electron/main': ['electron/main', 'electron/core', 'shared'],
  'electron/preload': ['electron/preload', 'electron/core', 'shared'],
  'electron/headless': ['electron/headless', 'electron/core', 'shared'],
  renderer: ['renderer', 'shared'],
};
/**
 * The parts of the engine: each folder of `electron/core`, and each file at its top (named
 * by its `.ts` name; a test beside it counts as that file). Floors, top to bottom:
 *
 *   engine.ts, index.ts, thread              composition root (thread: the engine's worker for the shells)
 *   api                                      the handler map
 *   services                                 use cases
 *   sync, outbox, purge                      loops and long jobs
 *   providers, mime, import                  edges: SDKs, MIME, import files
 *   auth                                     credentials: one source per mailbox, handed to providers
 *   store, secrets                           data at rest
 *   domain                                   pure rules
 *   errors.ts, log, events                   low utilities, importable by every part
 *
 * The shell helpers (`data-folder.ts`, `instance-lock.ts`, `static-files.ts`, `version.ts`)
 * import only `errors.ts`, and no part but the composition root imports them. A part may
 * always import itself; a part that is not listed here is reported, so a new folder gets a
 * floor before it gets imports.
 */
export const CORE_PARTS = {
  'engine.ts': { mayImport: 'any', why: 'the composition root wires every part together' },
  'index.ts': { mayImport: 'any', why: "the engine's entry for the shells, beside the composition root" },
  thread: { mayImport: 'any', why: "the engine's own thread for both shells (issue 22): its worker entry opens the composition root, its handle is what a shell sees" },
  api: {
    mayImport: ['services', 'domain', 'errors.ts', 'log', 'events'],
    why: 'the handler map reaches the store, the loops and the providers only through a service',
  },
  services: {
    mayImport: ['sync', 'outbox', 'purge', 'providers', 'auth', 'mime', 'import', 'store', 'secrets', 'domain', 'errors.ts', 'log', 'events'],
    why: 'use cases answer the api and never import it; events flow down through events/',
  },
  sync: {
    mayImport: ['providers', 'auth', 'mime', 'store', 'secrets', 'domain', 'errors.ts', 'log', 'events'],
    why: 'the loops are started by the services and never call them, the api or the outbox beside them; what they need from above is injected',
  },
  outbox: {
    mayImport: ['providers', 'auth', 'mime', 'store', 'secrets', 'domain', 'errors.ts', 'log', 'events'],
    why: 'the sender is started by the services and never calls them, the api or sync beside it; what it needs from above is injected',
  },
  purge: {
    mayImport: ['store', 'domain', 'errors.ts', 'log', 'events'],
    why: 'it deletes what the store names; the services decide when',
  },
  providers: {
    mayImport: ['auth', 'domain', 'errors.ts', 'log', 'events'],
    why: 'a provider wraps one SDK: settings and a credential source are handed in by its opener, so it never reads the store and knows no loop, service or api',
  },
  auth: {
    mayImport: ['secrets', 'domain', 'errors.ts', 'log', 'events'],
    why: 'credentials are sealed with secrets/ and written back through a callback the services own; auth never reads the store and knows no provider',
  },
  mime: {
    mayImport: ['domain', 'errors.ts', 'log', 'events'],
    why: 'it parses message sources for sync and the outbox; storing what it reads is their job',
  },
  import: {
    mayImport: ['domain', 'errors.ts', 'log', 'events'],
    why: "it reads import files for shape only; checking rows against the store is the import service's job",
  },
  store: {
    mayImport: ['domain', 'errors.ts', 'log', 'events'],
    why: 'SQL and repositories only: the store keeps sealed bytes and knows no loop, provider, service or transport',
  },
  secrets: {
    mayImport: ['errors.ts', 'log'],
    why: 'it seals and opens bytes and knows nothing of what they are',
  },
  domain: {
    mayImport: ['errors.ts', 'log', 'events'],
    why: 'pure rules read no store and open no connection, so every floor may use them',
  },
  events: { mayImport: ['errors.ts'], why: 'the lowest floor: the bus knows nothing of who publishes or listens' },
  log: { mayImport: ['errors.ts'], why: 'the lowest floor: every part may log' },
  'errors.ts': { mayImport: [], why: 'the one error type every part throws, below everything' },
  'data-folder.ts': { mayImport: ['errors.ts'], why: 'a shell helper: it prepares the folder before any part runs' },
  'instance-lock.ts': { mayImport: ['errors.ts'], why: 'a shell helper: it guards the folder before any part runs' },
  'static-files.ts': { mayImport: ['errors.ts'], why: 'a shell helper: it serves the built renderer' },
  'version.ts': { mayImport: ['errors.ts'], why: 'a shell helper: it reads package.json' },
} as const satisfies Record<string, { mayImport: 'any' | readonly string[]; why: string }>;

/** A part of the engine: a folder of `electron/core` or a file at its top. */
export type CorePart = keyof typeof CORE_PARTS;

const MAY_IMPORT_ELECTRON: ReadonlySet<Layer> = new Set(['electron/main', 'electron/preload']);
const MAY_IMPORT_NODE: ReadonlySet<Layer> = new Set(['electron/core', 'electron/main', 'electron/preload', 'electron/headless']);
/** The only npm packages `shared/` may use: it runs anywhere. */
const SHARED_PACKAGES: ReadonlySet<string> = new Set(['zod']);
/** npm packages that cannot run in a browser, refused in `renderer/`. */
const NODE_ONLY_PACKAGES: ReadonlySet<string> = new Set(['better-sqlite3', 'ws', 'imapflow', 'nodemailer']);
/** Project files outside the layers that any layer may import: data, no code (e.g. the version). */
const SHARED_PROJECT_FILES: ReadonlySet<string> = new Set(['package.json']);
/** Extra packages a unit test beside the code (`*.test.ts`) may import in any layer. */
const TEST_PACKAGES: ReadonlySet<string> = new Set(['vitest']);

const NODE_BUILTINS: ReadonlySet<string> = new Set(builtinModules);
const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** What a `.js`-style specifier may name: TypeScript resolves `./a.js` to `./a.ts`. */
const EXTENSION_SWAPS: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist']);
const CONFIG_FILE = /\.config\.[cm]?[jt]sx?$/;
const TEST_FILE = /\.(test|spec)\.[cm]?[jt]sx?$/;

/** What a specifier names once resolved. */
type Target =
  | { type: 'layer'; layer: Layer; path: string; prefixOnly: boolean } // `path` relative to the root
  | { type: 'file'; path: string } // a project file outside the layers, or outside the root
  | { type: 'electron' }
  | { type: 'node' }
  | { type: 'package'; name: string };

/** A `paths` entry or a package.json `imports` entry: `pattern` has at most one `*`. */
interface Mapping {
  pattern: string;
  targets: string[];
  base: string;
}

interface Project {
  root: string;
  aliases: Mapping[];
  baseUrls: string[];
  packageImports: Mapping[];
  /** Packages declared in the root package.json; undefined when there is none. */
  declared: ReadonlySet<string> | undefined;
}

/**
 * Check every source file of the layered folders under `options.root` against the
 * dependency rules and return the imports that break them, sorted by file and line.
 */
export function checkLayers(options: CheckLayersOptions): Violation[] {
  const project = loadProject(options);
  const violations: Violation[] = [];
  for (const layer of LAYERS) {
    for (const file of listSourceFiles(path.join(project.root, layer))) {
      violations.push(...checkFile(file, layer, project));
    }
  }
  return violations.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

function checkFile(file: string, layer: Layer, project: Project): Violation[] {
  const isTest = TEST_FILE.test(file);
  const relativeFile = toPosix(path.relative(project.root, file));
  const violations: Violation[] = [];
  for (const found of findImports(file)) {
    const target = classify(found.specifier, found.prefixOnly, file, project);
    const reason = target && judge(layer, relativeFile, target, isTest, project);
    if (reason) {
      violations.push({ file: relativeFile, line: found.line, specifier: found.text, kind: found.kind, reason });
    }
  }
  return violations;
}

interface FoundImport {
  kind: ImportKind;
  line: number;
  /** The module name to resolve. */
  specifier: string;
  /** The specifier as written. */
  text: string;
  /** True when `specifier` is only the static start of a template literal. */
  prefixOnly: boolean;
}

/** Parse one file and list every module it names. */
function findImports(file: string): FoundImport[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, scriptKindOf(file));
  const found: FoundImport[] = [];
  const lineOf = (position: number) => source.getLineAndCharacterOfPosition(position).line + 1;
  const add = (kind: ImportKind, node: ts.Node, expression: ts.Node | undefined) => {
    if (!expression) return;
    if (ts.isStringLiteralLike(expression)) {
      found.push({ kind, line: lineOf(node.getStart(source)), specifier: expression.text, text: expression.text, prefixOnly: false });
    } else if (ts.isTemplateExpression(expression) && expression.head.text !== '') {
      // `import(`./locales/${language}.json`)`: the static start still tells the folder.
      const text = expression.getText(source);
      found.push({ kind, line: lineOf(node.getStart(source)), specifier: expression.head.text, text, prefixOnly: true });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      add('import', node, node.moduleSpecifier);
    } else if (ts.isExportDeclaration(node)) {
      add('re-export', node, node.moduleSpecifier);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add('import-equals', node, node.moduleReference.expression);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add('dynamic-import', node, node.arguments[0]);
    } else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require') {
      add('require', node, node.arguments[0]);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add('import', node, node.argument.literal);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  for (const reference of source.typeReferenceDirectives) {
    // `/// <reference types="node" />` brings Node's globals in.
    const specifier = reference.fileName === 'node' ? 'node:' : reference.fileName;
    found.push({ kind: 'reference', line: lineOf(reference.pos), specifier, text: reference.fileName, prefixOnly: false });
  }
  for (const reference of source.referencedFiles) {
    const isRelative = reference.fileName.startsWith('.') || path.isAbsolute(reference.fileName);
    const specifier = isRelative ? reference.fileName : `./${reference.fileName}`;
    found.push({ kind: 'reference', line: lineOf(reference.pos), specifier, text: reference.fileName, prefixOnly: false });
  }
  return found;
}

/** Decide what a specifier names. Undefined when it cannot be told (an unknown prefix). */
function classify(specifier: string, prefixOnly: boolean, fromFile: string, project: Project): Target | undefined {
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
    // Bundler suffixes such as `./worker.ts?worker` do not change the file.
    const absolute = path.resolve(path.dirname(fromFile), specifier.replace(/[?#].*$/, ''));
    return prefixOnly ? classifyPath(absolute, project, true) : classifyFile(absolute, project);
  }
  if (specifier.startsWith('#')) {
    const target = mapSpecifier(specifier, project.packageImports)[0]?.target;
    if (target === undefined) return { type: 'package', name: specifier };
    return target.startsWith('.') ? classifyFile(path.resolve(project.root, target), project) : classify(target, prefixOnly, fromFile, project);
  }
  const aliased = mapSpecifier(specifier, project.aliases);
  const aliasedFile = aliased.map(({ target }) => resolveFile(target)).find((file) => file !== undefined);
  if (aliasedFile) return classifyPath(aliasedFile, project);
  // An alias to a file not written yet still names its folder; a catch-all `*` falls back to packages.
  const named = aliased.find(({ pattern }) => pattern !== '*');
  if (named) return classifyPath(named.target, project);
  for (const baseUrl of project.baseUrls) {
    // With `baseUrl`, TypeScript resolves `electron/core/x` to a project file before a package.
    const file = resolveFile(path.resolve(baseUrl, specifier));
    if (file) return classifyPath(file, project);
  }
  if (specifier === 'electron' || specifier.startsWith('electron/')) return { type: 'electron' };
  if (specifier.startsWith('node:') || NODE_BUILTINS.has(specifier)) return { type: 'node' };
  const segments = specifier.split('/');
  const nameLength = specifier.startsWith('@') ? 2 : 1;
  if (prefixOnly && segments.length <= nameLength) return undefined; // `${name}` or `@scope/${name}`
  return { type: 'package', name: segments.slice(0, nameLength).join('/') };
}

/** Classify the file an import of `absolute` loads, or the path itself when there is none. */
function classifyFile(absolute: string, project: Project): Target {
  return classifyPath(resolveFile(absolute) ?? absolute, project);
}

/** The layer, or the project file, that an absolute path (or only its start) falls in. */
function classifyPath(absolute: string, project: Project, prefixOnly = false): Target {
  const relative = toPosix(path.relative(project.root, absolute));
  const layer = LAYERS.find((candidate) => relative === candidate || relative.startsWith(`${candidate}/`));
  return layer ? { type: 'layer', layer, path: relative, prefixOnly } : { type: 'file', path: relative };
}

const CORE = 'electron/core';

/**
 * The part of the engine a path (relative to the root) falls in: its first folder below
 * `electron/core`, or the `.ts` name of a file at the top. Undefined when it cannot be told
 * (`electron/core` itself, or the start of a template literal that may name either).
 */
function corePartOf(relative: string, prefixOnly: boolean, root: string): string | undefined {
  if (!relative.startsWith(`${CORE}/`)) return undefined;
  const [first = '', ...rest] = relative.slice(CORE.length + 1).split('/');
  if (first === '') return undefined;
  if (rest.length > 0 || isFolder(path.join(root, CORE, first))) return first;
  if (prefixOnly) return undefined;
  const stem = first.replace(/(\.d)?\.[cm]?[jt]sx?$/, '').replace(/\.(test|spec)$/, '');
  return `${stem}.ts`;
}

function isFolder(candidate: string): boolean {
  try {
    return fs.statSync(candidate).isDirectory();
  } catch {
    return false;
  }
}

function isCorePart(part: string): part is CorePart {
  return Object.hasOwn(CORE_PARTS, part);
}

/** How a part is written in a message: `sync/` for a folder, `errors.ts` for a file. */
function partName(part: string): string {
  return part.endsWith('.ts') ? `${CORE}/${part}` : `${CORE}/${part}/`;
}

/** The reason a file of the engine may not import `targetPath`, also of the engine, or undefined when it may. */
function judgeCoreImport(file: string, targetPath: string, prefixOnly: boolean, root: string): string | undefined {
  const from = corePartOf(file, false, root);
  const to = corePartOf(targetPath, prefixOnly, root);
  if (from === undefined || from === to) return undefined;
  if (!isCorePart(from)) return `${partName(from)} is not a part the layer check knows: give it a floor in CORE_PARTS (tools/check-layers.ts) with the parts it may import`;
  const rule: { mayImport: 'any' | readonly string[]; why: string } = CORE_PARTS[from];
  if (rule.mayImport === 'any') return undefined;
  if (to === undefined) return `${partName(from)} may not load a module whose part of the engine cannot be told: name the part`;
  if (!isCorePart(to)) return `${partName(to)} is not a part the layer check knows: give it a floor in CORE_PARTS (tools/check-layers.ts) before ${partName(from)} imports it`;
  if (rule.mayImport.includes(to)) return undefined;
  const allowed = rule.mayImport.length === 0 ? 'nothing else in the engine' : rule.mayImport.map(partName).join(', ');
  return `${partName(from)} may not import from ${partName(to)}: ${rule.why} (allowed: ${allowed})`;
}

/** The reason `file` (relative to the root, in `layer`) may not import `target`, or undefined when it may. */
function judge(layer: Layer, file: string, target: Target, isTest: boolean, project: Project): string | undefined {
  const { declared } = project;
  switch (target.type) {
    case 'layer':
      if (!MAY_IMPORT_LAYERS[layer].includes(target.layer)) {
        return `${layer}/ may not import from ${target.layer}/ (allowed: ${MAY_IMPORT_LAYERS[layer].map((allowed) => `${allowed}/`).join(', ')})`;
      }
      return layer === CORE && target.layer === CORE ? judgeCoreImport(file, target.path, target.prefixOnly, project.root) : undefined;
    case 'file':
      if (SHARED_PROJECT_FILES.has(target.path) || (isTest && target.path.startsWith('test/'))) return undefined;
      return `${layer}/ may not import ${target.path}, which is outside the layered folders`;
    case 'electron':
      return MAY_IMPORT_ELECTRON.has(layer) ? undefined : `${layer}/ may not import the electron package`;
    case 'node':
      return MAY_IMPORT_NODE.has(layer) ? undefined : `${layer}/ may not import Node builtins`;
    case 'package': {
      const { name } = target;
      if (isTest && TEST_PACKAGES.has(name)) return undefined;
      if (layer === 'shared' && !SHARED_PACKAGES.has(name)) return `shared/ may import no npm package but ${[...SHARED_PACKAGES].join(', ')}`;
      if (layer === 'renderer' && NODE_ONLY_PACKAGES.has(name)) return `renderer/ may not import ${name}, which runs only in Node`;
      if (declared && !declared.has(name) && !declared.has(`@types/${name}`)) {
        return `${name} is not declared in package.json (a path alias the check does not know?)`;
      }
      return undefined;
    }
    default: {
      const unreachable: never = target;
      throw new Error(`unknown target ${JSON.stringify(unreachable)}`);
    }
  }
}

/**
 * The file an import of `absolute` loads, as TypeScript and bundlers find it: the path
 * itself, a `.js` name standing for its `.ts` source, an added extension, or an index file.
 * Undefined when no such file exists.
 */
function resolveFile(absolute: string): string | undefined {
  const extension = path.extname(absolute);
  const stem = absolute.slice(0, absolute.length - extension.length);
  const candidates = [
    absolute,
    ...(EXTENSION_SWAPS[extension] ?? []).map((swap) => stem + swap),
    ...SOURCE_EXTENSIONS.map((added) => absolute + added),
    ...SOURCE_EXTENSIONS.map((added) => path.join(absolute, `index${added}`)),
  ];
  const file = candidates.find(isFile);
  return file && fs.realpathSync(file);
}

function isFile(candidate: string): boolean {
  try {
    return fs.statSync(candidate).isFile();
  } catch {
    return false; // missing, or a path through a file (ENOTDIR)
  }
}

/**
 * Apply `paths`-style mappings (`*` stands for any text), most specific pattern first.
 * Targets are resolved against the mapping's base folder, or kept as written without one.
 */
function mapSpecifier(specifier: string, mappings: Mapping[]): { pattern: string; target: string }[] {
  const results: { pattern: string; target: string }[] = [];
  for (const { pattern, targets, base } of mappings) {
    const star = pattern.indexOf('*');
    const prefix = star < 0 ? pattern : pattern.slice(0, star);
    const suffix = star < 0 ? '' : pattern.slice(star + 1);
    const fits = star < 0
      ? specifier === pattern
      : specifier.length >= prefix.length + suffix.length && specifier.startsWith(prefix) && specifier.endsWith(suffix);
    if (!fits) continue;
    const captured = specifier.slice(prefix.length, specifier.length - suffix.length);
    for (const target of targets) {
      const mapped = target.replace('*', captured);
      results.push({ pattern, target: base === '' ? mapped : path.resolve(base, mapped) });
    }
  }
  return results;
}

/** Longest literal prefix first, as TypeScript and Node pick among patterns. */
function bySpecificity(a: Mapping, b: Mapping): number {
  const prefixLength = (mapping: Mapping) => (mapping.pattern.includes('*') ? mapping.pattern.indexOf('*') : Infinity);
  return prefixLength(b) - prefixLength(a);
}

function loadProject(options: CheckLayersOptions): Project {
  const root = fs.realpathSync(options.root);
  const configFiles = options.tsconfigPaths?.map((file) => path.resolve(root, file))
    ?? fs.readdirSync(root).filter((name) => /^tsconfig.*\.json$/.test(name)).sort().map((name) => path.join(root, name));
  const aliases: Mapping[] = [];
  const baseUrls: string[] = [];
  for (const configFile of configFiles) {
    const { config, error } = ts.readConfigFile(configFile, ts.sys.readFile);
    if (error) throw new Error(`cannot read ${configFile}: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);
    const compilerOptions = (config as { compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> } }).compilerOptions ?? {};
    const configFolder = path.dirname(configFile);
    const baseUrl = compilerOptions.baseUrl === undefined ? undefined : path.resolve(configFolder, compilerOptions.baseUrl);
    if (baseUrl) baseUrls.push(baseUrl);
    for (const [pattern, targets] of Object.entries(compilerOptions.paths ?? {})) {
      // Without baseUrl, `paths` are relative to the tsconfig that declares them.
      aliases.push({ pattern, targets, base: baseUrl ?? configFolder });
    }
  }
  const packageJson = readPackageJson(root);
  const packageImports = Object.entries(packageJson?.imports ?? {}).map(([pattern, target]) => ({ pattern, targets: stringLeaves(target), base: '' }));
  const declared = packageJson && new Set([packageJson.dependencies, packageJson.devDependencies, packageJson.peerDependencies, packageJson.optionalDependencies].flatMap((group) => Object.keys(group ?? {})));
  return { root, aliases: aliases.sort(bySpecificity), baseUrls, packageImports: packageImports.sort(bySpecificity), declared };
}

interface PackageJson {
  imports?: Record<string, unknown>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

function readPackageJson(root: string): PackageJson | undefined {
  const file = path.join(root, 'package.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as PackageJson) : undefined;
}

/** Every target of a package.json `imports` entry, whatever its conditions. */
function stringLeaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringLeaves);
  return [];
}

/** Source files under `folder`, in a stable order; none when the folder does not exist. */
function listSourceFiles(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  const files: string[] = [];
  const entries = fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) files.push(...listSourceFiles(full));
    } else if (SOURCE_EXTENSIONS.includes(path.extname(entry.name)) && !CONFIG_FILE.test(entry.name)) {
      files.push(full);
    }
  }
  return files;
}

function scriptKindOf(file: string): ts.ScriptKind {
  switch (path.extname(file)) {
    case '.tsx':
      return ts.ScriptKind.TSX;
    case '.js':
    case '.mjs':
    case '.cjs':
      return ts.ScriptKind.JS;
    case '.jsx':
      return ts.ScriptKind.JSX;
    default:
      return ts.ScriptKind.TS;
  }
}

function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}

/** Format violations one a line, `file:line kind 'specifier': reason`. */
export function formatViolations(violations: readonly Violation[]): string {
  return violations.map((v) => `${v.file}:${v.line} ${v.kind} '${v.specifier}': ${v.reason}`).join('\n');
}

// CLI, for a runner that executes TypeScript (e.g. `npx jiti tools/check-layers.ts [root]`):
// prints the violations and exits 1 when there are any. The test run is the enforcement.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const violations = checkLayers({ root: process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url)) });
  console.log(violations.length === 0 ? 'check-layers: no violations' : formatViolations(violations));
  process.exitCode = violations.length === 0 ? 0 : 1;
}
