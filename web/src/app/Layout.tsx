import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import type { Profile } from '../features/auth/oidc.ts';
import { administersOrganisms } from '../features/organisms/organisms.ts';
import { NoticesChangedContext, useUnreadNotices } from '../features/plazos/unread-notices.ts';
import { changeLanguage } from '../i18n/i18n.ts';

/** Moves focus to the page's heading after each navigation (screen readers hear the new page) and names the tab after it. */
function useRouteFocus() {
  const location = useLocation();
  const { t, i18n } = useTranslation();
  const first = useRef(true);
  useEffect(() => {
    const update = () => {
      const heading = document.querySelector<HTMLElement>('main h1');
      document.title = heading?.textContent ? `${heading.textContent} — ${t('app.name')}` : t('app.name');
      return heading;
    };
    const heading = update();
    if (!first.current) heading?.focus();
    first.current = false;
    const observer = new MutationObserver(() => update());
    const main = document.querySelector('main');
    if (main) observer.observe(main, { subtree: true, childList: true, characterData: true });
    return () => observer.disconnect();
  }, [location.pathname, location.search, t, i18n.language]);
}

export function Layout({ profile, onLogout }: { profile: Profile; onLogout: () => void }) {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  useRouteFocus();
  // Read again on every page, and at once when the tasks page marks a notice read.
  const [unread, refreshUnread] = useUnreadNotices(location.pathname);
  const other = i18n.language === 'es' ? 'en' : 'es';
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="app-header">
        <div className="header-inner">
          <Link to="/expedientes" className="brand">
            <span className="brand-mark" aria-hidden="true">
              T
            </span>
            <span>
              <span className="brand-name">{t('app.name')}</span>
              <span className="brand-tagline">{t('app.tagline')}</span>
            </span>
          </Link>
          <nav aria-label={t('app.mainNav')} className="main-nav">
            <NavLink to="/expedientes" end>
              {t('nav.list')}
            </NavLink>
            <NavLink to="/expedientes/nuevo">{t('nav.create')}</NavLink>
            <NavLink to="/expedientes/importar">{t('nav.importEni')}</NavLink>
            <NavLink to="/tareas" aria-label={unread ? t('nav.tasksUnread', { count: unread }) : undefined}>
              {t('nav.tasks')}
              {unread ? ' ' : null}
              {unread ? (
                // The link's name says it in words; the number is what the eye sees. The space keeps the
                // visible text ("Mis tareas 1") inside the name, as speech input needs (WCAG 2.5.3).
                <span className="nav-count" aria-hidden="true">
                  {unread}
                </span>
              ) : null}
            </NavLink>
            <NavLink to="/interesados">{t('nav.search')}</NavLink>
            {administersOrganisms(profile.roles) ? <NavLink to="/organismos">{t('nav.organisms')}</NavLink> : null}
            {administersOrganisms(profile.roles) ? <NavLink to="/procedimientos">{t('nav.procedures')}</NavLink> : null}
          </nav>
          <div className="user-area">
            <span className="user-name">
              <span className="visually-hidden">{t('app.signedInAs')} </span>
              {profile.displayName}
            </span>
            <button type="button" className="link-button" lang={other} onClick={() => changeLanguage(other)}>
              {other === 'en' ? 'English' : 'Español'}
            </button>
            <button type="button" className="button button-small button-inverse" onClick={onLogout}>
              {t('app.logout')}
            </button>
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="content">
        <NoticesChangedContext.Provider value={refreshUnread}>
          <Outlet />
        </NoticesChangedContext.Provider>
      </main>
      <Footer />
    </div>
  );
}

/**
 * The frame of the public pages (the verification of a document by its CSV): the brand, the
 * language switch and the footer, with no session, no navigation and no user.
 */
export function PublicLayout() {
  const { t, i18n } = useTranslation();
  useRouteFocus();
  const other = i18n.language === 'es' ? 'en' : 'es';
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="app-header">
        <div className="header-inner">
          <Link to="/verificar" className="brand">
            <span className="brand-mark" aria-hidden="true">
              T
            </span>
            <span>
              <span className="brand-name">{t('app.name')}</span>
              <span className="brand-tagline">{t('verification.title')}</span>
            </span>
          </Link>
          <div className="user-area">
            <button type="button" className="link-button" lang={other} onClick={() => changeLanguage(other)}>
              {other === 'en' ? 'English' : 'Español'}
            </button>
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="content">
        <Outlet />
      </main>
      <Footer />
    </div>
  );
}

export function Footer() {
  const { t } = useTranslation();
  return (
    <footer className="app-footer">
      <div className="footer-inner">
        <p>{t('app.footer')}</p>
        <p>
          <a href="/api/docs-ui">{t('app.apiDocs')}</a>
        </p>
      </div>
    </footer>
  );
}
