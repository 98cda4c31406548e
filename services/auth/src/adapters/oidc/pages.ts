import { createHash } from 'node:crypto';

/** The one stylesheet of the auth pages; allowed by its hash, so no inline script or style attribute is needed. */
const CSS = `
:root{color-scheme:light dark;--bg:#f3f5f8;--card:#fff;--text:#1b1f24;--muted:#56606b;--accent:#0b5cad;--accent-text:#fff;--error:#b3261e;--border:#c4ccd5}
@media (prefers-color-scheme:dark){:root{--bg:#14181d;--card:#1e242b;--text:#eef1f4;--muted:#aab4bf;--accent:#6aa8ec;--accent-text:#0b1725;--error:#ffb4ab;--border:#46505b}}
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:grid;place-items:center;background:var(--bg);color:var(--text);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{width:min(100% - 2rem,24rem);background:var(--card);border:1px solid var(--border);border-radius:.75rem;padding:2rem;box-shadow:0 1px 3px rgb(0 0 0/.12)}
h1{margin:0 0 .25rem;font-size:1.5rem}
p{margin:0 0 1.25rem;color:var(--muted)}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
input{width:100%;padding:.6rem .75rem;font:inherit;color:inherit;background:transparent;border:1px solid var(--border);border-radius:.5rem}
input[aria-invalid=true]{border-color:var(--error)}
input:focus-visible,button:focus-visible,a:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
button{margin-top:1.5rem;width:100%;padding:.7rem;font:inherit;font-weight:600;color:var(--accent-text);background:var(--accent);border:0;border-radius:.5rem;cursor:pointer}
button.secondary{margin-top:.75rem;color:var(--text);background:transparent;border:1px solid var(--border)}
.error{color:var(--error);font-weight:600;margin:1rem 0 0}
a{color:var(--accent)}
`;

const CSS_HASH = `'sha256-${createHash('sha256').update(CSS).digest('base64')}'`;

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export interface Page {
  html: string;
  /** Content-Security-Policy for this page. */
  csp: string;
}

/**
 * A complete page: no scripts at all, the stylesheet allowed by hash. `formTargets` are the
 * origins a form on the page may end up at (the redirect after login goes to the client).
 */
export function renderPage(title: string, body: string, formTargets: readonly string[] = []): Page {
  const formAction = ["'self'", ...new Set(formTargets)].join(' ');
  return {
    html: `<!doctype html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`,
    csp: `default-src 'none'; style-src ${CSS_HASH}; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
  };
}

export interface LoginPageInput {
  action: string;
  username?: string;
  failed?: boolean;
  formTargets?: readonly string[];
}

export function loginPage(input: LoginPageInput): Page {
  const invalid = input.failed ? ' aria-invalid="true" aria-describedby="login-error"' : '';
  const error = input.failed ? '\n<p id="login-error" class="error" role="alert">Usuario o contraseña incorrectos</p>' : '';
  return renderPage(
    'Tramita — Iniciar sesión',
    `<h1>Tramita</h1>
<p>Inicie sesión para continuar.</p>
<form method="post" action="${escapeHtml(input.action)}">${error}
<label for="username">Usuario</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required maxlength="64" value="${escapeHtml(input.username ?? '')}"${invalid}${input.failed ? '' : ' autofocus'}>
<label for="password">Contraseña</label>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="256"${invalid}${input.failed ? ' autofocus' : ''}>
<button type="submit">Entrar</button>
</form>`,
    input.formTargets,
  );
}

export function messagePage(title: string, message: string, link?: { href: string; text: string }): Page {
  const anchor = link ? `\n<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></p>` : '';
  return renderPage(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>${anchor}`);
}

/** The confirmation oidc-provider asks before ending a session; `form` is its hidden-field form. */
export function logoutPage(form: string, formTargets: readonly string[] = []): Page {
  return renderPage(
    'Tramita — Cerrar sesión',
    `<h1>Cerrar sesión</h1>
<p>¿Quiere cerrar su sesión en Tramita?</p>
${form}
<button type="submit" form="op.logoutForm" value="yes" name="logout" autofocus>Cerrar sesión</button>
<button type="submit" form="op.logoutForm" class="secondary">Seguir conectado</button>`,
    formTargets,
  );
}
