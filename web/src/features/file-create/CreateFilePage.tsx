import { useEffect, useId, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { loadInitialOptions, type CodeName } from '../api/catalogues.ts';
import { CodeNameOptions } from '../api/CodeNameOptions.tsx';
import { useServices } from '../api/context.tsx';
import { ErrorMessage } from '../api/ErrorMessage.tsx';
import { problemKey } from '../api/problem.ts';
import { useLoad } from '../api/use-load.ts';
import { formatSize } from '../format/format.ts';
import { FILE_CODE_PATTERN, MAX_DESCRIPTION_LENGTH, createBody, importedFrom, validateDraft, type CodeStatus, type UploadItem } from './create-form.ts';
import { SagaTimeoutError, followSaga, type SagaView } from './saga.ts';

type Phase = { step: 'editing' } | { step: 'sending' } | { step: 'following'; saga?: SagaView } | { step: 'failed'; saga?: SagaView; error?: unknown };

let uploadCounter = 0;

export function CreateFilePage() {
  const { t } = useTranslation();
  const id = useId();
  const navigate = useNavigate();
  const location = useLocation();
  const { api, upload } = useServices();
  // Opened from an ENI import: its documents are already stored in docs, attached like finished uploads.
  const [imported] = useState(() => importedFrom(location.state));
  const [options] = useLoad<CodeName[]>('options', (signal) => loadInitialOptions(api, signal));
  const [code, setCode] = useState('');
  const [codeStatus, setCodeStatus] = useState<CodeStatus>('idle');
  const [recheck, setRecheck] = useState(0);
  const [initialOption, setInitialOption] = useState('');
  const [description, setDescription] = useState(imported?.description ?? '');
  const [uploads, setUploads] = useState<UploadItem[]>(imported?.uploads ?? []);
  const [showErrors, setShowErrors] = useState(false);
  const [phase, setPhase] = useState<Phase>({ step: 'editing' });
  const [dragging, setDragging] = useState(false);
  const aborts = useRef(new Map<string, () => void>());
  const following = useRef<AbortController | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  // Availability is checked while typing (debounced), so a duplicate is reported before submitting.
  useEffect(() => {
    const trimmed = code.trim();
    if (!trimmed) return setCodeStatus('idle');
    if (!FILE_CODE_PATTERN.test(trimmed)) return setCodeStatus('invalid');
    setCodeStatus('checking');
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api
        .get<{ available: boolean }>(`/api/files/${encodeURIComponent(trimmed)}/availability`, controller.signal)
        .then((r) => !controller.signal.aborted && setCodeStatus(r.available ? 'available' : 'taken'))
        .catch(() => !controller.signal.aborted && setCodeStatus('error'));
    }, 350);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [code, api, recheck]);

  useEffect(() => {
    const pending = aborts.current;
    return () => {
      for (const abort of pending.values()) abort();
      following.current?.abort();
    };
  }, []);

  const patch = (key: string, change: Partial<UploadItem>) => setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));

  const addFiles = async (files: FileList | File[]) => {
    const list = [...files];
    if (list.length === 0) return;
    let token: string;
    try {
      token = await api.token();
    } catch {
      return; // the session is over: the app is already on its way to the login page
    }
    for (const file of list) {
      uploadCounter += 1;
      const key = `u${uploadCounter}`;
      setUploads((current) => [...current, { key, name: file.name, size: file.size, progress: 0, status: 'uploading' }]);
      const handle = upload(file, token, (fraction) => patch(key, { progress: fraction }));
      aborts.current.set(key, handle.abort);
      handle.promise.then(
        (document) => patch(key, { status: 'done', progress: 1, documentId: document.id }),
        (error: unknown) => patch(key, { status: 'error', error }),
      );
      void handle.promise.finally(() => aborts.current.delete(key)).catch(() => {});
    }
  };

  const remove = (key: string) => {
    aborts.current.get(key)?.();
    setUploads((list) => list.filter((u) => u.key !== key));
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    void addFiles(event.dataTransfer.files);
  };

  const draft = { code, codeStatus, initialOption, description, uploads };
  const errors = validateDraft(draft);
  const visible = showErrors ? errors : codeStatus === 'taken' ? { code: 'create.errors.codeTaken' } : {};

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setShowErrors(true);
    if (Object.keys(errors).length > 0) {
      setTimeout(() => summaryRef.current?.focus(), 0);
      return;
    }
    setPhase({ step: 'sending' });
    try {
      const { response } = await api.json<{ sagaId: string }>('POST', '/api/files', { body: createBody(draft) });
      const location = response.headers.get('location');
      if (!location) throw new Error('no saga location');
      setPhase({ step: 'following' });
      following.current = new AbortController();
      const saga = await followSaga(api, location, { signal: following.current.signal, onUpdate: (view) => setPhase({ step: 'following', saga: view }) });
      if (saga.status === 'completed') {
        void navigate(`/expedientes/${encodeURIComponent(saga.fileCode)}`, { state: { created: true } });
      } else {
        setPhase({ step: 'failed', saga });
        // The compensation released the code (or someone else took it): check it again.
        setRecheck((n) => n + 1);
      }
    } catch (error) {
      if (following.current?.signal.aborted) return;
      setPhase({ step: 'failed', error, ...(error instanceof SagaTimeoutError && error.last ? { saga: error.last } : {}) });
    }
  };

  const busy = phase.step === 'sending' || phase.step === 'following';
  const errorEntries = Object.entries(errors);
  const fieldId = (field: string) => `${id}-${field}`;
  const errorId = (field: string) => `${id}-${field}-error`;
  const describe = (field: keyof typeof visible, hint?: string) => [hint, visible[field] ? errorId(field) : undefined].filter(Boolean).join(' ') || undefined;

  return (
    <>
      <div className="page-head">
        <h1 tabIndex={-1}>{t('create.title')}</h1>
        <Link to="/expedientes" className="button">
          {t('common.backToList')}
        </Link>
      </div>

      {showErrors && errorEntries.length > 0 ? (
        <div className="alert alert-error" role="alert" tabIndex={-1} ref={summaryRef}>
          <p>{t('create.errors.summary')}</p>
          <ul>
            {errorEntries.map(([field, key]) => (
              <li key={field}>
                <a href={`#${fieldId(field)}`}>{t(key, { code: code.trim() })}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <form className="card form" onSubmit={(e) => void submit(e)} noValidate aria-busy={busy}>
        <fieldset disabled={busy}>
          <legend className="visually-hidden">{t('create.title')}</legend>
          <div className="field">
            <label htmlFor={fieldId('code')}>
              {t('files.code')} <span className="required">{t('common.required')}</span>
            </label>
            <input
              id={fieldId('code')}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              required
              maxLength={64}
              autoComplete="off"
              spellCheck={false}
              aria-invalid={visible.code ? true : undefined}
              aria-describedby={describe('code', `${fieldId('code')}-hint ${fieldId('code')}-status`)}
            />
            <p id={`${fieldId('code')}-hint`} className="hint">
              {t('create.codeHint')}
            </p>
            <p id={`${fieldId('code')}-status`} className={`hint code-status code-${codeStatus}`} aria-live="polite">
              {codeStatus === 'checking'
                ? t('create.codeChecking')
                : codeStatus === 'available'
                  ? t('create.codeAvailable')
                  : codeStatus === 'error'
                    ? t('create.codeUnchecked')
                    : ''}
            </p>
            {visible.code ? (
              <p id={errorId('code')} className="field-error">
                {t(visible.code, { code: code.trim() })}
              </p>
            ) : null}
          </div>

          <div className="field">
            <label htmlFor={fieldId('initialOption')}>
              {t('files.initialOption')} <span className="required">{t('common.required')}</span>
            </label>
            <select
              id={fieldId('initialOption')}
              value={initialOption}
              onChange={(e) => setInitialOption(e.target.value)}
              required
              aria-invalid={visible.initialOption ? true : undefined}
              aria-describedby={describe('initialOption')}
            >
              <option value="">{t('create.chooseOption')}</option>
              {options.state === 'ready' ? <CodeNameOptions items={options.data} /> : null}
            </select>
            {options.state === 'error' ? <ErrorMessage error={options.error} /> : null}
            {visible.initialOption ? (
              <p id={errorId('initialOption')} className="field-error">
                {t(visible.initialOption)}
              </p>
            ) : null}
          </div>

          <div className="field">
            <label htmlFor={fieldId('description')}>{t('files.description')}</label>
            <textarea
              id={fieldId('description')}
              value={description}
              rows={4}
              onChange={(e) => setDescription(e.target.value)}
              aria-invalid={visible.description ? true : undefined}
              aria-describedby={describe('description', `${fieldId('description')}-count`)}
            />
            <p id={`${fieldId('description')}-count`} className="hint">
              {t('create.characters', { count: description.length, max: MAX_DESCRIPTION_LENGTH })}
            </p>
            {visible.description ? (
              <p id={errorId('description')} className="field-error">
                {t(visible.description)}
              </p>
            ) : null}
          </div>

          <div className="field">
            <span className="label" id={`${fieldId('documents')}-label`}>
              {t('create.documents')} <span className="required">{t('common.required')}</span>
            </span>
            <div
              className={`dropzone${dragging ? ' dropzone-active' : ''}${visible.documents ? ' dropzone-invalid' : ''}`}
              onDragOver={(e) => {
                e.preventDefault();
                setDragging(true);
              }}
              onDragLeave={() => setDragging(false)}
              onDrop={onDrop}
            >
              <p>{t('create.dropHere')}</p>
              <input
                ref={fileInput}
                id={fieldId('documents')}
                type="file"
                multiple
                className="visually-hidden"
                aria-labelledby={`${fieldId('documents')}-label ${fieldId('documents')}-choose`}
                aria-describedby={describe('documents', `${fieldId('documents')}-hint`)}
                onChange={(e) => {
                  if (e.target.files) void addFiles(e.target.files);
                  e.target.value = '';
                }}
              />
              <label htmlFor={fieldId('documents')} id={`${fieldId('documents')}-choose`} className="button">
                {t('create.chooseFiles')}
              </label>
              <p id={`${fieldId('documents')}-hint`} className="hint">
                {t('create.documentsHint')}
              </p>
            </div>
            {visible.documents ? (
              <p id={errorId('documents')} className="field-error">
                {t(visible.documents)}
              </p>
            ) : null}
            {uploads.length > 0 ? (
              <ul className="uploads" aria-label={t('create.uploadList')}>
                {uploads.map((u) => (
                  <li key={u.key} className={`upload upload-${u.status}`}>
                    <span className="upload-name">{u.name}</span>
                    <span className="upload-size">{formatSize(u.size)}</span>
                    <progress max={1} value={u.progress} aria-label={t('create.progressOf', { name: u.name })} />
                    <span className="upload-state" aria-live="polite">
                      {u.status === 'uploading'
                        ? t('create.uploading', { percent: Math.round(u.progress * 100) })
                        : u.status === 'done'
                          ? t('create.uploaded')
                          : t(problemKey(u.error))}
                    </span>
                    <button type="button" className="button button-small" onClick={() => remove(u.key)} aria-label={t('create.removeNamed', { name: u.name })}>
                      {t('create.remove')}
                    </button>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>

          <div className="actions">
            <button type="submit" className="button button-primary">
              {t('create.submit')}
            </button>
            <Link to="/expedientes" className="button">
              {t('common.cancel')}
            </Link>
          </div>
        </fieldset>
      </form>

      <SagaProgress phase={phase} />
    </>
  );
}

function SagaProgress({ phase }: { phase: Phase }) {
  const { t } = useTranslation();
  if (phase.step === 'editing') return null;
  if (phase.step === 'failed') {
    const saga = phase.saga;
    return (
      <section className="card saga saga-failed" role="alert" aria-labelledby="saga-heading">
        <h2 id="saga-heading">{t('create.saga.failedTitle')}</h2>
        {saga && saga.status !== 'running' ? (
          <>
            <p>{t(`create.saga.${saga.status}`)}</p>
            {saga.reason ? <p>{t('create.saga.reason', { reason: saga.reason })}</p> : null}
            <p>{saga.status === 'compensated' ? t('create.saga.undone') : t('create.saga.partial')}</p>
          </>
        ) : phase.error instanceof SagaTimeoutError ? (
          <p>{t('create.saga.timeout')}</p>
        ) : (
          <ErrorMessage error={phase.error} />
        )}
      </section>
    );
  }
  return (
    <section className="card saga" aria-labelledby="saga-heading">
      <h2 id="saga-heading">{t('create.saga.title')}</h2>
      <p role="status" aria-live="polite">
        {phase.step === 'sending' ? t('create.saga.sending') : t('create.saga.running')}
      </p>
      <progress aria-label={t('create.saga.title')} />
    </section>
  );
}
