import fs from 'node:fs';
import path from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * Resolves a request path to a file of the built renderer, or null. Paths that leave the
 * folder (`..`, encoded or not) resolve to null; unknown paths fall back to index.html.
 */
export function resolveStaticFile(rendererFolder: string, urlPath: string): { file: string; contentType: string } | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const file = path.resolve(rendererFolder, relative);
  if (file !== rendererFolder && !file.startsWith(rendererFolder + path.sep)) return null;
  const found = isFile(file) ? file : path.extname(relative) === '' ? path.join(rendererFolder, 'index.html') : null;
  if (found === null || !isFile(found)) return null;
  return { file: found, contentType: contentTypes[path.extname(found)] ?? 'application/octet-stream' };
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
