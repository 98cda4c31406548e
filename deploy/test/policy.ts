/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any -- rendered YAML is untyped data, inspected defensively */
/**
 * The ADA OpenShift platform standard as executable rules. Each rule takes the rendered objects of
 * one service overlay (or of one whole environment) and returns its violations, one string each.
 */
import {
  CPU_LIMIT_MILLI,
  CPU_REQUEST_MILLI,
  MIN_REPLICAS,
  NAMESPACE,
  PROGRESSIVE_ENVIRONMENTS,
  SERVICES,
  OIDC_AUDIENCE,
  RESOURCES,
  SCALE_DOWN_PERCENT_OF_LIMIT,
  SCALE_UP_PERCENT_OF_LIMIT,
  issuerFor,
  names,
  type Environment,
  type ServiceName,
} from '../tools/platform.ts';
import type { K8sObject } from './render.ts';

export interface ServiceScope {
  service: ServiceName;
  env: Environment;
}

export type ServiceRule = (objects: K8sObject[], scope: ServiceScope) => string[];
export type EnvironmentRule = (objects: K8sObject[], env: Environment) => string[];

const ofKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
const named = (objects: K8sObject[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
const deploymentOf = (objects: K8sObject[], s: ServiceName) => named(objects, 'Deployment', names(s).app);
const containerOf = (objects: K8sObject[], s: ServiceName) => deploymentOf(objects, s)?.spec?.template?.spec?.containers?.[0];
const rolloutOf = (objects: K8sObject[], s: ServiceName) => named(objects, 'Rollout', names(s).app);
const factsOf = (s: ServiceName) => SERVICES.find((f) => f.name === s)!;
/** Blue/green names one more Service: the preview, in front of the new pods until promotion. */
const previewOf = (objects: K8sObject[], s: ServiceName): string | undefined => rolloutOf(objects, s)?.spec?.strategy?.blueGreen?.previewService;

export function cpuMilli(quantity: string | number | undefined): number {
  if (quantity === undefined) return NaN;
  const text = String(quantity);
  return text.endsWith('m') ? Number(text.slice(0, -1)) : Number(text) * 1000;
}

export function memoryMi(quantity: string | undefined): number {
  const match = /^(\d+(?:\.\d+)?)(Mi|Gi|Ki)?$/.exec(quantity ?? '');
  if (!match) return NaN;
  const value = Number(match[1]);
  return match[2] === 'Gi' ? value * 1024 : match[2] === 'Ki' ? value / 1024 : match[2] === 'Mi' ? value : value / (1024 * 1024);
}

export const serviceRules: Record<string, ServiceRule> = {
  naming: (objects, { service }) => {
    const n = names(service);
    const out: string[] = [];
    if (!deploymentOf(objects, service)) out.push(`Deployment ${n.app} missing`);
    if (!named(objects, 'Service', n.svc)) out.push(`Service ${n.svc} missing`);
    if (ofKind(objects, 'ConfigMap').length !== 1 || !named(objects, 'ConfigMap', n.config)) out.push(`exactly one ConfigMap, ${n.config}, expected`);
    for (const o of objects)
      if (o.kind === 'Service' && o.metadata.name !== n.svc && !(o.metadata.name === n.preview && previewOf(objects, service) === n.preview))
        out.push(`Service ${o.metadata.name} does not follow si-tramita-<component>-svc`);
    if (ofKind(objects, 'StatefulSet').length) out.push('StatefulSet found: every Tramita service is stateless (ADR 0006)');
    if (ofKind(objects, 'PersistentVolumeClaim').length) out.push('PersistentVolumeClaim found: no Tramita service keeps state in the pod (ADR 0006)');
    return out;
  },
  namespace: (objects, { env }) =>
    objects
      .filter((o) => o.metadata.namespace !== NAMESPACE[env])
      .map((o) => `${o.kind}/${o.metadata.name} in namespace ${o.metadata.namespace}, not ${NAMESPACE[env]}`),
  replicas: (objects, { service, env }) => {
    const rollout = rolloutOf(objects, service);
    if (rollout) {
      const out: string[] = [];
      if (rollout.spec?.replicas !== MIN_REPLICAS[env])
        out.push(`Rollout replicas ${rollout.spec?.replicas}, the standard asks ${MIN_REPLICAS[env]} in ${env}`);
      // The Deployment only lends its pod template: pods of its own would take traffic outside the rollout.
      if (deploymentOf(objects, service)?.spec?.replicas !== 0) out.push('the Deployment a Rollout references must have 0 replicas');
      return out;
    }
    const replicas = deploymentOf(objects, service)?.spec?.replicas;
    return replicas === MIN_REPLICAS[env] ? [] : [`replicas ${replicas}, the standard asks ${MIN_REPLICAS[env]} in ${env}`];
  },
  autoscaling: (objects, { service, env }) => {
    const hpa = named(objects, 'HorizontalPodAutoscaler', names(service).hpa);
    if (!hpa) return ['HorizontalPodAutoscaler missing'];
    const out: string[] = [];
    const spec = hpa.spec;
    const target = rolloutOf(objects, service) ? { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout' } : { apiVersion: 'apps/v1', kind: 'Deployment' };
    if (spec.scaleTargetRef?.kind !== target.kind || spec.scaleTargetRef?.apiVersion !== target.apiVersion || spec.scaleTargetRef?.name !== names(service).app)
      out.push(`HPA does not target the ${target.kind}`);
    if (spec.minReplicas !== MIN_REPLICAS[env]) out.push(`HPA minReplicas ${spec.minReplicas}, expected ${MIN_REPLICAS[env]}`);
    if (!(spec.maxReplicas > spec.minReplicas)) out.push('HPA maxReplicas must exceed minReplicas');
    const container = containerOf(objects, service);
    const request = cpuMilli(container?.resources?.requests?.cpu);
    const limit = cpuMilli(container?.resources?.limits?.cpu);
    const cpu = spec.metrics?.find((m: any) => m.type === 'Resource' && m.resource?.name === 'cpu')?.resource?.target;
    if (cpu?.type !== 'Utilization') out.push('HPA has no CPU utilisation target');
    else {
      const upAtPercentOfLimit = (cpu.averageUtilization * request) / limit;
      if (Math.abs(upAtPercentOfLimit - SCALE_UP_PERCENT_OF_LIMIT) > 0.5)
        out.push(`HPA scales up at ${upAtPercentOfLimit}% of the CPU limit, not ${SCALE_UP_PERCENT_OF_LIMIT}%`);
      const tolerance = Number(spec.behavior?.scaleDown?.tolerance ?? 0.1);
      const downAtPercentOfLimit = upAtPercentOfLimit * (1 - tolerance);
      if (Math.abs(downAtPercentOfLimit - SCALE_DOWN_PERCENT_OF_LIMIT) > 0.5)
        out.push(`HPA scales down below ${downAtPercentOfLimit}% of the CPU limit, not ${SCALE_DOWN_PERCENT_OF_LIMIT}%`);
      const upTolerance = Number(spec.behavior?.scaleUp?.tolerance ?? 0.1);
      if (upTolerance !== 0) out.push(`HPA scale-up tolerance ${upTolerance} delays scaling beyond ${SCALE_UP_PERCENT_OF_LIMIT}% of the limit`);
    }
    if (!(spec.behavior?.scaleDown?.stabilizationWindowSeconds >= 60)) out.push('HPA scale-down needs a stabilisation window of at least 60 s');
    return out;
  },
  antiAffinity: (objects, { service }) => {
    const pod = deploymentOf(objects, service)?.spec?.template?.spec;
    const own = names(service).app;
    const terms = [
      ...(pod?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
      ...(pod?.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((t: any) => t.podAffinityTerm),
    ];
    const out: string[] = [];
    if (!terms.some((t: any) => t?.topologyKey === 'kubernetes.io/hostname' && t?.labelSelector?.matchLabels?.['app.kubernetes.io/name'] === own)) {
      out.push('no pod anti-affinity across nodes (kubernetes.io/hostname) on its own pods');
    }
    const spread = pod?.topologySpreadConstraints ?? [];
    if (!spread.some((c: any) => c.topologyKey === 'kubernetes.io/hostname' && c.whenUnsatisfiable === 'DoNotSchedule' && c.maxSkew === 1)) {
      out.push('no hard topology spread (maxSkew 1) across nodes');
    }
    return out;
  },
  resources: (objects, { service }) => {
    const c = containerOf(objects, service);
    const out: string[] = [];
    if (c?.resources?.requests?.cpu !== RESOURCES.requests.cpu || cpuMilli(c?.resources?.requests?.cpu) !== CPU_REQUEST_MILLI)
      out.push(`CPU request ${c?.resources?.requests?.cpu}, expected ${RESOURCES.requests.cpu}`);
    if (c?.resources?.requests?.memory !== RESOURCES.requests.memory)
      out.push(`memory request ${c?.resources?.requests?.memory}, expected ${RESOURCES.requests.memory}`);
    if (cpuMilli(c?.resources?.limits?.cpu) !== CPU_LIMIT_MILLI) out.push(`CPU limit ${c?.resources?.limits?.cpu}, expected ${CPU_LIMIT_MILLI}m`);
    const memLimit = memoryMi(c?.resources?.limits?.memory);
    if (!(memLimit >= 384 && memLimit <= 2048)) out.push(`memory limit ${c?.resources?.limits?.memory} not fitted to Node (384Mi..2Gi)`);
    const nodeOptions = c?.env?.find((e: any) => e.name === 'NODE_OPTIONS')?.value ?? '';
    const heap = Number(/--max-old-space-size=(\d+)/.exec(nodeOptions)?.[1]);
    if (!(heap >= memLimit * 0.5 && heap <= memLimit * 0.8)) out.push(`NODE_OPTIONS heap ${heap} MB is not 50-80 % of the ${memLimit}Mi memory limit`);
    return out;
  },
  probes: (objects, { service }) => {
    const c = containerOf(objects, service);
    const out: string[] = [];
    const expect = (probe: string, path: string) => {
      const p = c?.[probe];
      if (p?.httpGet?.path !== path) out.push(`${probe} must GET ${path}`);
      else if (p.httpGet.port !== 'http' && p.httpGet.port !== 8080) out.push(`${probe} must use the http port`);
    };
    expect('livenessProbe', '/health/live');
    expect('readinessProbe', '/health/ready');
    expect('startupProbe', '/health/live');
    return out;
  },
  securityContext: (objects, { service }) => {
    const pod = deploymentOf(objects, service)?.spec?.template?.spec;
    const out: string[] = [];
    for (const c of [...(pod?.containers ?? []), ...(pod?.initContainers ?? [])]) {
      const sc = c.securityContext ?? {};
      const id = `container ${c.name}`;
      if (sc.runAsNonRoot !== true && pod?.securityContext?.runAsNonRoot !== true) out.push(`${id}: runAsNonRoot not set`);
      if (sc.runAsUser === 0 || pod?.securityContext?.runAsUser === 0) out.push(`${id}: runs as root`);
      if (sc.readOnlyRootFilesystem !== true) out.push(`${id}: root filesystem is writable`);
      if (sc.allowPrivilegeEscalation !== false) out.push(`${id}: privilege escalation allowed`);
      if (sc.privileged === true) out.push(`${id}: privileged`);
      if (!(sc.capabilities?.drop ?? []).includes('ALL') || (sc.capabilities?.add ?? []).length) out.push(`${id}: capabilities not dropped`);
      if ((sc.seccompProfile?.type ?? pod?.securityContext?.seccompProfile?.type) !== 'RuntimeDefault')
        out.push(`${id}: seccomp profile is not RuntimeDefault`);
      const tmp = (c.volumeMounts ?? []).find((m: any) => m.mountPath === '/tmp');
      const tmpVolume = (pod?.volumes ?? []).find((v: any) => v.name === tmp?.name);
      if (!tmpVolume?.emptyDir) out.push(`${id}: /tmp is not an emptyDir`);
    }
    if ((pod?.volumes ?? []).some((v: any) => v.hostPath)) out.push('hostPath volume');
    if (pod?.hostNetwork || pod?.hostPID || pod?.hostIPC) out.push('host namespaces shared');
    return out;
  },
  rollback: (objects, { service }) => {
    const spec = deploymentOf(objects, service)?.spec ?? {};
    const out: string[] = [];
    if (!(spec.revisionHistoryLimit >= 2 && spec.revisionHistoryLimit <= 10))
      out.push(`revisionHistoryLimit ${spec.revisionHistoryLimit} (keep 2-10 revisions to roll back to)`);
    if (!(spec.progressDeadlineSeconds > 0 && spec.progressDeadlineSeconds <= 900))
      out.push('progressDeadlineSeconds missing: a stuck rollout would never be reported failed');
    if (spec.strategy?.type !== 'RollingUpdate' || spec.strategy?.rollingUpdate?.maxUnavailable !== 0)
      out.push('rolling update must keep every ready pod (maxUnavailable 0) until the new ones are ready');
    return out;
  },
  disruptionBudget: (objects, { service }) => {
    const pdb = named(objects, 'PodDisruptionBudget', names(service).pdb);
    if (!pdb) return ['PodDisruptionBudget missing'];
    return pdb.spec?.selector?.matchLabels?.['app.kubernetes.io/name'] === names(service).app ? [] : ['PodDisruptionBudget does not select the pods'];
  },
  secrets: (objects, { service, env }) => {
    const plain = ofKind(objects, 'Secret');
    const sealed = ofKind(objects, 'SealedSecret');
    const out: string[] = [];
    if (env === 'test') {
      if (sealed.length) out.push('SealedSecret in test (the standard keeps DES secrets unencrypted)');
    } else if (plain.length) out.push(`plain Secret in ${env}: pre and pro secrets must be SealedSecrets`);
    const deployment = deploymentOf(objects, service);
    const refs = (deployment?.spec?.template?.spec?.containers ?? []).flatMap((c: any) => (c.envFrom ?? []).map((e: any) => e.secretRef?.name).filter(Boolean));
    for (const ref of refs) {
      const provided = plain.some((s) => s.metadata.name === ref) || sealed.some((s) => (s.spec?.template?.metadata?.name ?? s.metadata.name) === ref);
      if (!provided) out.push(`secret ${ref} referenced but not provided in ${env}`);
    }
    return out;
  },
  mesh: (objects, { service }) => {
    const n = names(service);
    const out: string[] = [];
    const vs = named(objects, 'VirtualService', n.vs);
    if (!vs) out.push('VirtualService missing');
    else {
      for (const route of vs.spec?.http ?? []) {
        if (!route.timeout) out.push(`VirtualService route ${route.name}: no timeout`);
        if (!(route.retries?.attempts >= 1) || !route.retries?.retryOn) out.push(`VirtualService route ${route.name}: no retries`);
        const preview = previewOf(objects, service);
        if (!(route.route ?? []).every((r: any) => r.destination?.host === n.svc || (preview && r.destination?.host === preview)))
          out.push(`VirtualService route ${route.name}: not routed to ${n.svc}`);
      }
    }
    const dr = named(objects, 'DestinationRule', n.dr);
    if (!dr) out.push('DestinationRule missing');
    else {
      if (!dr.spec?.trafficPolicy?.outlierDetection) out.push('DestinationRule without outlier detection');
      if (dr.spec?.trafficPolicy?.tls?.mode !== 'ISTIO_MUTUAL') out.push('DestinationRule does not use Istio mutual TLS');
    }
    return out;
  },
  tokenRequired: (objects, { service }) => {
    const policy = named(objects, 'AuthorizationPolicy', names(service).authz);
    if (!policy) return ['AuthorizationPolicy missing'];
    const spec = policy.spec ?? {};
    const out: string[] = [];
    if ((spec.action ?? 'ALLOW') !== 'ALLOW') out.push('AuthorizationPolicy action is not ALLOW');
    if (spec.selector?.matchLabels?.['app.kubernetes.io/name'] !== names(service).app) out.push('AuthorizationPolicy does not select the service');
    const rules: any[] = spec.rules ?? [];
    if (!rules.some((r) => (r.from ?? []).some((f: any) => (f.source?.requestPrincipals ?? []).length) && !r.to))
      out.push('no rule requiring a valid token (requestPrincipals)');
    for (const r of rules) {
      const requiresToken = (r.from ?? []).some((f: any) => (f.source?.requestPrincipals ?? []).length);
      const restricted = (r.to ?? []).length && (r.to as any[]).every((t) => (t.operation?.paths ?? []).length || (t.operation?.notPaths ?? []).length);
      if (!requiresToken && !restricted) out.push('a rule allows any path without a token');
    }
    const openPaths = rules.flatMap((r) => (r.to ?? []).flatMap((t: any) => t.operation?.paths ?? []));
    for (const health of ['/health/live', '/health/ready']) if (!openPaths.includes(health)) out.push(`${health} is not exempt from the token`);
    if (openPaths.some((p: string) => p === '/*' || p === '*' || p.startsWith('/api/files') || p === '/api/*'))
      out.push('business API paths are open without a token');
    return out;
  },
  networkPolicy: (objects, { service }) => {
    const np = named(objects, 'NetworkPolicy', names(service).netpol);
    if (!np) return ['NetworkPolicy missing'];
    return np.spec?.podSelector?.matchLabels?.['app.kubernetes.io/name'] === names(service).app && (np.spec?.policyTypes ?? []).includes('Ingress')
      ? []
      : ['NetworkPolicy does not restrict ingress to the service'];
  },
  progressiveDelivery: (objects, { service, env }) => {
    const rollout = rolloutOf(objects, service);
    if (!PROGRESSIVE_ENVIRONMENTS.includes(env)) return rollout ? [`Rollout in ${env}: it keeps the plain rolling Deployment`] : [];
    if (!rollout) return [`no Rollout in ${env}: pre and pro release through Argo Rollouts (ADR 0021)`];
    const n = names(service);
    const spec = rollout.spec ?? {};
    const out: string[] = [];
    const ref = spec.workloadRef;
    if (ref?.apiVersion !== 'apps/v1' || ref?.kind !== 'Deployment' || ref?.name !== n.app || !deploymentOf(objects, service))
      out.push(`Rollout does not take its pod template from the Deployment ${n.app}`);
    // A template of its own would escape every pod rule above, which read the Deployment's.
    if (spec.template) out.push('Rollout carries its own pod template');
    const podLabels = deploymentOf(objects, service)?.spec?.template?.metadata?.labels ?? {};
    const selector = spec.selector?.matchLabels ?? {};
    if (!Object.keys(selector).length || Object.entries(selector).some(([k, v]) => podLabels[k] !== v)) out.push('Rollout selector does not match the pods');
    if (!(spec.revisionHistoryLimit >= 2 && spec.revisionHistoryLimit <= 10)) out.push('Rollout keeps no 2-10 revisions to roll back to');
    if (!(spec.progressDeadlineSeconds > 0) || spec.progressDeadlineAbort !== true) out.push('a stuck Rollout is not aborted (progressDeadlineAbort)');
    const templates = (refs: any[] | undefined) => (refs ?? []).map((t: any) => t.templateName);
    const checkAnalysis = (where: string, analysis: any) => {
      const used = templates(analysis?.templates);
      for (const wanted of [n.errorRate, n.latency]) if (!used.includes(wanted)) out.push(`${where}: no analysis with ${wanted}`);
      for (const name of used) {
        const template = named(objects, 'AnalysisTemplate', name);
        if (!template) out.push(`${where}: AnalysisTemplate ${name} missing`);
        else if (!(template.spec?.metrics ?? []).every((m: any) => m.provider?.prometheus?.query && m.successCondition))
          out.push(`AnalysisTemplate ${name}: every metric needs a Prometheus query and a success condition`);
      }
      if (!(analysis?.args ?? []).some((a: any) => a.valueFrom?.podTemplateHashValue === 'Latest'))
        out.push(`${where}: analysis does not look at the new pods`);
    };
    const delivery = factsOf(service).delivery;
    const canary = spec.strategy?.canary;
    const blueGreen = spec.strategy?.blueGreen;
    if (delivery === 'canary') {
      if (!canary) return [...out, 'Rollout strategy is not canary'];
      const istio = canary.trafficRouting?.istio;
      const vs = named(objects, 'VirtualService', istio?.virtualService?.name ?? '');
      const dr = named(objects, 'DestinationRule', istio?.destinationRule?.name ?? '');
      if (!vs || vs.metadata.name !== n.vs) out.push(`canary does not split traffic through the VirtualService ${n.vs}`);
      if (!dr || dr.metadata.name !== n.dr) out.push(`canary does not name the DestinationRule ${n.dr}`);
      const subsets = [istio?.destinationRule?.stableSubsetName, istio?.destinationRule?.canarySubsetName];
      for (const subset of subsets)
        if (!subset || !(dr?.spec?.subsets ?? []).some((x: any) => x.name === subset)) out.push(`DestinationRule has no subset ${subset}`);
      const routes: string[] = istio?.virtualService?.routes ?? [];
      for (const route of vs?.spec?.http ?? []) {
        if (!routes.includes(route.name)) out.push(`VirtualService route ${route.name} is not split by the canary`);
        const hosts = (route.route ?? []).map((r: any) => r.destination?.subset).sort();
        if (hosts.join() !== [...subsets].sort().join()) out.push(`VirtualService route ${route.name} lacks the stable and canary destinations`);
      }
      for (const route of routes)
        if (!(vs?.spec?.http ?? []).some((r: any) => r.name === route)) out.push(`canary names route ${route}, absent from the VirtualService`);
      const steps: any[] = canary.steps ?? [];
      const weights = steps.filter((st) => st.setWeight !== undefined).map((st) => st.setWeight as number);
      if (!weights.length || weights.some((w, i) => w >= 100 || (i > 0 && w <= weights[i - 1]!))) out.push('canary weights must grow and stay below 100 %');
      steps.forEach((st, i) => {
        if (st.setWeight === undefined) return;
        const next = steps.slice(i + 1);
        const until = next.findIndex((x) => x.setWeight !== undefined);
        const analysis = (until < 0 ? next : next.slice(0, until)).find((x) => x.analysis);
        if (!analysis) out.push(`canary step ${st.setWeight} % is not followed by an analysis`);
        else checkAnalysis(`canary ${st.setWeight} %`, analysis.analysis);
      });
    } else {
      if (!blueGreen) return [...out, 'Rollout strategy is not blueGreen'];
      if (blueGreen.activeService !== n.svc) out.push(`blue/green active Service is not ${n.svc}`);
      if (blueGreen.previewService !== n.preview || !named(objects, 'Service', n.preview)) out.push(`blue/green preview Service ${n.preview} missing`);
      checkAnalysis('pre-promotion', blueGreen.prePromotionAnalysis);
    }
    return out;
  },
};

export const environmentRules: Record<string, EnvironmentRule> = {
  mtlsStrict: (objects) => {
    const peer = ofKind(objects, 'PeerAuthentication');
    const out: string[] = [];
    if (!peer.some((p) => !p.spec?.selector && p.spec?.mtls?.mode === 'STRICT')) out.push('no namespace-wide PeerAuthentication with mTLS STRICT');
    for (const p of peer) {
      if (p.spec?.mtls?.mode && p.spec.mtls.mode !== 'STRICT') out.push(`PeerAuthentication ${p.metadata.name} is ${p.spec.mtls.mode}`);
      for (const [port, mode] of Object.entries(p.spec?.portLevelMtls ?? {}))
        if ((mode as any)?.mode !== 'STRICT') out.push(`PeerAuthentication ${p.metadata.name} port ${port} not STRICT`);
    }
    return out;
  },
  jwtIssuer: (objects, env) => {
    const ra = ofKind(objects, 'RequestAuthentication');
    const rules = ra.flatMap((r) => r.spec?.jwtRules ?? []);
    const out: string[] = [];
    if (!rules.some((r: any) => r.issuer === issuerFor(env) && r.jwksUri && (r.audiences ?? []).includes(OIDC_AUDIENCE)))
      out.push(`no RequestAuthentication for issuer ${issuerFor(env)} with audience ${OIDC_AUDIENCE}`);
    const configured = ofKind(objects, 'ConfigMap')
      .map((c) => c.data?.OIDC_ISSUER)
      .filter(Boolean);
    for (const issuer of new Set(configured)) if (!rules.some((r: any) => r.issuer === issuer)) out.push(`services trust ${issuer} but the mesh does not`);
    return out;
  },
  tenantGateway: (objects) => {
    const gateways = ofKind(objects, 'Gateway');
    if (gateways.length !== 1) return [`expected one Istio Gateway for the tenant, found ${gateways.length}`];
    const servers: any[] = gateways[0]!.spec?.servers ?? [];
    const out: string[] = [];
    if (!servers.some((s) => s.port?.protocol === 'HTTPS' && ['SIMPLE', 'MUTUAL'].includes(s.tls?.mode) && s.tls?.credentialName))
      out.push('Gateway has no TLS server with a certificate');
    for (const s of servers) if (s.port?.protocol === 'HTTP' && !s.tls?.httpsRedirect) out.push('Gateway serves plain HTTP without redirecting to HTTPS');
    const edge = ofKind(objects, 'VirtualService').filter((v) => (v.spec?.gateways ?? []).includes(gateways[0]!.metadata.name));
    if (edge.length === 0) out.push('no VirtualService bound to the tenant Gateway');
    return out;
  },
  defaultDeny: (objects) =>
    ofKind(objects, 'NetworkPolicy').some(
      (n) => Object.keys(n.spec?.podSelector ?? {}).length === 0 && (n.spec?.policyTypes ?? []).includes('Ingress') && !n.spec?.ingress,
    )
      ? []
      : ['no default-deny ingress NetworkPolicy in the namespace'],
  everyWorkloadHardened: (objects) => {
    const out: string[] = [];
    for (const d of ofKind(objects, 'Deployment')) {
      for (const c of d.spec?.template?.spec?.containers ?? []) {
        const sc = c.securityContext ?? {};
        if (sc.readOnlyRootFilesystem !== true || sc.allowPrivilegeEscalation !== false || !(sc.capabilities?.drop ?? []).includes('ALL'))
          out.push(`${d.metadata.name}/${c.name}: security context not restrictive`);
        if (!c.resources?.limits?.cpu || !c.resources?.limits?.memory || !c.resources?.requests?.cpu)
          out.push(`${d.metadata.name}/${c.name}: resources not bounded`);
        if (!c.livenessProbe || !c.readinessProbe) out.push(`${d.metadata.name}/${c.name}: probes missing`);
      }
    }
    // A Rollout runs the pods of the Deployment it references (the checks above); one with a template of its own is unchecked.
    for (const r of ofKind(objects, 'Rollout')) {
      const ref = r.spec?.workloadRef;
      if (r.spec?.template || !ofKind(objects, 'Deployment').some((d) => d.metadata.name === ref?.name && ref?.kind === 'Deployment'))
        out.push(`Rollout ${r.metadata.name}: pods not taken from a checked Deployment`);
    }
    return out;
  },
};
