import { REPLICABLE_SERVICES, type ServiceName } from '@tramita/platform';

/** Services that may run as several processes sharing one database and one consumer group per subscription. */
export { REPLICABLE_SERVICES };
export type ReplicableService = (typeof REPLICABLE_SERVICES)[number];
const MAX_REPLICAS = 9;

/** One process of the stack: a service (its first replica) or `<service>#<n>` for its replica n ≥ 2. */
export type StackProcess = ServiceName | `${ReplicableService}#${number}`;

/** The extra replica processes (`files#2`, …) with their ports: given ones, else the ports after `basePort + 5`. */
export function replicaProcesses(
  basePort: number,
  replicas: Partial<Record<ReplicableService, number>> = {},
  ports: Partial<Record<string, number>> = {},
): [StackProcess, number][] {
  const extra: [StackProcess, number][] = [];
  for (const service of REPLICABLE_SERVICES) {
    const count = replicas[service] ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > MAX_REPLICAS)
      throw new Error(`The ${service} replicas must be a whole number from 1 to ${MAX_REPLICAS}, not ${count}.`);
    for (let n = 2; n <= count; n++) {
      const name: StackProcess = `${service}#${n}`;
      extra.push([name, ports[name] ?? basePort + 5 + extra.length + 1]);
    }
  }
  const unknown = Object.keys(ports).filter((name) => !extra.some(([process]) => process === name));
  if (unknown.length > 0) throw new Error(`Ports given for replicas that the stack does not run: ${unknown.join(', ')}.`);
  return extra;
}

/** `files=2,bpm=2` (the `--replicas` flag) → { files: 2, bpm: 2 }; throws a readable message on bad input. */
export function parseReplicas(text: string): Partial<Record<ReplicableService, number>> {
  const replicas: Partial<Record<ReplicableService, number>> = {};
  for (const entry of text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const match = /^([a-z]+)=(\d{1,3})$/.exec(entry);
    const service = match?.[1] as ReplicableService | undefined;
    if (!match || !service || !(REPLICABLE_SERVICES as readonly string[]).includes(service)) {
      throw new Error(
        `--replicas takes <service>=<count> pairs separated by commas, for ${REPLICABLE_SERVICES.join(', ')} (e.g. files=2,bpm=2), not "${entry}".`,
      );
    }
    const count = Number(match[2]);
    if (count < 1 || count > MAX_REPLICAS) throw new Error(`--replicas: ${service} must run from 1 to ${MAX_REPLICAS} processes, not ${count}.`);
    replicas[service] = count;
  }
  return replicas;
}

/** The service a process runs: `files#2` → files. */
export const serviceOf = (process: StackProcess): ServiceName => process.split('#')[0] as ServiceName;
