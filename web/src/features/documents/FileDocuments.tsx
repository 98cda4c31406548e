import { useState } from 'react';
import type { DocumentView } from '../file-detail/detail.ts';
import { DocumentsSection } from './DocumentsSection.tsx';
import { IndiceSection } from './IndiceSection.tsx';

interface Props {
  code: string;
  /** The caller is a tramitador (docs checks it again). */
  tramitador: boolean;
  finished: boolean;
  /** The documents the expediente's detail composed, shown while docs' own list is read or when it cannot be. */
  fallback: DocumentView[] | null;
}

/** The expediente's documents and its índice electrónico, which follows every change made to them. */
export function FileDocuments({ code, tramitador, finished, fallback }: Props) {
  const [revision, setRevision] = useState(0);
  return (
    <>
      <DocumentsSection code={code} canWrite={tramitador && !finished} finished={finished} fallback={fallback} onChanged={() => setRevision((r) => r + 1)} />
      <IndiceSection code={code} canRemit={tramitador} revision={revision} />
    </>
  );
}
