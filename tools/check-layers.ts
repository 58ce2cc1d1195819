/**
 * Layer check: enforces the dependency rules of STYLE.md ("Layout and dependency rules").
 *
 * Every source file under the layered folders is parsed with the TypeScript compiler API and
 * every way of naming another module is judged against the rules of the file's folder:
 * `import` (type-only included), `export ... from`, `require()`, `import()`,
 * `import x = require()`, `import('x').T` in a type and `/// <reference types|path>`.
 * Relative specifiers, tsconfig path aliases (`compilerOptions.paths`, `baseUrl`) and
 * package.json `imports` (`#x`) are resolved to a file, whose folder decides its layer.
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
  | { type: 'layer'; layer: Layer }
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
    const reason = target && judge(layer, target, isTest, project.declared);
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
    return prefixOnly ? classifyPath(absolute, project) : classifyFile(absolute, project);
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

/** The layer, or the project file, that an absolute path falls in. */
function classifyPath(absolute: string, project: Project): Target {
  const relative = toPosix(path.relative(project.root, absolute));
  const layer = LAYERS.find((candidate) => relative === candidate || relative.startsWith(`${candidate}/`));
  return layer ? { type: 'layer', layer } : { type: 'file', path: relative };
}

/** The reason `layer` may not import `target`, or undefined when it may. */
function judge(layer: Layer, target: Target, isTest: boolean, declared: ReadonlySet<string> | undefined): string | undefined {
  switch (target.type) {
    case 'layer':
      return MAY_IMPORT_LAYERS[layer].includes(target.layer)
        ? undefined
        : `${layer}/ may not import from ${target.layer}/ (allowed: ${MAY_IMPORT_LAYERS[layer].map((allowed) => `${allowed}/`).join(', ')})`;
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
