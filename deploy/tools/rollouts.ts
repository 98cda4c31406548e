/**
 * Progressive delivery in pre and pro (ADR 0021): an Argo Rollouts `Rollout` that takes its pod
 * template from the service's Deployment (`workloadRef`), the two AnalysisTemplates that gate each
 * step on the service's own Prometheus metrics (packages/platform/src/metrics.ts), and the patches
 * that hand replicas, the HPA and the Istio routes over to the Rollout. Test keeps the plain
 * Deployment. Used by generate.ts.
 */
import { stringify } from 'yaml';
import {
  COMMON_SECRET,
  MIN_REPLICAS,
  NAMESPACE,
  PREVIEW_HEADER,
  PROMETHEUS_TOKEN_KEY,
  PROMETHEUS_URL,
  ROLLOUT,
  SERVICE_PORT,
  labelsOf,
  names,
  routeName,
  selectorOf,
  type Environment,
  type ServiceFacts,
} from './platform.ts';

/** The metric names the analyses query; deploy/test/rollouts.test.ts checks them against a real ServiceMetrics registry. */
export const ANALYSIS_METRICS = { requests: 'tramita_http_requests_total', duration: 'tramita_http_request_duration_seconds' } as const;
export const HASH_ARG = 'pod-template-hash';
const TOKEN_ARG = 'prometheus-token';
export const CANARY_SUBSET = 'canary';
export const STABLE_SUBSET = 'stable';

/** Series of the pods of one ReplicaSet of the Rollout: `<rollout>-<pod-template-hash>-<suffix>`. */
const podSelector = (s: ServiceFacts, env: Environment) => `namespace="${NAMESPACE[env]}",pod=~"${names(s.name).app}-{{args.${HASH_ARG}}}-.+"`;

/** A PromQL string literal holding a regular expression that matches any of `values` literally. */
const literalAlternatives = (values: string[]) =>
  values
    .map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|')
    .replace(/\\/g, '\\\\');

const prometheus = (query: string) => ({
  prometheus: {
    address: PROMETHEUS_URL,
    timeout: 10,
    headers: [{ key: 'Authorization', value: `Bearer {{args.${TOKEN_ARG}}}` }],
    query,
  },
});

const templateArgs = [{ name: HASH_ARG }, { name: TOKEN_ARG, valueFrom: { secretKeyRef: { name: COMMON_SECRET, key: PROMETHEUS_TOKEN_KEY } } }];

export function errorRateTemplate(s: ServiceFacts, env: Environment) {
  const sel = podSelector(s, env);
  const rate = (extra = '') => `sum(rate(${ANALYSIS_METRICS.requests}{${sel}${extra}}[${ROLLOUT.window}]))`;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisTemplate',
    metadata: { name: names(s.name).errorRate, labels: labelsOf(s) },
    spec: {
      args: templateArgs,
      metrics: [
        {
          // Too little traffic to judge: neither success nor failure, so the rollout pauses for a person.
          name: 'requests',
          count: 1,
          successCondition: `result[0] >= ${ROLLOUT.minRequests[env]}`,
          failureCondition: 'result[0] < 0',
          provider: prometheus(`sum(increase(${ANALYSIS_METRICS.requests}{${sel}}[${ROLLOUT.window}])) or vector(0)`),
        },
        {
          name: 'error-ratio',
          interval: ROLLOUT.interval,
          count: ROLLOUT.count,
          failureLimit: 0,
          successCondition: `result[0] <= ${ROLLOUT.maxErrorRatio}`,
          provider: prometheus(`(${rate(',status=~"5.."')} or vector(0)) / (${rate()} > 0 or vector(1))`),
        },
      ],
    },
  };
}

export function latencyTemplate(s: ServiceFacts, env: Environment) {
  const excluded = s.latencyExcludedRoutes.length ? `,route!~"${literalAlternatives(s.latencyExcludedRoutes)}"` : '';
  const buckets = `sum by (le) (rate(${ANALYSIS_METRICS.duration}_bucket{${podSelector(s, env)}${excluded}}[${ROLLOUT.window}]))`;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisTemplate',
    metadata: { name: names(s.name).latency, labels: labelsOf(s) },
    spec: {
      args: templateArgs,
      metrics: [
        {
          name: 'latency-p95',
          interval: ROLLOUT.interval,
          count: ROLLOUT.count,
          failureLimit: 0,
          successCondition: `result[0] <= ${ROLLOUT.maxP95Seconds}`,
          // No request in the window gives NaN; `>= 0` drops it and the requests metric judges traffic.
          provider: prometheus(`(histogram_quantile(0.95, ${buckets}) >= 0) or vector(0)`),
        },
      ],
    },
  };
}

/** The analysis of the newest ReplicaSet (the canary, or the blue/green preview). */
const analysisOfLatest = (s: ServiceFacts) => ({
  templates: [{ templateName: names(s.name).errorRate }, { templateName: names(s.name).latency }],
  args: [{ name: HASH_ARG, valueFrom: { podTemplateHashValue: 'Latest' } }],
});

