import { FormField } from '../forms/FormField.tsx';
import { NOTE_MAX } from './plazos.ts';

interface Props {
  id: string;
  label: string;
  required?: boolean;
  hint?: string;
  error: string | undefined;
  value: string;
  onChange: (value: string) => void;
}

/** The free text a plazo form sends with its change (the note, the motivation): two lines, at most NOTE_MAX characters. */
export function NoteField({ id, label, required = false, hint, error, value, onChange }: Props) {
  return (
    <FormField id={id} label={label} required={required} hint={hint} error={error}>
      {(control) => <textarea {...control} rows={2} maxLength={NOTE_MAX} value={value} onChange={(e) => onChange(e.target.value)} />}
    </FormField>
  );
}
