// The one registry of Tramita's service names: everything that lists services (the launcher, the
// stack, the gateway's upstreams, the deployment, the lint boundaries) reads it from here.
// Plain data with no imports, so eslint.config.js can read it too.

/** Every service, in the order the all-in-one launcher starts them. */
export const SERVICE_NAMES = ['gateway', 'auth', 'files', 'bpm', 'docs', 'index'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Services with a database of their own and the messaging tables (every one but the gateway, which keeps no data). */
export const SERVICES_WITH_DATABASE = ['auth', 'files', 'bpm', 'docs', 'index'] as const satisfies readonly ServiceName[];
export type ServiceWithDatabase = (typeof SERVICES_WITH_DATABASE)[number];

/** Services that may run as several replicas behind one address (auth and the gateway run one each in the stack). */
export const REPLICABLE_SERVICES = ['files', 'bpm', 'docs', 'index'] as const satisfies readonly ServiceName[];
