import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams } from 'react-router';
import { groupCsv } from '../documents/documents.ts';
import { FormField } from '../forms/FormField.tsx';
import { formatDateTime, formatSize } from '../format/format.ts';
import { normalizeCsv, verificationPagePath, verifyCsv, type Verification, type VerificationOutcome } from './verification.ts';

type State = { kind: 'idle' } | { kind: 'checking' } | VerificationOutcome;

/**
 * The public verification of a document by its CSV (Ley 40/2015 art. 42.b; Ley 39/2015 art. 27.3.c):
 * anyone with a copy types its code, or follows the QR code printed on it, and reads whether it is
 * in force, its minimum ENI metadata and signatures, and downloads the original, the printable copy
 * and the documento ENI. No session: it asks docs' public route with a plain request.
 */
export function VerificationPage() {
  const { t } = useTranslation();
  const id = useId();
  const { csv: param = '' } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const submitted = (location.state as { submitted?: boolean } | null)?.submitted === true;
  const [value, setValue] = useState(() => (param ? groupCsv(normalizeCsv(param)) : ''));
  const [required, setRequired] = useState(false);
  const [state, setState] = useState<State>({ kind: 'idle' });
  const input = useRef<HTMLInputElement>(null);
  const result = useRef<HTMLHeadingElement>(null);
  const problem = useRef<HTMLDivElement>(null);

  // Every visit of the address (a new code, or the same one asked again) asks docs once.
  useEffect(() => {
    if (!param) return setState({ kind: 'idle' });
    const controller = new AbortController();
    setState({ kind: 'checking' });
    verifyCsv(param, controller.signal).then(
      (outcome) => !controller.signal.aborted && setState(outcome),
      () => !controller.signal.aborted && setState({ kind: 'failed' }),
    );
    return () => controller.abort();
  }, [param, location.key]);

  // After a submit the answer takes the focus: the verdict, the field when the code is malformed, or the message.
  useEffect(() => {
    if (!submitted) return;
    if (state.kind === 'verified') result.current?.focus();
    else if (state.kind === 'invalid') input.current?.focus();
    else if (state.kind === 'not-found' || state.kind === 'too-many' || state.kind === 'failed') problem.current?.focus();
  }, [state, submitted]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const csv = normalizeCsv(value);
    if (!csv) {
      setRequired(true);
      input.current?.focus();
      return;
    }
    setRequired(false);
    setValue(groupCsv(csv));
    void navigate(verificationPagePath(csv), { state: { submitted: true } });
  };

  const fieldError = required ? t('verification.required') : state.kind === 'invalid' ? t('verification.invalid') : undefined;
  return (
    <>
      <h1 tabIndex={-1}>{t('verification.title')}</h1>
      <p className="page-intro">{t('verification.intro')}</p>
      <form className="card form" onSubmit={submit} noValidate aria-label={t('verification.title')}>
        <FormField id={`${id}-csv`} label={t('verification.field')} required hint={t('verification.hint')} error={fieldError}>
          {(control) => (
            <input
              {...control}
              ref={input}
              value={value}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              maxLength={64}
              onChange={(e) => setValue(e.target.value)}
            />
          )}
        </FormField>
        {state.kind === 'invalid' && state.detail ? (
          <p className="hint" lang="en">
            {t('verification.invalidDetail', { detail: state.detail })}
          </p>
        ) : null}
        <p className="hint">{t('verification.warning')}</p>
        <p role="status" className="status-line">
          {state.kind === 'checking' ? t('verification.checking') : ''}
        </p>
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={state.kind === 'checking'}>
            {t('verification.submit')}
          </button>
        </div>
      </form>
      {state.kind === 'not-found' || state.kind === 'too-many' || state.kind === 'failed' ? (
        <div ref={problem} className="alert alert-error" role="alert" tabIndex={-1}>
          <p>{t(state.kind === 'not-found' ? 'verification.notFound' : state.kind === 'too-many' ? 'verification.tooMany' : 'verification.failed')}</p>
        </div>
      ) : null}
      {state.kind === 'verified' ? <VerificationResult verification={state.verification} heading={result} /> : null}
    </>
  );
}

