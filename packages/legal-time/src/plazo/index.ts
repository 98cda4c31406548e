/**
 * The rules of an expediente's plazos (arts. 21–25, 32, 33, 43.2, 68.2, 82.2, 95 of Ley 39/2015):
 * the maximum plazo with its suspensions and extensions, extension limits, the expiry outcome,
 * notification rejection, urgency and the traffic light.
 */
export * from './types.ts';
export { suspensionUnion, type ResolvedSuspension, type SuspensionInterval, type SuspensionUnion } from './suspension-intervals.ts';
export { maximumPlazo, type MaximumPlazo, type MaximumPlazoInput } from './maximum-plazo.ts';
export { automaticExtension, checkExtension, maxExtension, SUBSANACION_MAX_EXTENSION } from './extension-limits.ts';
export { audienciaBounds, checkAudiencia, urgentPlazo, type AudienciaBounds, type UrgencyPlazoKind, type UrgentPlazo } from './urgency.ts';
export { extendedTramiteDue, type ExtendedTramite } from './extension.ts';
export {
  caducidadWarningDue,
  expiryOutcome,
  silenceCertificateDue,
  type CaducidadWarning,
  type ExpiryInput,
  type ExpiryKind,
  type ExpiryResult,
} from './expiry.ts';
export { notificationRejection, type NotificationRejection } from './rejection.ts';
export { habilesLeft, NEAR_HABILES, timeLeft, trafficLight, type TrafficLight } from './traffic-light.ts';
