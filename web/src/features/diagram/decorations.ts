import type { ProcessDiagramResource } from '@tramita/contracts';

/** What bpm says of an expediente's process for its diagram, as its contract defines it. */
export type DiagramState = ProcessDiagramResource;

/** CSS classes put on an element's drawing (styles.css gives each its look). */
export type Marker = 'phase-done' | 'phase-active' | 'flow-taken' | 'phase-incident';

/** A text label on an element, so that what the colours say is also said in words. */
export type Badge = { id: string; kind: 'active' } | { id: string; kind: 'runs'; count: number } | { id: string; kind: 'incident'; message: string };

export interface Decorations {
  markers: { id: string; marker: Marker }[];
  badges: Badge[];
}

/**
 * The markers and badges of a process's state: completed elements shaded with how often they ran,
 * open ones outlined and labelled "en curso", taken flows drawn darker, incidents flagged with
 * their reason. An element that ran and is open again (a loop) carries both.
 */
export function decorationsOf(state: DiagramState): Decorations {
  const markers: Decorations['markers'] = [];
  const badges: Badge[] = [];
  for (const [id, count] of Object.entries(state.runs)) {
    if (count <= 0) continue;
    markers.push({ id, marker: 'phase-done' });
    badges.push({ id, kind: 'runs', count });
  }
  for (const [id, count] of Object.entries(state.flowsTaken)) if (count > 0) markers.push({ id, marker: 'flow-taken' });
  for (const id of new Set(state.active)) {
    markers.push({ id, marker: 'phase-active' });
    badges.push({ id, kind: 'active' });
  }
  for (const incident of state.incidents) {
    markers.push({ id: incident.nodeId, marker: 'phase-incident' });
    badges.push({ id: incident.nodeId, kind: 'incident', message: incident.message });
  }
  return { markers, badges };
}

/** The state in sentences' parts for the text beside the diagram: names of open, completed and stuck elements. */
export interface StateSummary {
  active: string[];
  done: { name: string; count: number }[];
  incidents: { name: string; message: string }[];
}

export function summaryOf(state: DiagramState, nameOf: (id: string) => string | null, isActivity: (id: string) => boolean): StateSummary {
  const name = (id: string) => nameOf(id) ?? id;
  return {
    active: [...new Set(state.active)].map(name),
    done: Object.entries(state.runs)
      .filter(([id, count]) => count > 0 && isActivity(id))
      .map(([id, count]) => ({ name: name(id), count })),
    incidents: state.incidents.map((incident) => ({ name: name(incident.nodeId), message: incident.message })),
  };
}
