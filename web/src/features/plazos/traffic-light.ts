import type { FileListItem, TrafficLight } from '@tramita/contracts';

export type Light = TrafficLight;
export type ListPlazo = NonNullable<FileListItem['plazo']>;

/** The order a person reads the lights in, and the icon each carries so colour is never the only sign. */
export const LIGHTS: readonly Light[] = ['IN_TIME', 'NEAR', 'OVERDUE', 'SUSPENDED', 'CLOSED'];
export const LIGHT_ICONS: Readonly<Record<Light, string>> = { IN_TIME: '●', NEAR: '▲', OVERDUE: '✖', SUSPENDED: '❚❚', CLOSED: '■' };

/**
 * The light of a list row at `now` (ADR 0016, point 4): the read model keeps the plazo's state,
 * its due instant and the instant from which it is near its end (the last quarter of the plazo or
 * three días hábiles), so the light follows from the clock without asking bpm again.
 * A suspended plazo has no due instant (art. 22) and a closed or expired one is settled.
 */
export function listTrafficLight(plazo: Pick<ListPlazo, 'state' | 'dueAt' | 'nearFrom'>, now: Date): Light {
  if (plazo.state === 'SUSPENDED') return 'SUSPENDED';
  if (plazo.state === 'CLOSED') return 'CLOSED';
  if (plazo.state === 'EXPIRED') return 'OVERDUE';
  const at = now.getTime();
  if (plazo.dueAt !== null && Date.parse(plazo.dueAt) < at) return 'OVERDUE';
  if (plazo.nearFrom !== null && Date.parse(plazo.nearFrom) <= at) return 'NEAR';
  return 'IN_TIME';
}
