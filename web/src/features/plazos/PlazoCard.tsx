import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ExtendForm } from './ExtendForm.tsx';
import {
  codeKey,
  longDate,
  longDay,
  openSuspensions,
  shortDateTime,
  unverifiedCalendars,
  zoneKey,
  type Plazo,
  type SedeTimeZone,
  type Suspension,
} from './plazos.ts';
import { ResumeForm } from './ResumeForm.tsx';
import { StartForm } from './StartForm.tsx';
import { SuspendForm } from './SuspendForm.tsx';
import { TrafficLight } from './TrafficLight.tsx';

interface Props {
  code: string;
  plazo: Plazo;
  timeZone: SedeTimeZone;
  /** An action was accepted: the section says `messageKey` and reads the plazos again. */
  onChanged: (messageKey: string, plazo: Plazo) => void;
}

type Open = { kind: 'start' } | { kind: 'suspend' } | { kind: 'extend' } | { kind: 'resume'; suspension: Suspension } | null;

/**
 * One plazo of an expediente: its due date in words, a warning when it is provisional (a
 * calendar not verified), how it was reached, its suspensions, extensions, outcome and history,
 * and — for the roles the procedure names — suspend, resume and extend.
 */
export function PlazoCard({ code, plazo, timeZone, onChanged }: Props) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [open, setOpen] = useState<Open>(null);
  const language = i18n.language;
  const zone = t(`plazos.zones.${zoneKey(timeZone)}`);
  const at = (iso: string | null | undefined) => shortDateTime(iso, timeZone);
  const dueText = (value: string | null) => {
    if (!value) return t('plazos.history.noDue');
    return /^\d{4}-\d{2}-\d{2}$/.test(value) ? longDay(value, language) : at(value);
  };
  const settled = plazo.state === 'EXPIRED' || plazo.state === 'CLOSED';
  const canSuspend = plazo.canManage && plazo.kind === 'MAXIMO' && !settled;
  // Only the maximum plazo has a dies a quo to state (art. 21.3); a trámite's runs from its task.
  const canStart = canSuspend;
  const canExtend = plazo.canManage && !settled;
  const provisional = plazo.due?.status === 'PROVISIONAL' ? unverifiedCalendars(plazo.due.explanation) : [];
  const named = { name: plazo.name };

  const done = (messageKey: string) => {
    setOpen(null);
    onChanged(messageKey, plazo);
    // The form is gone: the focus goes back to the plazo it changed.
    heading.current?.focus();
  };

  return (
    <article className="plazo" aria-labelledby={`${id}-name`}>
      <div className="plazo-head">
        <h3 id={`${id}-name`} tabIndex={-1} ref={heading}>
          {plazo.name}
        </h3>
        <TrafficLight light={plazo.trafficLight} />
      </div>
      <dl className="facts">
        <div>
          <dt>{t('plazos.duration')}</dt>
          <dd>{plazo.durationText}</dd>
        </div>
        <div>
          <dt>{t('plazos.timeLeft')}</dt>
          <dd>{plazo.timeLeft}</dd>
        </div>
        <div className="facts-wide">
          <dt>{t('plazos.due')}</dt>
          <dd>
            {plazo.due
              ? t(plazo.state === 'EXPIRED' ? 'plazos.dueWas' : 'plazos.dueOn', { ...longDate(plazo.due.endsAt, timeZone, language), zone })
              : t('plazos.noDueWhileSuspended')}
          </dd>
        </div>
        <div className="facts-wide">
          <dt>{t('plazos.legalBasis')}</dt>
          <dd>{plazo.legalBasis}</dd>
        </div>
        <div>
          <dt>{t('plazos.startedAt')}</dt>
          <dd>{at(plazo.startedAt)}</dd>
        </div>
        {plazo.kind === 'MAXIMO' ? (
          <div>
            <dt>{t('plazos.expiryEffect')}</dt>
            <dd>{t(`plazos.effects.${plazo.expiryEffect}`)}</dd>
          </div>
        ) : null}
        {plazo.communicatedDue ? (
          <div>
            <dt>{t('plazos.communicatedDue')}</dt>
            <dd>{longDay(plazo.communicatedDue, language)}</dd>
          </div>
        ) : null}
      </dl>

      {plazo.due?.status === 'PROVISIONAL' ? (
        <div className="alert alert-warning">
          <p>
            <strong>{t('plazos.provisional.title')}</strong>{' '}
            {t('plazos.provisional.text', {
              calendars: provisional
                .map((c) => t('plazos.calendarUse', { year: c.year, territory: c.territory, status: t(`plazos.calendarStatus.${c.status}`) }))
                .join(', '),
            })}
          </p>
          <p>{t('plazos.provisional.failClosed')}</p>
        </div>
      ) : null}

      {plazo.outcome ? (
        <div className="alert alert-info">
          <p>
            <strong>{t(`plazos.outcomes.${plazo.outcome.kind}`)}</strong> ({plazo.outcome.article}). {plazo.outcome.text}
          </p>
          <p>{t('plazos.outcomeSince', { from: at(plazo.outcome.effectiveFrom), declared: at(plazo.outcome.declaredAt) })}</p>
        </div>
      ) : null}

      {plazo.due ? (
        <details className="disclosure">
          <summary>{t('plazos.explanation.title')}</summary>
          <ul>
            {plazo.due.explanation.lines.map((line, index) => (
              <li key={index}>{line}</li>
            ))}
          </ul>
          {plazo.due.explanation.articles.length > 0 ? (
            <p>{t('plazos.explanation.articles', { articles: plazo.due.explanation.articles.join('; ') })}</p>
          ) : null}
          {plazo.due.explanation.calendars.length > 0 ? (
            <p>
              {t('plazos.explanation.calendars', {
                calendars: plazo.due.explanation.calendars
                  .map((c) =>
                    t('plazos.calendarVersion', {
                      year: c.year,
                      territory: c.territory,
                      version: c.version ?? '—',
                      status: t(`plazos.calendarStatus.${c.status}`),
                    }),
                  )
                  .join(', '),
              })}
            </p>
          ) : null}
        </details>
      ) : null}

      <h4>{t('plazos.suspensions.title')}</h4>
      {plazo.suspensions.length === 0 ? (
        <p className="muted">{t('plazos.suspensions.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('plazos.suspensions.caption', named)}</caption>
            <thead>
              <tr>
                <th scope="col">{t('plazos.suspensions.cause')}</th>
                <th scope="col">{t('plazos.suspensions.from')}</th>
                <th scope="col">{t('plazos.suspensions.to')}</th>
                <th scope="col">{t('plazos.suspensions.note')}</th>
                {plazo.canManage ? <th scope="col">{t('plazos.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {plazo.suspensions.map((s) => (
                <tr key={s.id}>
                  <th scope="row" className="row-name">
                    {s.causeLabel} <span className="muted">({t('plazos.article', { article: s.cause })})</span>
                  </th>
                  <td className="nowrap">{at(s.startedAt)}</td>
                  <td className="nowrap">{s.endedAt ? at(s.endedAt) : <span className="badge badge-warning">{t('plazos.suspensions.ongoing')}</span>}</td>
                  <td>{s.note}</td>
                  {plazo.canManage ? (
                    <td>
                      {s.endedAt === null ? (
                        <button
                          type="button"
                          className="button button-small"
                          aria-expanded={open?.kind === 'resume' && open.suspension.id === s.id}
                          aria-label={t('plazos.resume.openNamed', { cause: s.causeLabel })}
                          onClick={() => setOpen({ kind: 'resume', suspension: s })}
                        >
                          {t('plazos.resume.open')}
                        </button>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h4>{t('plazos.extensions.title')}</h4>
      {plazo.extensions.length === 0 ? (
        <p className="muted">{t('plazos.extensions.none')}</p>
      ) : (
        <ul className="plazo-list">
          {plazo.extensions.map((e) => (
            <li key={e.id}>
              {t('plazos.extensions.item', {
                amount: t(`plazos.amounts.${e.duration.unit}`, { count: e.duration.value }),
                article: t(`plazos.articles.${codeKey(e.article)}`),
                decided: at(e.decidedAt),
              })}
              {e.requestedAt ? ` ${t('plazos.extensions.requested', { at: at(e.requestedAt) })}` : ` ${t('plazos.extensions.deOficio')}`} {e.reason}
            </li>
          ))}
        </ul>
      )}

      <details className="disclosure">
        <summary>{t('plazos.history.title', { count: plazo.history.length })}</summary>
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('plazos.history.caption', named)}</caption>
            <thead>
              <tr>
                <th scope="col">{t('plazos.history.at')}</th>
                <th scope="col">{t('plazos.history.event')}</th>
                <th scope="col">{t('plazos.history.due')}</th>
                <th scope="col">{t('plazos.history.note')}</th>
              </tr>
            </thead>
            <tbody>
              {plazo.history.map((h, index) => (
                <tr key={index}>
                  <td className="nowrap">{at(h.at)}</td>
                  <td>
                    {t(`plazos.events.${h.event}`)}
                    {h.actor ? <span className="muted"> · {h.actor.displayName}</span> : null}
                  </td>
                  <td>
                    {dueText(h.due)}
                    {h.status === 'PROVISIONAL' ? <span className="muted"> ({t('plazos.provisionalShort')})</span> : null}
                    {h.previousDue ? <span className="muted"> · {t('plazos.history.before', { due: dueText(h.previousDue) })}</span> : null}
                    {h.communicatedDateMoved ? (
                      <>
                        {' '}
                        <span className="badge badge-warning">{t('plazos.history.moved')}</span>
                      </>
                    ) : null}
                  </td>
                  <td>{h.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>

      {canStart || canSuspend || canExtend ? (
        <div className="actions">
          {canStart ? (
            <button
              type="button"
              className="button"
              aria-expanded={open?.kind === 'start'}
              aria-label={t('plazos.start.openNamed', named)}
              onClick={() => setOpen({ kind: 'start' })}
            >
              {t('plazos.start.open')}
            </button>
          ) : null}
          {canSuspend ? (
            <button
              type="button"
              className="button"
              aria-expanded={open?.kind === 'suspend'}
              aria-label={t('plazos.suspend.openNamed', named)}
              onClick={() => setOpen({ kind: 'suspend' })}
            >
              {t('plazos.suspend.open')}
            </button>
          ) : null}
          {canExtend ? (
            <button
              type="button"
              className="button"
              aria-expanded={open?.kind === 'extend'}
              aria-label={t('plazos.extend.openNamed', named)}
              onClick={() => setOpen({ kind: 'extend' })}
            >
              {t('plazos.extend.open')}
            </button>
          ) : null}
        </div>
      ) : null}
      {open?.kind === 'start' ? (
        <StartForm code={code} plazo={plazo} timeZone={timeZone} onDone={() => done('plazos.start.done')} onCancel={() => setOpen(null)} />
      ) : null}
      {open?.kind === 'suspend' ? (
        <SuspendForm code={code} plazo={plazo} timeZone={timeZone} onDone={() => done('plazos.suspend.done')} onCancel={() => setOpen(null)} />
      ) : null}
      {open?.kind === 'resume' && openSuspensions(plazo).some((s) => s.id === open.suspension.id) ? (
        <ResumeForm
          key={open.suspension.id}
          code={code}
          plazo={plazo}
          suspension={open.suspension}
          timeZone={timeZone}
          onDone={() => done('plazos.resume.done')}
          onCancel={() => setOpen(null)}
        />
      ) : null}
      {open?.kind === 'extend' ? (
        <ExtendForm code={code} plazo={plazo} timeZone={timeZone} onDone={() => done('plazos.extend.done')} onCancel={() => setOpen(null)} />
      ) : null}
    </article>
  );
}
