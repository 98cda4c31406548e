import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BpmnProblem } from '@tramita/contracts';
import { useServices } from '../api/context.tsx';
import { bpmnProblemsOf, deployPath, type Deployment } from './procedures.ts';
import { ProcedureProblem } from './ProcedureProblem.tsx';

/** bpm's limit for a BPMN file, checked before sending. */
const MAX_BYTES = 2 * 1024 * 1024;

type Outcome =
  { kind: 'deployed'; deployment: Deployment; file: string } | { kind: 'refused'; problems: BpmnProblem[]; file: string } | { kind: 'error'; error: unknown };

interface Props {
  /** The catalogues the administrator may deploy to: '' is the shared one (platform administrators). */
  catalogues: { value: string; label: string }[];
  onDeployed: () => void;
}

/**
 * Deploys a BPMN 2.0 file: each executable process in it becomes the next version of its
 * procedure (or stays as it was, when the file is unchanged); a refused file lists every element
 * to change, with its line.
 */
export function DeployForm({ catalogues, onDeployed }: Props) {
  const { t } = useTranslation();
  const { api } = useServices();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [catalogue, setCatalogue] = useState<string | null>(null);
  const [fileError, setFileError] = useState('');
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const chosenCatalogue = catalogue ?? catalogues[0]?.value ?? '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const file = input.current?.files?.[0];
    const refuse = (message: string) => {
      setFileError(message);
      input.current?.focus();
    };
    if (!file) return refuse(t('procedures.deploy.fileRequired'));
    if (file.size > MAX_BYTES) return refuse(t('procedures.deploy.fileTooLarge'));
    setFileError('');
    setSending(true);
    setOutcome(null);
    try {
      const content = await file.text();
      const { data } = await api.json<Deployment>('POST', deployPath(chosenCatalogue), { raw: { content, type: 'application/xml' } });
      setOutcome({ kind: 'deployed', deployment: data, file: file.name });
      onDeployed();
    } catch (error) {
      const problems = bpmnProblemsOf(error);
      setOutcome(problems ? { kind: 'refused', problems, file: file.name } : { kind: 'error', error });
    }
    setSending(false);
  };

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('procedures.deploy.title')}</h2>
      <p className="hint section-hint">{t('procedures.deploy.explain')}</p>
      <form onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-heading`} noValidate>
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${id}-file`}>
              {t('procedures.deploy.file')} <span className="required">{t('common.required')}</span>
            </label>
            <input
              id={`${id}-file`}
              ref={input}
              type="file"
              accept=".bpmn,.bpmn20.xml,.xml,application/xml,text/xml"
              aria-describedby={`${id}-file-hint${fileError ? ` ${id}-file-error` : ''}`}
              aria-invalid={fileError ? true : undefined}
              onChange={() => setFileError('')}
            />
            <p id={`${id}-file-hint`} className="hint">
              {t('procedures.deploy.fileHint')}
            </p>
            {fileError ? (
              <p id={`${id}-file-error`} className="field-error">
                {fileError}
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor={`${id}-catalogue`}>{t('procedures.catalogue')}</label>
            <select id={`${id}-catalogue`} value={chosenCatalogue} onChange={(e) => setCatalogue(e.target.value)} disabled={catalogues.length === 0}>
              {catalogues.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <p role="status" className="status-line">
          {sending ? t('procedures.deploy.sending') : ''}
        </p>
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={sending || catalogues.length === 0}>
            {t('procedures.deploy.submit')}
          </button>
        </div>
      </form>
      {outcome ? <DeployOutcome outcome={outcome} /> : null}
    </section>
  );
}

function DeployOutcome({ outcome }: { outcome: Outcome }) {
  const { t } = useTranslation();
  if (outcome.kind === 'error') return <ProcedureProblem error={outcome.error} />;
  if (outcome.kind === 'refused') {
    return (
      <div className="subcard">
        <div className="alert alert-error" role="alert">
          <p>{t('procedures.deploy.refused', { file: outcome.file, count: outcome.problems.length })}</p>
        </div>
        <ProblemTable problems={outcome.problems} caption={t('procedures.deploy.problemsCaption', { file: outcome.file })} />
      </div>
    );
  }
  const { procedures, warnings } = outcome.deployment;
  return (
    <div className="subcard">
      <p className="alert alert-success" role="status">
        {t('procedures.deploy.deployed', { file: outcome.file })}
      </p>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">{t('procedures.deploy.resultCaption', { file: outcome.file })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('procedures.name')}</th>
              <th scope="col">{t('procedures.code')}</th>
              <th scope="col">{t('procedures.deploy.outcome')}</th>
            </tr>
          </thead>
          <tbody>
            {procedures.map((p) => (
              <tr key={p.code}>
                <th scope="row" className="row-name">
                  {p.name}
                </th>
                <td>{p.code}</td>
                <td>{p.unchanged ? t('procedures.deploy.unchanged', { version: p.version }) : t('procedures.deploy.newVersion', { version: p.version })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {warnings.length > 0 ? (
        <>
          <h3>{t('procedures.deploy.warnings')}</h3>
          <ProblemTable problems={warnings} caption={t('procedures.deploy.warningsCaption', { file: outcome.file })} />
        </>
      ) : null}
    </div>
  );
}

function ProblemTable({ problems, caption }: { problems: BpmnProblem[]; caption: string }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('procedures.problem.element')}</th>
            <th scope="col">{t('procedures.problem.type')}</th>
            <th scope="col">{t('procedures.problem.line')}</th>
            <th scope="col">{t('procedures.problem.message')}</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, index) => (
            <tr key={`${p.elementId ?? ''}-${index}`}>
              <td>{p.elementId ?? '—'}</td>
              <td>{p.type}</td>
              <td>{p.line ?? '—'}</td>
              <td>{p.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
