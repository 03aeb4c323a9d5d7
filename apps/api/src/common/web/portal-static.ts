import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Hashed build output (`main-AB12CD34.js`, `chunk-…`, `media/…-HASH.woff2`) never changes under its name. */
const HASHED = /-[A-Za-z0-9_]{8,}\.[a-z0-9]+$/;
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html and unhashed files (favicon, avatars): cached, but asked about again each time. */
export const REVALIDATE = 'no-cache';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

interface PortalFile {
  path: string;
  type: string;
  cacheControl: string;
  /** Express turns send's own ETags off with the app's (API answers have none), so the file's are made here. */
  etag: string;
  br: boolean;
  gz: boolean;
}

/** The built portal's files by URL path, read once at start (the build does not change while the API runs). */
function indexFiles(root: string): Map<string, PortalFile> {
  const all = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else all.add(path);
    }
  };
  walk(root);
  const files = new Map<string, PortalFile>();
  for (const path of all) {
    if (path.endsWith('.br') || path.endsWith('.gz')) continue;
    const url = `/${relative(root, path).split(sep).join('/')}`;
    const stat = statSync(path);
    files.set(url, {
      path,
      type: TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
      cacheControl: HASHED.test(path) ? IMMUTABLE : REVALIDATE,
      etag: `${stat.size.toString(36)}-${Math.floor(stat.mtimeMs).toString(36)}`,
      br: all.has(`${path}.br`),
      gz: all.has(`${path}.gz`),
    });
  }
  return files;
}

/**
 * Serves the built portal: the Brotli or gzip copy the build wrote when the browser takes it, hashed files
 * cached for a year, index.html revalidated (ETag) so a new release shows at once. `/` gets index.html, which
 * the build prerendered with the welcome page in it; any other page path gets index.csr.html, the empty page
 * the Angular router fills in the browser (or index.html, for a build that prerendered nothing).
 * /api and /socket.io are left to Nest.
 */
export function portalStatic(root: string): RequestHandler {
  const files = indexFiles(root);
  const index = files.get('/index.csr.html') ?? files.get('/index.html');
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const path = req.path;
    if (path === '/api' || path.startsWith('/api/') || path.startsWith('/socket.io')) return next();
    let file = files.get(path === '/' ? '/index.html' : path);
    // A page path (no file extension) is the app's; a missing file with an extension is a 404.
    if (!file && !extname(path)) file = index;
    if (!file) return next();
    const accepts = String(req.headers['accept-encoding'] ?? '');
    const encoding = file.br && /\bbr\b/.test(accepts) ? 'br' : file.gz && /\bgzip\b/.test(accepts) ? 'gzip' : undefined;
    res.setHeader('Content-Type', file.type);
    res.setHeader('Cache-Control', file.cacheControl);
    res.setHeader('Vary', 'Accept-Encoding');
    // send answers 304 itself when If-None-Match matches this header.
    res.setHeader('ETag', `W/"${file.etag}${encoding ? `-${encoding}` : ''}"`);
    if (encoding) res.setHeader('Content-Encoding', encoding);
    const sendPath = encoding === 'br' ? `${file.path}.br` : encoding === 'gzip' ? `${file.path}.gz` : file.path;
    res.sendFile(sendPath, { cacheControl: false, lastModified: false, dotfiles: 'deny' }, (error) => {
      if (error && !res.headersSent) next(error);
    });
  };
}

/** `<script>` elements with a body and no `src`, JavaScript by their type (none, or a JavaScript MIME type). */
const INLINE_SCRIPT = /<script(?![^>]*\ssrc=)(?![^>]*\stype="(?!text\/javascript|module)[^"]*")[^>]*>([\s\S]*?)<\/script>/g;

/**
 * The Content-Security-Policy sources (`'sha256-…'`) allowing the inline scripts of the built portal's pages,
 * computed from the built files, so a script edited in index.html is allowed exactly as built and no other inline
 * script runs. Empty without a built portal.
 */
export function inlineScriptHashes(root: string): string[] {
  const hashes = new Set<string>();
  for (const name of ['index.html', 'index.csr.html']) {
    const path = join(root, name);
    if (!existsSync(path)) continue;
    for (const [, body] of readFileSync(path, 'utf8').matchAll(INLINE_SCRIPT)) {
      if (body.trim()) hashes.add(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
    }
  }
  return [...hashes];
}
