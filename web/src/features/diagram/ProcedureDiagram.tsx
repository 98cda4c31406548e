import type { TFunction } from 'i18next';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { decorationsOf, summaryOf, type Badge, type DiagramState, type StateSummary } from './decorations.ts';
import type { BadgePosition, DiagramViewer } from './diagram-viewer.ts';

interface Props {
  /** The BPMN 2.0 file, as deployed. */
  xml: string;
  /** Where an expediente's process is; without it the diagram shows the definition alone. */
  state?: DiagramState;
  /** The figure's accessible name. */
  label: string;
}

type Status = { kind: 'loading' } | { kind: 'ready'; summary: StateSummary | null } | { kind: 'error' };

const POSITIONS: Record<Badge['kind'], BadgePosition> = {
  active: { top: -12, left: 4 },
  runs: { bottom: 14, right: 30 },
  incident: { top: -12, right: 40 },
};

/**
 * A procedure's BPMN diagram drawn by the viewer (loaded on first use), with an expediente's state
 * on it: markers for colour, badges and the caption for words (colour is never the only signal).
 * The viewer's bpmn.io logo stays where it draws it, in the bottom right corner.
 */
export function ProcedureDiagram({ xml, state, label }: Props) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const viewer = useRef<DiagramViewer | null>(null);
  const [status, setStatus] = useState<Status>({ kind: 'loading' });

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let cancelled = false;
    let current: DiagramViewer | null = null;
    setStatus({ kind: 'loading' });
    const draw = async () => {
      const { createViewer } = await import('./bpmn-viewer.ts');
      if (cancelled) return;
      current = createViewer(element);
      await current.importXML(xml);
      if (cancelled) return;
      viewer.current = current;
      current.fit();
      if (!state) return setStatus({ kind: 'ready', summary: null });
      const drawn = current;
      const { markers, badges } = decorationsOf(state);
      for (const { id, marker } of markers) if (drawn.has(id)) drawn.addMarker(id, marker);
      for (const badge of badges) {
        if (!drawn.has(badge.id) || (badge.kind === 'runs' && !drawn.isActivity(badge.id))) continue;
        drawn.addBadge(badge.id, badgeElement(badge, t), POSITIONS[badge.kind]);
      }
      setStatus({
        kind: 'ready',
        summary: summaryOf(
          state,
          (id) => drawn.nameOf(id),
          (id) => drawn.isActivity(id),
        ),
      });
    };
    draw().catch(() => !cancelled && setStatus({ kind: 'error' }));
    return () => {
      cancelled = true;
      viewer.current = null;
      current?.destroy();
    };
  }, [xml, state, t]);

  const ready = status.kind === 'ready';
  return (
    <figure className="diagram" aria-label={label}>
      <div className="diagram-tools" role="group" aria-label={t('diagram.view')}>
        <button type="button" className="button button-small" disabled={!ready} onClick={() => viewer.current?.zoomBy(1.25)}>
          {t('diagram.zoomIn')}
        </button>
        <button type="button" className="button button-small" disabled={!ready} onClick={() => viewer.current?.zoomBy(0.8)}>
          {t('diagram.zoomOut')}
        </button>
        <button type="button" className="button button-small" disabled={!ready} onClick={() => viewer.current?.fit()}>
          {t('diagram.fit')}
        </button>
      </div>
      <div ref={container} className="diagram-canvas" />
      <figcaption>
        {status.kind === 'loading' ? <p role="status">{t('diagram.loading')}</p> : null}
        {status.kind === 'error' ? (
          <p className="alert alert-error" role="alert">
            {t('diagram.failed')}
          </p>
        ) : null}
        {status.kind === 'ready' && status.summary ? <Summary summary={status.summary} /> : null}
        {status.kind === 'ready' ? <p className="hint">{t('diagram.help')}</p> : null}
      </figcaption>
    </figure>
  );
}

function Summary({ summary }: { summary: StateSummary }) {
  const { t } = useTranslation();
  return (
    <ul className="diagram-summary">
      <li>{summary.active.length > 0 ? t('diagram.summary.active', { names: summary.active.join(', ') }) : t('diagram.summary.noneActive')}</li>
      {summary.done.length > 0 ? (
        <li>{t('diagram.summary.done', { names: summary.done.map((d) => t('diagram.summary.times', { name: d.name, count: d.count })).join(', ') })}</li>
      ) : null}
      {summary.incidents.map((incident) => (
        <li key={`${incident.name}-${incident.message}`} className="diagram-summary-incident">
          {t('diagram.summary.incident', { name: incident.name, message: incident.message })}
        </li>
      ))}
    </ul>
  );
}

/** A badge's element, built with text nodes only (an incident's message comes from the server and is never read as HTML). */
function badgeElement(badge: Badge, t: TFunction): HTMLElement {
  const element = document.createElement('span');
  element.className = `diagram-badge diagram-badge-${badge.kind}`;
  if (badge.kind === 'active') element.textContent = t('diagram.badge.active');
  if (badge.kind === 'runs') element.textContent = t('diagram.badge.runs', { count: badge.count });
  if (badge.kind === 'incident') {
    element.textContent = t('diagram.badge.incident');
    element.title = badge.message;
  }
  return element;
}
