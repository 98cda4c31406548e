import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import type { OidcClient } from '../features/auth/oidc.ts';
import { Footer } from './Layout.tsx';

/** A page outside the session (login redirect, callback, logged out): same look, no navigation. */
function Bare({ title, children }: { title: string; children?: ReactNode }) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${title} — ${t('app.name')}`;
  }, [title, t]);
  return (
    <div className="shell">
      <header className="app-header">
        <div className="header-inner">
          <span className="brand">
            <span className="brand-mark" aria-hidden="true">
              T
            </span>
            <span>
              <span className="brand-name">{t('app.name')}</span>
              <span className="brand-tagline">{t('app.tagline')}</span>
            </span>
          </span>
        </div>
      </header>
      <main id="main" className="content content-narrow">
        <section className="card">
          <h1>{title}</h1>
          {children}
        </section>
      </main>
      <Footer />
    </div>
  );
}

export function RedirectingPage() {
  const { t } = useTranslation();
  return (
    <Bare title={t('auth.redirecting')}>
      <p role="status">{t('auth.redirectingText')}</p>
    </Bare>
  );
}

export function LoggedOutPage({ onLogin }: { onLogin: () => void }) {
  const { t } = useTranslation();
  return (
    <Bare title={t('auth.loggedOut')}>
      <p>{t('auth.loggedOutText')}</p>
      <button type="button" className="button button-primary" onClick={onLogin}>
        {t('auth.loginAgain')}
      </button>
    </Bare>
  );
}

export function CallbackPage({ oidc }: { oidc: OidcClient }) {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return; // StrictMode runs effects twice; a code is single-use
    started.current = true;
    oidc.completeLogin(location.search).then(
      (returnTo) => void navigate(returnTo, { replace: true }),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, [oidc, location.search, navigate]);
  if (error === null) {
    return (
      <Bare title={t('auth.completing')}>
        <p role="status">{t('auth.completingText')}</p>
      </Bare>
    );
  }
  return (
    <Bare title={t('auth.failed')}>
      <p role="alert">{t('auth.failedText')}</p>
      <button type="button" className="button button-primary" onClick={() => void oidc.login('/')}>
        {t('auth.loginAgain')}
      </button>
    </Bare>
  );
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <h1 tabIndex={-1}>{t('notFound.title')}</h1>
      <p>{t('notFound.text')}</p>
      <Link to="/expedientes" className="button">
        {t('common.backToList')}
      </Link>
    </>
  );
}
