import { useTranslation } from 'react-i18next';
import { LIGHT_ICONS, type Light } from './traffic-light.ts';

const CLASS: Readonly<Record<Light, string>> = {
  IN_TIME: 'traffic-in-time',
  NEAR: 'traffic-near',
  OVERDUE: 'traffic-overdue',
  SUSPENDED: 'traffic-suspended',
  CLOSED: 'traffic-closed',
};

/** A plazo's traffic light: its colour, an icon and its name in words (never colour alone, WCAG 1.4.1). */
export function TrafficLight({ light }: { light: Light }) {
  const { t } = useTranslation();
  return (
    <span className={`traffic ${CLASS[light]}`} data-light={light}>
      <span className="traffic-icon" aria-hidden="true">
        {LIGHT_ICONS[light]}
      </span>
      {t(`plazos.lights.${light}`)}
    </span>
  );
}
