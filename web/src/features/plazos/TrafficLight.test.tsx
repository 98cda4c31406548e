// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { setupI18n } from '../../i18n/i18n.ts';
import { LIGHTS } from './traffic-light.ts';
import { TrafficLight } from './TrafficLight.tsx';

setupI18n('es');
afterEach(cleanup);

describe('the traffic light', () => {
  it('says each light in words beside its icon, the icon hidden from screen readers, so colour is never alone', () => {
    const { container } = render(
      <>
        {LIGHTS.map((light) => (
          <TrafficLight key={light} light={light} />
        ))}
      </>,
    );
    const lights = [...container.querySelectorAll<HTMLElement>('.traffic')];
    expect(lights.map((l) => l.textContent?.replace(/^[^A-ZÁÉÍÓÚ]+/, ''))).toEqual(['En plazo', 'Próximo a vencer', 'Vencido', 'Suspendido', 'Cerrado']);
    expect(lights.map((l) => l.className)).toEqual([
      'traffic traffic-in-time',
      'traffic traffic-near',
      'traffic traffic-overdue',
      'traffic traffic-suspended',
      'traffic traffic-closed',
    ]);
    expect(lights.every((l) => l.querySelector('.traffic-icon')?.getAttribute('aria-hidden') === 'true')).toBe(true);
    expect(new Set(lights.map((l) => l.querySelector('.traffic-icon')?.textContent)).size).toBe(5);
  });
});
