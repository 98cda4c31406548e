/**
 * CSVs need the act that regulates them (ADR 0017). Started on one machine with none configured,
 * the system names a placeholder that no one could take for a real act, and the verification page
 * of this very process, so documents can be tried end to end; a real installation sets both.
 */
export function developmentCsv(publicUrl: string, env: Record<string, string | undefined>): Record<string, string | undefined> {
  if (env.DOCS_CSV_REGULATION) return { ...env };
  return {
    ...env,
    DOCS_CSV_REGULATION: 'SIN VALIDEZ: instalación de desarrollo de Tramita',
    DOCS_VERIFICATION_URL: env.DOCS_VERIFICATION_URL ?? `${publicUrl.replace(/\/$/, '')}/verificar`,
  };
}
