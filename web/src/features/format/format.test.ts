import { describe, expect, it } from 'vitest';
import { formatDateTime, formatSize } from './format.ts';

describe('formatting for people', () => {
  it('shows instants as dd/mm/yyyy HH:mm in Madrid time, summer and winter', () => {
    expect(formatDateTime('2026-07-01T08:30:00Z')).toBe('01/07/2026 10:30');
    expect(formatDateTime('2026-01-15T23:59:00Z')).toBe('16/01/2026 00:59');
    expect(formatDateTime(null)).toBe('');
    expect(formatDateTime('mañana')).toBe('');
  });

  it('shows sizes in readable units', () => {
    expect(formatSize(532)).toBe('532 B');
    expect(formatSize(12_700)).toBe('12,4 KB');
    expect(formatSize(3 * 1024 * 1024)).toBe('3 MB');
    expect(formatSize(null)).toBe('');
  });
});
