import { useEffect, useMemo, useRef, useState } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { ApiClient, uploadDocument } from '../features/api/client.ts';
import { ServicesContext, type AppServices } from '../features/api/context.tsx';
import { OidcClient, profileOf } from '../features/auth/oidc.ts';
import { FileAuditPage } from '../features/audit/FileAuditPage.tsx';
import { CalendarPage } from '../features/calendars/CalendarPage.tsx';
import { CreateFilePage } from '../features/file-create/CreateFilePage.tsx';
import { EniImportPage } from '../features/eni-import/EniImportPage.tsx';
import { FileDetailPage } from '../features/file-detail/FileDetailPage.tsx';
import { FilesListPage } from '../features/files-list/FilesListPage.tsx';
import { InteresadoSearchPage } from '../features/interesados/InteresadoSearchPage.tsx';
import { OrganismPage } from '../features/organisms/OrganismPage.tsx';
import { OrganismsPage } from '../features/organisms/OrganismsPage.tsx';
import { ProceduresPage } from '../features/procedures/ProceduresPage.tsx';
import { TasksPage } from '../features/tasks/TasksPage.tsx';
import { VerificationPage } from '../features/verification/VerificationPage.tsx';
import { Layout, PublicLayout } from './Layout.tsx';
import { CallbackPage, LoggedOutPage, NotFoundPage, RedirectingPage } from './pages.tsx';

const LOGGED_OUT_KEY = 'tramita.loggedOut';

const oidc = new OidcClient({
  origin: window.location.origin,
  storage: window.sessionStorage,
  fetch: (input, init) => window.fetch(input, init),
  navigate: (url) => window.location.assign(url),
  now: () => Date.now(),
});

export function App() {
  return (
    <BrowserRouter>
      <Routes>
        <Route path="/callback" element={<CallbackPage oidc={oidc} />} />
        {/* Open to anyone holding a copy (the QR code printed on it points here): outside the login. */}
        <Route element={<PublicLayout />}>
          <Route path="/verificar/:csv?" element={<VerificationPage />} />
        </Route>
        <Route path="*" element={<Session />} />
      </Routes>
    </BrowserRouter>
  );
}

/** Everything behind the login: without a session, off to the provider and back to this same place. */
function Session() {
  const location = useLocation();
  const [tokens, setTokens] = useState(oidc.tokens);
  const [redirecting, setRedirecting] = useState(false);
  const here = `${location.pathname}${location.search}`;
  const hereRef = useRef(here);
  hereRef.current = here;
  const loggedOut = !tokens && sessionStorage.getItem(LOGGED_OUT_KEY) === '1';

  const services = useMemo<AppServices | null>(() => {
    if (!tokens) return null;
    const api = new ApiClient(
      oidc,
      (input, init) => window.fetch(input, init),
      () => {
        setRedirecting(true);
        void oidc.login(hereRef.current);
      },
    );
    return { api, profile: profileOf(tokens), upload: uploadDocument };
  }, [tokens]);

  useEffect(() => {
    if (!tokens && !loggedOut) {
      setRedirecting(true);
      void oidc.login(hereRef.current);
    }
  }, [tokens, loggedOut]);

  if (loggedOut) {
    return (
      <LoggedOutPage
        onLogin={() => {
          sessionStorage.removeItem(LOGGED_OUT_KEY);
          setTokens(null);
          setRedirecting(true);
          void oidc.login('/');
        }}
      />
    );
  }
  if (!services || redirecting) return <RedirectingPage />;
  return (
    <ServicesContext.Provider value={services}>
      <Routes>
        <Route
          element={
            <Layout
              profile={services.profile}
              onLogout={() => {
                sessionStorage.setItem(LOGGED_OUT_KEY, '1');
                setTokens(null);
                void oidc.logout();
              }}
            />
          }
        >
          <Route index element={<Navigate to="/expedientes" replace />} />
          <Route path="expedientes" element={<FilesListPage />} />
          <Route path="expedientes/nuevo" element={<CreateFilePage />} />
          <Route path="expedientes/importar" element={<EniImportPage />} />
          <Route path="expedientes/:code" element={<FileDetailPage />} />
          <Route path="expedientes/:code/auditoria" element={<FileAuditPage />} />
          <Route path="tareas" element={<TasksPage />} />
          <Route path="interesados" element={<InteresadoSearchPage />} />
          <Route path="organismos" element={<OrganismsPage />} />
          <Route path="organismos/:code" element={<OrganismPage />} />
          <Route path="organismos/:code/calendario" element={<CalendarPage />} />
          <Route path="procedimientos" element={<ProceduresPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </ServicesContext.Provider>
  );
}
