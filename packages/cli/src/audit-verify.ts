import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { verifyAuditExport } from '@tramita/platform';

/**
 * `tramita audit verify <file>`: an auditor's offline check of an audit export (the hash-chained
 * log of who did what, Ley 40/2015 art. 41). Needs no database, no network and no credentials.
 */

export const AUDIT_HELP = `Usage: tramita audit verify <file>

Verifies an audit export (JSON Lines, one entry per line, then its checkpoints)
offline: recomputes every entry's hash, checks that each entry names the previous
one's hash, that none is missing, repeated or out of order, and that every
checkpoint in the file matches the entry it names. An export that starts after
entry 1 is verified from its first entry on.

Exit status: 0 verified; 1 altered, truncated or malformed (the first problem is
printed with its line and entry); 2 wrong usage or a file that cannot be read.`;

type Output = { log(text: string): void; error(text: string): void };

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory',
  EPERM: 'permission denied',
};

/** Runs `tramita audit …` (argv without "audit"); returns the exit status. */
export async function runAudit(argv: string[], out: Output = console): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    out.error(`tramita audit: ${(error as Error).message}\n\n${AUDIT_HELP}`);
    return 2;
  }
  if (parsed.values.help) {
    out.log(AUDIT_HELP);
    return 0;
  }
  const [command, file, ...extra] = parsed.positionals;
  if (command !== 'verify' || file === undefined || extra.length > 0) {
    const what =
      command !== 'verify'
        ? command === undefined
          ? 'no command given'
          : `unknown command "${command}"`
        : file === undefined
          ? 'no file given'
          : 'one file at a time';
    out.error(`tramita audit: ${what}.\n\n${AUDIT_HELP}`);
    return 2;
  }

  let text: string;
  try {
    // Strict UTF-8: a byte that is not would otherwise be replaced silently and read as tampering.
    text = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = error instanceof TypeError ? 'it is not UTF-8 text' : ((code && REASONS[code]) ?? (error as Error).message);
    out.error(`tramita audit verify: cannot read "${file}": ${reason}.`);
    return 2;
  }

  const result = verifyAuditExport(text);
  if (!result.ok) {
    out.error(`audit log NOT verified: line ${result.line}${result.seq === null ? '' : `, entry ${result.seq}`}: ${result.problem}`);
    return 1;
  }
  const range =
    result.firstSeq !== null && result.firstSeq > 1 ? ` (entries ${result.firstSeq} to ${result.firstSeq + result.entries - 1} of a longer chain)` : '';
  const checkpoints = result.checkpoints > 0 ? `; ${result.checkpoints} checkpoint(s) match` : '';
  const redacted = result.redacted > 0 ? `; ${result.redacted} redacted (another organism's: their place in the chain verified, their contents not shown)` : '';
  out.log(`audit log verified: ${result.entries} entries, head ${result.head}${range}${checkpoints}${redacted}`);
  return 0;
}
