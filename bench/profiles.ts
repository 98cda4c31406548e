/** How much each profile measures. `quick` fits in about five minutes on a 2-core machine. */
export interface Profile {
  name: 'quick' | 'full';
  /** Expedientes written straight into the index read model. */
  indexRows: number;
  /** Expedientes created through the real API before the rounds (documents, saga, phase history). */
  apiExpedientes: number;
  rounds: number;
  warmupMs: number;
  connections: number;
  baselineMs: number;
  helloLatencyRequests: number;
  sha256FileBytes: number;
  createClosedMs: number;
  createOpenMs: number;
  /** Arrival rate of the open model as a fraction of the closed-loop throughput of round 1. */
  openLoadFraction: number;
  transitionsMs: number;
  lagSamples: number;
  searchPerKind: number;
  documentRoundTrips: number;
  concurrentUploads: number;
  /** Closed loop of expedientes on the BPMN procedure whose process reached its first tasks. */
  processInstancesMs: number;
  /** Task completions per round on those processes (a fixed number, shared among the connections). */
  taskCompletions: number;
  /** In-memory engine run of the same procedure, instances start to end (no HTTP, no database). */
  engineMs: number;
}

const MIB = 1024 * 1024;

export const PROFILES: Record<Profile['name'], Profile> = {
  quick: {
    name: 'quick',
    indexRows: 100_000,
    apiExpedientes: 12,
    rounds: 3,
    warmupMs: 3000,
    connections: 4,
    baselineMs: 1500,
    helloLatencyRequests: 200,
    sha256FileBytes: 64 * MIB,
    createClosedMs: 6000,
    createOpenMs: 8000,
    openLoadFraction: 0.5,
    transitionsMs: 4000,
    lagSamples: 15,
    searchPerKind: 15,
    documentRoundTrips: 2,
    concurrentUploads: 4,
    processInstancesMs: 4000,
    taskCompletions: 80,
    engineMs: 1000,
  },
  full: {
    name: 'full',
    indexRows: 1_000_000,
    apiExpedientes: 200,
    rounds: 5,
    warmupMs: 10_000,
    connections: 8,
    baselineMs: 5000,
    helloLatencyRequests: 1000,
    sha256FileBytes: 256 * MIB,
    createClosedMs: 30_000,
    createOpenMs: 30_000,
    openLoadFraction: 0.5,
    transitionsMs: 20_000,
    lagSamples: 100,
    searchPerKind: 100,
    documentRoundTrips: 5,
    concurrentUploads: 8,
    processInstancesMs: 20_000,
    taskCompletions: 400,
    engineMs: 5000,
  },
};
