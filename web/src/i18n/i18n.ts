import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.ts';
import { es } from './es.ts';

export const LANGUAGES = ['es', 'en'] as const;
const KEY = 'tramita.lang';

/** Spanish first; English when the user chose it (remembered in this browser). */
export function setupI18n(language?: string) {
  let lng = language;
  if (!lng) {
    try {
      lng = localStorage.getItem(KEY) ?? 'es';
    } catch {
      lng = 'es';
    }
  }
  void i18next.use(initReactI18next).init({
    resources: { es: { translation: es }, en: { translation: en } },
    lng: (LANGUAGES as readonly string[]).includes(lng) ? lng : 'es',
    fallbackLng: 'es',
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  if (typeof document !== 'undefined') document.documentElement.lang = i18next.language;
  return i18next;
}

export function changeLanguage(lng: string) {
  void i18next.changeLanguage(lng);
  document.documentElement.lang = lng;
  try {
    localStorage.setItem(KEY, lng);
  } catch {
    // private mode: the choice lasts this page only
  }
}
