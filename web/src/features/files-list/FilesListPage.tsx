import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { FileListItem, FileListPage } from '@tramita/contracts';
import { loadInitialOptions, loadPhases, type CodeName } from '../api/catalogues.ts';
import { CodeNameOptions } from '../api/CodeNameOptions.tsx';
import { useServices } from '../api/context.tsx';
import { ErrorMessage } from '../api/ErrorMessage.tsx';
import { useLoad } from '../api/use-load.ts';
import { formatDateTime } from '../format/format.ts';
import { listTrafficLight } from '../plazos/traffic-light.ts';
import { TrafficLight } from '../plazos/TrafficLight.tsx';
import {
  PAGE_SIZES,
  apiQuery,
  pageCount,
  pageRange,
  parseSort,
  rangeIsInvalid,
  searchFromState,
  stateFromSearch,
  toggleSort,
  withFilters,
  type ListState,
  type SortField,
} from './list-state.ts';

/** One row and one page of the list, as the index service's contract defines them. */
export type FileRow = FileListItem;
type FilePage = FileListPage;

const COLUMNS: { field: SortField; key: string }[] = [
  { field: 'code', key: 'files.code' },
  { field: 'initialOption', key: 'files.initialOption' },
  { field: 'createdAt', key: 'files.date' },
  { field: 'phase', key: 'files.phase' },
  { field: 'plazo', key: 'files.plazo' },
  { field: 'description', key: 'files.description' },
];

