// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { type FormEvent, useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setupI18n } from '../../i18n/i18n.ts';
import { FormActions } from './FormActions.tsx';
import { FormField } from './FormField.tsx';
import { useFormSubmit } from './use-form-submit.ts';

setupI18n('es');
afterEach(cleanup);

/** A request the test answers when it chooses. */
function pending() {
  let settle: { resolve: (value: string) => void; reject: (error: unknown) => void } = { resolve: () => undefined, reject: () => undefined };
  const promise = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  return { promise, ...settle };
}

function NameForm({ request, onSent, onCancel }: { request: () => Promise<string>; onSent: (answer: string) => void; onCancel?: () => void }) {
  const { form, errors, check, sending, failure, send } = useFormSubmit<'name'>({ focusOnOpen: 'select' });
  const [name, setName] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!check(name.trim() ? {} : { name: 'Escriba un nombre.' })) return;
    await send(request, onSent);
  };
  return (
    <form ref={form} onSubmit={(e) => void submit(e)} noValidate>
      <select aria-label="Tipo">
        <option>a</option>
      </select>
      <FormField id="name" label="Nombre" required error={errors.name}>
        {(control) => <input {...control} value={name} onChange={(e) => setName(e.target.value)} />}
      </FormField>
      {failure instanceof Error ? <p role="alert">{failure.message}</p> : null}
      <FormActions sending={sending} submitLabel="Guardar nombre" {...(onCancel ? { onCancel } : {})} />
    </form>
  );
}

describe('a form on the shared submit hook and actions', () => {
  it('puts the focus in the first control of the kind asked for when it opens', () => {
    render(<NameForm request={() => Promise.resolve('ok')} onSent={() => undefined} />);
    expect(document.activeElement).toBe(screen.getByRole('combobox', { name: 'Tipo' }));
  });

  it('refuses to send with an error tied to its field, which takes the focus', () => {
    const request = vi.fn(() => Promise.resolve('ok'));
    render(<NameForm request={request} onSent={() => undefined} />);
    fireEvent.click(screen.getByRole('button', { name: 'Guardar nombre' }));
    const input = screen.getByRole('textbox', { name: /Nombre/ });
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe('name-error');
    expect(document.getElementById('name-error')?.textContent).toBe('Escriba un nombre.');
    expect(document.activeElement).toBe(input);
    expect(request).not.toHaveBeenCalled();
  });

  it('is busy while the request travels, says so politely, then hands the answer over', async () => {
    const answer = pending();
    const onSent = vi.fn();
    render(<NameForm request={() => answer.promise} onSent={onSent} />);
    fireEvent.change(screen.getByRole('textbox', { name: /Nombre/ }), { target: { value: 'Ana' } });
    fireEvent.click(screen.getByRole('button', { name: 'Guardar nombre' }));
    expect(screen.getByRole('status').textContent).toBe('Guardando…');
    expect(screen.getByRole('button', { name: 'Guardar nombre' })).toHaveProperty('disabled', true);
    await act(async () => answer.resolve('guardado'));
    expect(onSent).toHaveBeenCalledWith('guardado');
    expect(screen.getByRole('status').textContent).toBe('');
    expect(screen.getByRole('button', { name: 'Guardar nombre' })).toHaveProperty('disabled', false);
  });

  it('keeps the refusal for the form to show and lets it be sent again', async () => {
    const answer = pending();
    const onSent = vi.fn();
    render(<NameForm request={() => answer.promise} onSent={onSent} />);
    fireEvent.change(screen.getByRole('textbox', { name: /Nombre/ }), { target: { value: 'Ana' } });
    fireEvent.click(screen.getByRole('button', { name: 'Guardar nombre' }));
    await act(async () => answer.reject(new Error('nombre ocupado')));
    expect(screen.getByRole('alert').textContent).toBe('nombre ocupado');
    expect(onSent).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Guardar nombre' })).toHaveProperty('disabled', false);
  });

  it('offers "Cancelar" only to a form that can be closed', () => {
    const onCancel = vi.fn();
    const { unmount } = render(<NameForm request={() => Promise.resolve('ok')} onSent={() => undefined} onCancel={onCancel} />);
    fireEvent.click(screen.getByRole('button', { name: 'Cancelar' }));
    expect(onCancel).toHaveBeenCalledOnce();
    unmount();
    render(<NameForm request={() => Promise.resolve('ok')} onSent={() => undefined} />);
    expect(screen.queryByRole('button', { name: 'Cancelar' })).toBeNull();
  });
});