function strategy(s: ServiceFacts) {
  const n = names(s.name);
  if (s.delivery === 'blueGreen') {
    return {
      blueGreen: {
        activeService: n.svc,
        previewService: n.preview,
        autoPromotionEnabled: true,
        prePromotionAnalysis: analysisOfLatest(s),
        postPromotionAnalysis: analysisOfLatest(s),
        scaleDownDelaySeconds: ROLLOUT.scaleDownDelaySeconds,
        abortScaleDownDelaySeconds: 30,
      },
    };
  }
  const pause = { pause: { duration: `${ROLLOUT.pauseSeconds}s` } };
  return {
    canary: {
      maxSurge: 1,
      maxUnavailable: 0,
      abortScaleDownDelaySeconds: 30,
      trafficRouting: {
        istio: {
          virtualService: { name: n.vs, routes: s.routes.map(routeName) },
          destinationRule: { name: n.dr, canarySubsetName: CANARY_SUBSET, stableSubsetName: STABLE_SUBSET },
        },
      },
      steps: ROLLOUT.canaryWeights.flatMap((weight) => [{ setWeight: weight }, pause, { analysis: analysisOfLatest(s) }]),
    },
  };
}

export function rollout(s: ServiceFacts, env: Environment) {
  const n = names(s.name);
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: n.app, labels: labelsOf(s), annotations: { 'si-tramita/delivery': s.delivery } },
    spec: {
      replicas: MIN_REPLICAS[env],
      revisionHistoryLimit: 5,
      progressDeadlineSeconds: 600,
      progressDeadlineAbort: true,
      minReadySeconds: 10,
      selector: { matchLabels: selectorOf(s) },
      // The pod template stays in the Deployment (one template for test, pre and pro, checked by the
      // same policy rules); the Deployment is kept at 0 replicas and scaled down as the Rollout comes up.
      workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: n.app, scaleDown: 'progressively' },
      strategy: strategy(s),
    },
  };
}

/** Blue/green: the Service in front of the new pods until promotion (Argo Rollouts adds the hash to its selector). */
export const previewService = (s: ServiceFacts) => ({
  apiVersion: 'v1',
  kind: 'Service',
  // Its own component label: whatever selects a component's Services (monitoring, dashboards) does not count the new pods twice.
  metadata: { name: names(s.name).preview, labels: { ...labelsOf(s), 'app.kubernetes.io/component': `${s.name}-preview` } },
  spec: {
    type: 'ClusterIP',
    selector: selectorOf(s),
    ports: [{ name: 'http', port: SERVICE_PORT, targetPort: 'http', protocol: 'TCP', appProtocol: 'http' }],
  },
});

/** Everything the pre/pro overlay adds as resources. */
export const rolloutResources = (s: ServiceFacts, env: Environment) => [
  rollout(s, env),
  errorRateTemplate(s, env),
  latencyTemplate(s, env),
  ...(s.delivery === 'blueGreen' ? [previewService(s)] : []),
];

/** Patches of the base objects in pre/pro: replicas, HPA target and the Istio routes the Rollout drives. */
export function rolloutPatches(s: ServiceFacts) {
  const n = names(s.name);
  const patches: unknown[] = [
    { target: { kind: 'Deployment', name: n.app }, patch: stringify([{ op: 'replace', path: '/spec/replicas', value: 0 }]) },
    {
      target: { kind: 'HorizontalPodAutoscaler', name: n.hpa },
      patch: stringify([{ op: 'replace', path: '/spec/scaleTargetRef', value: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: n.app } }]),
    },
  ];
  const destination = { host: n.svc, port: { number: SERVICE_PORT } };
  if (s.delivery === 'canary') {
    patches.push(
      {
        target: { kind: 'VirtualService', name: n.vs },
        patch: stringify(
          s.routes.map((_, i) => ({
            op: 'replace',
            path: `/spec/http/${i}/route`,
            value: [
              { destination: { ...destination, subset: STABLE_SUBSET }, weight: 100 },
              { destination: { ...destination, subset: CANARY_SUBSET }, weight: 0 },
            ],
          })),
        ),
      },
      {
        target: { kind: 'DestinationRule', name: n.dr },
        patch: stringify([
          {
            op: 'add',
            path: '/spec/subsets',
            value: [STABLE_SUBSET, CANARY_SUBSET].map((name) => ({ name, labels: selectorOf(s) })),
          },
        ]),
      },
    );
  } else {
    // Testers (or a smoke suite) reach the preview through the same public route with a header.
    const timeout = s.routes.find((r) => !r.prefix)?.timeout ?? '60s';
    patches.push({
      target: { kind: 'VirtualService', name: n.vs },
      patch: stringify([
        {
          op: 'add',
          path: '/spec/http/0',
          value: {
            name: 'preview',
            match: [{ headers: { [PREVIEW_HEADER]: { exact: 'true' } } }],
            route: [{ destination: { host: n.preview, port: { number: SERVICE_PORT } } }],
            timeout,
            retries: { attempts: 2, perTryTimeout: timeout, retryOn: 'connect-failure,refused-stream,reset-before-request' },
          },
        },
      ]),
    });
  }
  return patches;
}
