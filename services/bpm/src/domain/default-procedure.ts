import type { ProcedureData } from './procedure.ts';

/**
 * The procedure of the system Tramita replaces, shipped as the default definition and
 * seeded by migration 0001. Who may act is now part of the definition.
 */
export const DEFAULT_PROCEDURE: ProcedureData = {
  code: 'EXPEDIENTE',
  version: 1,
  name: 'Tramitación de expediente',
  phases: [
    { code: 'INICIAL', name: 'Fase inicial', ordering: 1, initial: true, terminal: false },
    { code: 'ANALISIS_TECNICO', name: 'Fase de análisis técnico', ordering: 2, initial: false, terminal: false },
    { code: 'VALIDADO', name: 'Fase de validación', ordering: 3, initial: false, terminal: false },
    { code: 'RECHAZADO', name: 'Fase rechazado', ordering: 4, initial: false, terminal: false },
    { code: 'FINALIZADO', name: 'Finalizado', ordering: 5, initial: false, terminal: true },
  ],
  transitions: [
    { from: 'INICIAL', to: 'ANALISIS_TECNICO', role: 'tramitador' },
    { from: 'ANALISIS_TECNICO', to: 'VALIDADO', role: 'tecnico' },
    { from: 'ANALISIS_TECNICO', to: 'RECHAZADO', role: 'tecnico' },
    { from: 'VALIDADO', to: 'FINALIZADO', role: 'validador' },
    { from: 'RECHAZADO', to: 'INICIAL', role: 'tramitador' },
    { from: 'RECHAZADO', to: 'FINALIZADO', role: 'validador' },
  ],
};
