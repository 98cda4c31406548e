import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { E2E_PASSWORD } from '../support/tramita-in-process.ts';
import { useBrowserSystem } from './support/browser-system.ts';
import { urlMatches } from '../support/url.ts';

interface Focused {
  tag: string;
  name: string;
  /** Focusing draws an outline or shadow the element does not have otherwise. */
  indicated: boolean;
}

/** What has the keyboard focus: its accessible-ish name and whether focus is visible. */
async function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { tag: 'body', name: '', indicated: false };
    const labelled = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
    const name = (el.getAttribute('aria-label') ?? labelled ?? el.textContent ?? '').replace(/\s+/g, ' ').trim();
    // Focus is visible when focusing changes the outline or the shadow drawn around the element.
    const look = () => {
      const style = getComputedStyle(el);
      return `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor} | ${style.boxShadow}`;
    };
    const whileFocused = look();
    el.blur();
    const whileBlurred = look();
    el.focus();
    return { tag: el.tagName.toLowerCase(), name, indicated: whileFocused !== whileBlurred };
  });
}

/** Presses Tab until the focused element's name starts with `name`; fails after `max` presses. */
async function tabTo(page: Page, name: string, max = 60): Promise<Focused> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (now.name.startsWith(name)) return now;
  }
  throw new Error(`"${name}" never received the keyboard focus`);
}

/** Opens the focused file picker the way a keyboard user would: Space, or else Enter. */
async function openFilePickerWithKeyboard(page: Page) {
  for (const key of ['Space', 'Enter']) {
    const opened = page.waitForEvent('filechooser', { timeout: 5_000 }).catch(() => null);
    await page.keyboard.press(key);
    const chooser = await opened;
    if (chooser) return chooser;
  }
  throw new Error('The file picker did not open from the keyboard (Space or Enter)');
}

const pdf = Buffer.from('%PDF-1.4\n% teclado\ntrailer << >>\n%%EOF\n');

describe('the web UI with the keyboard only', () => {
  const ui = useBrowserSystem();

  it('logs in, creates an expediente and changes its phase without a mouse, always showing where the focus is', async () => {
    const { tramita } = ui;
    const page = await ui.open();
    const code = `EXP-KB-${Date.now()}`;
    await page.goto(tramita.url);
    await urlMatches(page, /\/auth\/interaction\//);

    // Login form: type into the fields reached with Tab, submit with Enter.
    expect((await tabTo(page, 'Usuario')).indicated).toBe(true);
    await page.keyboard.type('user');
    expect((await tabTo(page, 'Contraseña')).indicated).toBe(true);
    await page.keyboard.type(E2E_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Expedientes' }).waitFor();

    // To the create form through the header navigation.
    const link = await tabTo(page, 'Nuevo expediente');
    expect(link.indicated).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Nuevo expediente' }).waitFor();

    expect((await tabTo(page, 'Código')).indicated).toBe(true);
    await page.keyboard.type(code);
    await page.getByText('El código está disponible.').waitFor();
    const option = await tabTo(page, 'Opción inicial');
    expect(option.tag).toBe('select');
    await page.keyboard.press('ArrowDown');
    expect((await tabTo(page, 'Descripción')).indicated).toBe(true);
    await page.keyboard.type('Creado solo con el teclado');

    // The file picker opens from its button with the keyboard.
    const picker = await tabTo(page, 'Seleccionar archivos');
    expect(picker.indicated).toBe(true);
    const chooser = await openFilePickerWithKeyboard(page);
    await chooser.setFiles([{ name: 'teclado.pdf', mimeType: 'application/pdf', buffer: pdf }]);
    await page.locator('.upload-done').first().waitFor();

    expect((await tabTo(page, 'Crear expediente')).indicated).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: `Expediente ${code}` }).waitFor({ timeout: 60_000 });

    // Change the phase: the select offers only what this user may do; the button submits.
    const phase = await tabTo(page, 'Nueva fase');
    expect(phase.tag).toBe('select');
    await page.keyboard.press('ArrowDown');
    expect(await page.getByLabel('Nueva fase').inputValue()).not.toBe('');
    expect((await tabTo(page, 'Cambiar de fase')).indicated).toBe(true);
    await page.keyboard.press('Enter');
    await page.locator('.facts dd').getByText('Fase de análisis técnico', { exact: true }).first().waitFor();
  }, 240_000);
});
