// The dashboard's files at /ui: the built page (dist/ui, made by `npm run build`) read once at start
// and answered from memory. These routes, and only they, are public: the page has to load before
// anyone logs in, and it holds no data; everything it shows comes from /apis with the token the
// user types. Assets have content-hashed names, so browsers keep them for good; the page itself
// is checked again each time, so a new build is picked up at once.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ApiError } from './errors.js';

/** No inline script or style, nothing from another origin, no framing. */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

interface File {
  body: Buffer;
  type: string;
}

export interface DashboardFiles {
  index: Buffer;
  assets: Map<string, File>;
}

/** The built dashboard in `dir`, or undefined when it was not built. */
export function readDashboard(dir: string): DashboardFiles | undefined {
  if (!existsSync(join(dir, 'index.html'))) return undefined;
  const assets = new Map<string, File>();
  for (const name of readdirSync(join(dir, 'assets'))) {
    const type = TYPES[extname(name)];
    if (type) assets.set(name, { body: readFileSync(join(dir, 'assets', name)), type });
  }
  return { index: readFileSync(join(dir, 'index.html')), assets };
}

const secured = (reply: FastifyReply): FastifyReply =>
  reply
    .header('content-security-policy', DASHBOARD_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY');

const missing = (what: string): ApiError => new ApiError(404, 'NotFound', what);

export function registerDashboard(app: FastifyInstance, files: DashboardFiles | undefined): void {
  const options = { schema: { hide: true }, config: { access: 'public' as const } };
  app.get('/ui', options, async (_request, reply) => secured(reply).redirect('/ui/', 301));
  app.get('/ui/', options, async (_request, reply) => {
    if (!files) throw missing('the dashboard was not built: run `npm run build`');
    return secured(reply).header('cache-control', 'no-cache').type(TYPES['.html']!).send(files.index);
  });
  app.get<{ Params: { file: string } }>('/ui/assets/:file', options, async (request, reply) => {
    // A lookup among the files read at start: no path from the request ever reaches the disk.
    const file = files?.assets.get(request.params.file);
    if (!file) throw missing(`no dashboard asset ${JSON.stringify(request.params.file)}`);
    return secured(reply)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .type(file.type)
      .send(file.body);
  });
}
