import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { asyncApiDocument } from './asyncapi.ts';

describe('the AsyncAPI document', () => {
  it('is committed up to date with the zod contracts (regenerate with npm run asyncapi)', async () => {
    const committed = JSON.parse(await readFile(new URL('../asyncapi.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(asyncApiDocument());
  });

  it('describes every topic and the saga replies', () => {
    const doc = asyncApiDocument() as { channels: Record<string, { messages: Record<string, unknown> }> };
    expect(Object.keys(doc.channels).sort()).toEqual([
      'auth.events',
      'bpm.commands',
      'bpm.events',
      'docs.commands',
      'files.create-file.replies',
      'files.events',
    ]);
    expect(Object.keys(doc.channels['files.create-file.replies']!.messages)).toContain('ProcessCreationFailed');
  });
});
