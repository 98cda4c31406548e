import { createReadStream, realpathSync, statSync } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problem, sendProblem } from '@tramita/platform';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** The built-in home page, until a built web UI is configured. */
export const HOME_PAGE = `<!doctype html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tramita — Gestión de expedientes</title>
</head>
<body>
<header><h1>Tramita — Gestión de expedientes</h1></header>
<main>
<p>La interfaz web todavía no está instalada en este servidor. Mientras tanto puede usar la API:</p>
<ul>
<li><a href="/api/docs-ui">Documentación interactiva de la API</a></li>
<li><a href="/api/openapi.json">Descripción OpenAPI de la API (JSON)</a></li>
<li><a href="/auth/.well-known/openid-configuration">Configuración del proveedor de identidad (OpenID Connect)</a></li>
</ul>
<p>Para iniciar sesión, abra la documentación interactiva y pulse «Authorize»: se le llevará a la página de acceso de Tramita, donde entrará con su usuario y contraseña. Las aplicaciones obtienen un token de acceso con el flujo <em>authorization code</em> con PKCE y lo envían en la cabecera <code>Authorization: Bearer</code>.</p>
</main>
</body>
</html>
`;

/** Serves `/`: the built web UI when its directory exists, else the built-in page. */
export class WebContent {
  private readonly root: string | undefined;

  constructor(webDir: string | undefined) {
    this.root = webDir && isDirectory(webDir) ? realpathSync(webDir) : undefined;
  }

  get hasWebUi(): boolean {
    return this.root !== undefined;
  }

  async home(_request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    if (this.root) return this.sendFile(reply, join(this.root, 'index.html'), false);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(HOME_PAGE);
  }

  /** Requests no service owns: a static file of the web UI, its index.html for client routes, or 404. */
  async fallback(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const path = request.url.split('?')[0] ?? '/';
    const notFound = () => sendProblem(reply, problem(404, 'route-not-found', `No route ${request.method} ${path}.`));
    const readable = request.method === 'GET' || request.method === 'HEAD';
    if (!this.root || !readable || path.startsWith('/api/') || path.startsWith('/auth/') || path.startsWith('/health/')) return notFound();

    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return sendProblem(reply, problem(400, 'invalid-path', 'The path is not valid.'));
    }
    const segments = decoded.split(/[\\/]/);
    if (decoded.includes('\0') || segments.includes('..')) {
      return sendProblem(reply, problem(400, 'invalid-path', 'The path is not valid.'));
    }
    const candidate = resolve(this.root, `.${decoded}`);
    const file = isFile(candidate) ? realpathSync(candidate) : undefined;
    if (file !== undefined) {
      if (!inside(this.root, file)) return sendProblem(reply, problem(400, 'invalid-path', 'The path is not valid.'));
      return this.sendFile(reply, file, decoded.startsWith('/assets/'));
    }
    // A path that names a file which does not exist is a 404; anything else is a client route.
    if (extname(decoded) !== '') return notFound();
    return this.sendFile(reply, join(this.root, 'index.html'), false);
  }

  private sendFile(reply: FastifyReply, file: string, immutable: boolean) {
    const size = statSync(file).size;
    return reply
      .type(TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream')
      .header('content-length', size)
      .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .send(createReadStream(file));
  }
}

function inside(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
