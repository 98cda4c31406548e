/** The parts of a V8 `.cpuprofile` (the Profiler domain's Profile) this summary reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface Share {
  name: string;
  ms: number;
  /** Of all sampled time, idle included. */
  fraction: number;
}

export interface CpuSummary {
  totalMs: number;
  /** Sampled time the process was not idle. */
  busyMs: number;
  /** Self time by where the code comes from: a dependency, a workspace package, a service, Node, WebAssembly, GC. */
  byOrigin: Share[];
  /**
   * Every sample charged to the innermost frame of the project's own code on its stack (a
   * workspace package or a service): the use case or adapter a dependency was working for.
   */
  byOwnCaller: Share[];
  /** The busiest functions by self time. */
  topFunctions: Share[];
}

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/** Where a frame's code comes from, by its script URL. */
export function originOf(frame: { functionName: string; url: string }): string {
  if (SPECIAL.has(frame.functionName) && frame.url === '') return frame.functionName;
  const url = frame.url;
  if (url.startsWith('wasm://')) return 'WebAssembly (PGlite, the XML validator)';
  if (url.startsWith('node:') || (url === '' && frame.functionName !== '')) return 'Node.js internals';
  const dependency = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (dependency) return dependency[1]!;
  const own = /\/(packages|services)\/([^/]+)\//.exec(url);
  if (own) return own[1] === 'packages' ? `@tramita/${own[2]}` : `services/${own[2]}`;
  return url === '' ? '(anonymous)' : 'other';
}

function ownFrame(frame: { url: string }): boolean {
  return /\/(packages|services)\/[^/]+\//.test(frame.url) && !frame.url.includes('/node_modules/');
}

function frameName(frame: { functionName: string; url: string; lineNumber: number }): string {
  const file = frame.url.replace(/^file:\/\//, '').replace(/^.*\/(node_modules|packages|services)\//, '$1/');
  return `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
}

function shares(times: Map<string, number>, totalMs: number, most: number): Share[] {
  return [...times.entries()]
    .map(([name, ms]) => ({ name, ms, fraction: totalMs > 0 ? ms / totalMs : 0 }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, most);
}

/** Self time per origin, per innermost own caller and per function, from the samples and their time deltas. */
export function summarizeCpuProfile(profile: CpuProfile, most = 25): CpuSummary {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const ownCaller = new Map<number, string>();
  const callerOf = (id: number): string => {
    const known = ownCaller.get(id);
    if (known !== undefined) return known;
    const node = nodes.get(id)!;
    const up = parent.get(id);
    const name = ownFrame(node.callFrame) ? frameName(node.callFrame) : up === undefined ? '(no own code on the stack)' : callerOf(up);
    ownCaller.set(id, name);
    return name;
  };
  const byOrigin = new Map<string, number>();
  const byCaller = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
  let totalMs = 0;
  let idleMs = 0;
  profile.samples.forEach((id, i) => {
    // A delta is the time since the previous sample: it belongs to this one.
    const ms = Math.max(0, profile.timeDeltas[i] ?? 0) / 1000;
    const frame = nodes.get(id)!.callFrame;
    totalMs += ms;
    const origin = originOf(frame);
    add(byOrigin, origin, ms);
    if (origin === '(idle)') {
      idleMs += ms;
      return;
    }
    add(byCaller, callerOf(id), ms);
    add(byFunction, frameName(frame), ms);
  });
  return {
    totalMs,
    busyMs: totalMs - idleMs,
    byOrigin: shares(byOrigin, totalMs, most),
    byOwnCaller: shares(byCaller, totalMs, most),
    topFunctions: shares(byFunction, totalMs, most),
  };
}

/** The summary as markdown tables (percentages of all sampled time). */
export function cpuSummaryMarkdown(title: string, summary: CpuSummary): string {
  const table = (heading: string, rows: Share[]) =>
    [
      `| ${heading} | ms | share |`,
      '|---|---:|---:|',
      ...rows.map((row) => `| \`${row.name}\` | ${row.ms.toFixed(0)} | ${(row.fraction * 100).toFixed(1)} % |`),
    ].join('\n');
  return [
    `### ${title}`,
    '',
    `${(summary.totalMs / 1000).toFixed(1)} s sampled, ${((summary.busyMs / Math.max(summary.totalMs, 1)) * 100).toFixed(0)} % busy.`,
    '',
    table('self time by origin', summary.byOrigin),
    '',
    table('innermost own frame on the stack', summary.byOwnCaller),
    '',
    table('function (self time)', summary.topFunctions),
    '',
  ].join('\n');
}
