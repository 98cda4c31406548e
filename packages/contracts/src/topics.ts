/** Topic names (DESIGN.md §4): `<owner>.events`, `<owner>.commands`, `<saga-owner>.<saga>.replies`. */
export const topics = {
  authEvents: 'auth.events',
  filesEvents: 'files.events',
  bpmEvents: 'bpm.events',
  bpmCommands: 'bpm.commands',
  docsCommands: 'docs.commands',
  createFileReplies: 'files.create-file.replies',
} as const;

export type Topic = (typeof topics)[keyof typeof topics];
