import type { CodeName } from './catalogues.ts';

/** One `<option>` per catalogue entry: the code is the value sent, the name is what the user reads. */
export function CodeNameOptions({ items }: { items: CodeName[] }) {
  return (
    <>
      {items.map((item) => (
        <option key={item.code} value={item.code}>
          {item.name}
        </option>
      ))}
    </>
  );
}