function VerificationResult({ verification: v, heading }: { verification: Verification; heading: RefObject<HTMLHeadingElement | null> }) {
  const { t } = useTranslation();
  const d = v.documento;
  const vigente = v.verdict === 'VIGENTE';
  // Codes too long for a narrow column (the CSV, the identifier, the digest) take a whole row.
  const wide: [string, ReactNode][] = [
    [t('verification.csv'), <code key="csv">{v.csv}</code>],
    [t('verification.identificador'), <code key="id">{d.identificador}</code>],
    [t('verification.sha256'), <code key="sha">{d.sha256}</code>],
  ];
  const facts: [string, ReactNode][] = [
    [t('verification.organo'), d.organo],
    [t('verification.fechaCaptura'), formatDateTime(d.fechaCaptura)],
    [t('verification.tipoDocumental'), t('documents.codeName', { code: d.tipoDocumental, name: t(`documents.tipos.${d.tipoDocumental}`) })],
    [t('verification.estadoElaboracion'), t('documents.codeName', { code: d.estadoElaboracion, name: t(`documents.estados.${d.estadoElaboracion}`) })],
    [t('verification.formato'), d.nombreFormato ?? '—'],
    [t('verification.version'), String(d.version)],
    [t('verification.size'), formatSize(d.size)],
    [t('verification.issuedAt'), formatDateTime(d.issuedAt)],
  ];
  return (
    <section className="card" aria-labelledby="verification-result">
      <h2 id="verification-result" ref={heading} tabIndex={-1}>
        {t('verification.result')}
      </h2>
      {/* The verdict in words and a mark, never by its colour alone. */}
      <div className={`alert ${vigente ? 'alert-success' : 'alert-error'}`}>
        <p>
          <strong>
            <span aria-hidden="true">{vigente ? '✔ ' : '✖ '}</span>
            {vigente ? t('verification.vigente') : t('verification.anulado')}
          </strong>
        </p>
        <p>
          {vigente ? t('verification.vigenteText') : t('verification.anuladoText', { at: formatDateTime(v.annulment?.at), reason: v.annulment?.reason ?? '' })}
        </p>
      </div>

      <h3>{t('verification.metadata')}</h3>
      <dl className="facts">
        {facts.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
        {wide.map(([term, value]) => (
          <div key={term} className="facts-wide">
            <dt>{term}</dt>
            <dd className="contact-line">{value}</dd>
          </div>
        ))}
      </dl>

      <h3>{t('verification.signatures')}</h3>
      {v.firmas.length === 0 ? (
        <p>{t('verification.noSignatures')}</p>
      ) : (
        <ul>
          {v.firmas.map((firma, index) => (
            <li key={`${firma.tipo}-${index}`}>
              <strong>{t(`indice.firmas.${firma.tipo}`)}</strong>
              {firma.detalle ? ` — ${firma.detalle}` : ''}
            </li>
          ))}
        </ul>
      )}

      <dl className="facts">
        <div>
          <dt>{t('verification.regulation')}</dt>
          <dd className="contact-line">{v.regulacion}</dd>
        </div>
        <div>
          <dt>{t('verification.availability')}</dt>
          <dd>{v.availableUntil ? t('verification.availableUntil', { at: formatDateTime(v.availableUntil) }) : t('verification.availableAlways')}</dd>
        </div>
      </dl>

      <h3>{t('verification.downloads')}</h3>
      <ul className="actions" style={{ listStyle: 'none', paddingLeft: 0 }}>
        <li>
          <a className="button" href={v.links.original} download>
            {t('verification.original')}
          </a>
        </li>
        {v.links.copia ? (
          <li>
            <a className="button" href={v.links.copia} download>
              {t('verification.copia')}
            </a>
          </li>
        ) : null}
        <li>
          <a className="button" href={v.links.eni} download>
            {t('verification.eni')}
          </a>
        </li>
      </ul>
    </section>
  );
}