export function FilesListPage() {
  const { t } = useTranslation();
  const { api } = useServices();
  const [params, setParams] = useSearchParams();
  const state = stateFromSearch(params);
  const query = apiQuery(state);
  const [result, reload] = useLoad<FilePage>(query, (signal) => api.get<FilePage>(`/api/files?${query}`, signal));
  const [options] = useLoad<CodeName[]>('options', (signal) => loadInitialOptions(api, signal));
  const [phases] = useLoad<CodeName[]>('phases', (signal) => loadPhases(api, signal));

  const go = (next: ListState) => setParams(searchFromState(next));
  const sorted = parseSort(state.sort);
  const data = result.state === 'ready' ? result.data : undefined;
  const pages = data ? pageCount(data.total, state.size) : 1;
  const now = new Date();
  const range = data ? pageRange(state.page, state.size, data.total) : { first: 0, last: 0 };
  // A filtered list stops counting past 1 000 matches (ADR 0018): "more than", and there is always a next page.
  const atLeast = data?.totalRelation === 'gte';

  return (
    <>
      <div className="page-head">
        <h1 tabIndex={-1}>{t('list.title')}</h1>
        <Link className="button button-primary" to="/expedientes/nuevo">
          {t('list.create')}
        </Link>
      </div>

      <FilterForm
        state={state}
        options={options.state === 'ready' ? options.data : []}
        phases={phases.state === 'ready' ? phases.data : []}
        onApply={(filters) => go(withFilters(state, filters))}
        onClear={() => setParams(new URLSearchParams())}
      />

      <section aria-labelledby="results-heading" className="card">
        <h2 id="results-heading" className="visually-hidden">
          {t('list.results')}
        </h2>
        <p className="results-summary" role="status" aria-live="polite">
          {result.state === 'loading'
            ? t('common.loading')
            : data
              ? t(atLeast ? 'list.summaryAtLeast' : 'list.summary', { first: range.first, last: range.last, total: data.total })
              : ''}
        </p>
        {result.state === 'error' ? (
          <>
            <ErrorMessage error={result.error} />
            <button type="button" className="button" onClick={reload}>
              {t('common.retry')}
            </button>
          </>
        ) : null}
        {data && data.items.length === 0 ? <p className="empty">{t('list.empty')}</p> : null}
        {data && data.items.length > 0 ? (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">{t('list.caption')}</caption>
              <thead>
                <tr>
                  {COLUMNS.map((column) => {
                    const active = sorted?.field === column.field;
                    const ariaSort = active ? (sorted.descending ? 'descending' : 'ascending') : 'none';
                    return (
                      <th key={column.field} scope="col" aria-sort={ariaSort}>
                        <button type="button" className="sort" onClick={() => go(toggleSort(state, column.field))}>
                          {t(column.key)}
                          <span aria-hidden="true" className="sort-mark">
                            {active ? (sorted.descending ? '▼' : '▲') : '↕'}
                          </span>
                        </button>
                      </th>
                    );
                  })}
                  <th scope="col">{t('files.createdBy')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((row) => (
                  <tr key={row.code}>
                    <td>
                      <Link to={`/expedientes/${encodeURIComponent(row.code)}`}>{row.code}</Link>
                    </td>
                    <td>{row.initialOption.name}</td>
                    <td className="nowrap">{formatDateTime(row.createdAt)}</td>
                    <td>
                      {row.phase ? row.phase.name : t('files.phasePending')}
                      {row.finished ? <span className="badge">{t('files.finished')}</span> : null}
                    </td>
                    <td>
                      <PlazoCell plazo={row.plazo ?? null} now={now} />
                    </td>
                    <td>{row.description}</td>
                    <td>{row.createdBy.displayName}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {data && data.total > 0 ? (
          <nav className="pagination" aria-label={t('list.pagination')}>
            <button type="button" className="button" disabled={state.page <= 1} onClick={() => go({ ...state, page: state.page - 1 })}>
              {t('list.previous')}
            </button>
            <span>{t(atLeast ? 'list.pageOfAtLeast' : 'list.pageOf', { page: Math.min(state.page, pages), pages })}</span>
            <button type="button" className="button" disabled={state.page >= pages && !atLeast} onClick={() => go({ ...state, page: state.page + 1 })}>
              {t('list.next')}
            </button>
            <label className="inline-field">
              {t('list.pageSize')}
              <select value={state.size} onChange={(e) => go(withFilters(state, { size: Number(e.target.value) }))}>
                {PAGE_SIZES.map((size) => (
                  <option key={size} value={size}>
                    {size}
                  </option>
                ))}
              </select>
            </label>
          </nav>
        ) : null}
      </section>
    </>
  );
}

/** The maximum plazo of a row: its light (from the clock, the due instant and when it turns near) and its due date. */
function PlazoCell({ plazo, now }: { plazo: FileRow['plazo'] | null; now: Date }) {
  const { t } = useTranslation();
  if (!plazo) return <span className="muted">{t('files.noPlazo')}</span>;
  return (
    <>
      <TrafficLight light={listTrafficLight(plazo, now)} />
      <br />
      <span className="nowrap">{plazo.dueAt ? formatDateTime(plazo.dueAt) : t('files.suspended')}</span>
      {plazo.dueStatus === 'PROVISIONAL' ? <span className="muted"> ({t('files.provisional')})</span> : null}
    </>
  );
}

interface FilterFormProps {
  state: ListState;
  options: CodeName[];
  phases: CodeName[];
  onApply: (filters: Pick<ListState, 'q' | 'phase' | 'initialOption' | 'from' | 'to'>) => void;
  onClear: () => void;
}

/** Search and filters; applied on submit so that each search is one URL (and one history entry). */
export function FilterForm({ state, options, phases, onApply, onClear }: FilterFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState({ q: state.q, phase: state.phase, initialOption: state.initialOption, from: state.from, to: state.to });
  const [rangeError, setRangeError] = useState(false);
  // The URL is the truth: back/forward or a bookmark replaces what the form shows.
  useEffect(() => {
    setDraft({ q: state.q, phase: state.phase, initialOption: state.initialOption, from: state.from, to: state.to });
  }, [state.q, state.phase, state.initialOption, state.from, state.to]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (rangeIsInvalid(draft.from, draft.to)) {
      setRangeError(true);
      return;
    }
    setRangeError(false);
    onApply(draft);
  };
  const set = (field: keyof typeof draft) => (event: { target: { value: string } }) => setDraft({ ...draft, [field]: event.target.value });

  return (
    <div className="card filters">
      <form role="search" onSubmit={submit} aria-label={t('list.filters')} noValidate>
        <div className="field field-wide">
          <label htmlFor={`${id}-q`}>{t('list.search')}</label>
          <input id={`${id}-q`} type="search" value={draft.q} onChange={set('q')} aria-describedby={`${id}-q-hint`} maxLength={200} />
          <p id={`${id}-q-hint`} className="hint">
            {t('list.searchHint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-phase`}>{t('files.phase')}</label>
          <select id={`${id}-phase`} value={draft.phase} onChange={set('phase')}>
            <option value="">{t('list.any')}</option>
            <CodeNameOptions items={phases} />
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-option`}>{t('files.initialOption')}</label>
          <select id={`${id}-option`} value={draft.initialOption} onChange={set('initialOption')}>
            <option value="">{t('list.any')}</option>
            <CodeNameOptions items={options} />
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-from`}>{t('list.from')}</label>
          <input id={`${id}-from`} type="date" value={draft.from} onChange={set('from')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>{t('list.to')}</label>
          <input
            id={`${id}-to`}
            type="date"
            value={draft.to}
            onChange={set('to')}
            aria-invalid={rangeError || undefined}
            aria-describedby={rangeError ? `${id}-range` : undefined}
          />
          {rangeError ? (
            <p id={`${id}-range`} className="field-error">
              {t('list.rangeInvalid')}
            </p>
          ) : null}
        </div>
        <div className="actions">
          <button type="submit" className="button button-primary">
            {t('list.apply')}
          </button>
          <button type="button" className="button" onClick={onClear}>
            {t('list.clear')}
          </button>
        </div>
      </form>
    </div>
  );
}
