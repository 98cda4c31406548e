import { useTranslation } from 'react-i18next';
import { useServices } from '../api/context.tsx';
import { ErrorMessage } from '../api/ErrorMessage.tsx';
import { ApiError } from '../api/problem.ts';
import { useLoad } from '../api/use-load.ts';
import type { DiagramState } from './decorations.ts';
import { loadProcedureXml } from './procedure-files.ts';
import { ProcedureDiagram } from './ProcedureDiagram.tsx';

type Diagram = { kind: 'bpmn'; state: DiagramState; xml: string } | { kind: 'phases' } | { kind: 'none' };

/** bpm's 404 for a procedure defined by a phase table: there is no file to draw. */
const isPhaseTable = (error: unknown) => error instanceof ApiError && error.status === 404 && error.code === 'procedure-bpmn-not-found';
const isMissing = (error: unknown) => error instanceof ApiError && error.status === 404;

/**
 * "Diagrama del procedimiento" on an expediente: its procedure's BPMN diagram with where the
 * process is. A procedure defined by a phase table has no diagram, and says so in a line.
 */
export function ProcessDiagramSection({ code, processVersion }: { code: string; processVersion: number | null }) {
  const { t } = useTranslation();
  const { api } = useServices();
  const path = `/api/files/${encodeURIComponent(code)}/process/diagram`;
  // The process's version is in the key: a phase change draws the diagram again.
  const [diagram, reload] = useLoad<Diagram>(`${path}#${processVersion ?? ''}`, async (signal) => {
    let state: DiagramState;
    try {
      state = await api.get<DiagramState>(path, signal);
    } catch (error) {
      if (isMissing(error)) return { kind: 'none' };
      throw error;
    }
    try {
      const xml = await loadProcedureXml(api, state.procedure.code, state.procedure.version, state.procedure.organism, signal);
      return { kind: 'bpmn', state, xml };
    } catch (error) {
      if (isPhaseTable(error)) return { kind: 'phases' };
      throw error;
    }
  });

  return (
    <section className="card" aria-labelledby="diagram-heading">
      <h2 id="diagram-heading">{t('diagram.title')}</h2>
      {diagram.state === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {diagram.state === 'error' ? (
        <>
          <ErrorMessage error={diagram.error} />
          <button type="button" className="button button-small" onClick={reload}>
            {t('common.retry')}
          </button>
        </>
      ) : null}
      {diagram.state === 'ready' && diagram.data.kind === 'phases' ? <p className="hint">{t('diagram.phaseTable')}</p> : null}
      {diagram.state === 'ready' && diagram.data.kind === 'none' ? <p className="hint">{t('diagram.none')}</p> : null}
      {diagram.state === 'ready' && diagram.data.kind === 'bpmn' ? (
        <ProcedureDiagram xml={diagram.data.xml} state={diagram.data.state} label={t('diagram.figure', { code })} />
      ) : null}
    </section>
  );
}
