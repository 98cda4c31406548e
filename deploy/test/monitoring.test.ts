/**
 * deploy/monitoring: the PodMonitor, the PrometheusRule and the Grafana dashboard validate
 * against their CRD models, name only metrics a real ServiceMetrics registry serves (or series the
 * rules record), scrape every service with the issuer's token, and are deployed by Argo CD.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MetricObject } from 'prom-client';
import * as monitoring from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import * as grafana from '@kubernetes-models/grafana-operator/grafana.integreatly.org/v1beta1';
import type { MessageTransport, SqlExecutor } from '@tramita/messaging';
import { ServiceMetrics } from '../../packages/platform/src/metrics.ts';
import { REPO_ROOT } from '../tools/generate.ts';
import { ENVIRONMENTS, NAMESPACE, SERVICES, SERVICE_NAMES, issuerFor, names, type Environment } from '../tools/platform.ts';
import { readPromql, withGrafanaVariablesFilled } from './promql.ts';
import { parseObjects, render, schemaErrors, type K8sObject } from './render.ts';

const MONITORING_MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'monitoring.coreos.com/v1/PodMonitor': monitoring.PodMonitor,
  'monitoring.coreos.com/v1/PrometheusRule': monitoring.PrometheusRule,
  'grafana.integreatly.org/v1beta1/GrafanaDashboard': grafana.GrafanaDashboard,
};

/** The monitoring CRDs' models, then the Kubernetes / Sealed Secrets / Argo CD ones of render.ts. */
function validationError(object: K8sObject): string | undefined {
  const Model = MONITORING_MODELS[`${object.apiVersion}/${object.kind}`];
  if (!Model) return schemaErrors(object);
  try {
    new Model(object).validate();
    return undefined;
  } catch (error) {
    return `${object.kind}/${object.metadata?.name}: ${(error as Error).message.slice(0, 500)}`;
  }
}

// ---------------------------------------------------------------------------------------------
// What the services really serve: a ServiceMetrics registry made as createHttpApp and the service
// runtime make it (attachMetrics, then addMessaging for services with a database).

interface KnownSeries {
  labels: Set<string>;
}

async function servedSeries(): Promise<Map<string, KnownSeries>> {
  const metrics = new ServiceMetrics('files');
  // Registering reads nothing: the database and the transport are read only when scraped.
  metrics.addMessaging({} as SqlExecutor, {} as MessageTransport);
  const registered = metrics.registry.getMetricsAsArray() as (MetricObject & { labelNames?: readonly string[] })[];
  // The labels every series carries besides its own (the registry's default labels), read from a
  // real exposition of one observation.
  const counter = registered.find((m) => String(m.type) === 'counter')!;
  (counter as any).inc(Object.fromEntries((counter.labelNames ?? []).map((l) => [l, 'x'])));
  const exposed = await metrics.registry.getSingleMetricAsString(counter.name);
  const sample = exposed.split('\n').find((line) => line.startsWith(`${counter.name}{`))!;
  const exposedLabels = [...sample.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="/g)].map((m) => m[1]!);
  const defaultLabels = exposedLabels.filter((l) => !(counter.labelNames ?? []).includes(l));

  const series = new Map<string, KnownSeries>();
  for (const metric of registered) {
    const labels = new Set([...(metric.labelNames ?? []), ...defaultLabels, ...TARGET_LABELS]);
    if (String(metric.type) === 'histogram') {
      series.set(`${metric.name}_bucket`, { labels: new Set([...labels, 'le']) });
      series.set(`${metric.name}_sum`, { labels });
      series.set(`${metric.name}_count`, { labels });
    } else series.set(metric.name, { labels });
  }
  return series;
}

/** Labels Prometheus gives every scraped series of a PodMonitor target (and `up`); `service` is relabelled from the pod. */
const TARGET_LABELS = ['job', 'instance', 'namespace', 'pod', 'container', 'endpoint', 'service'];
/** Series Prometheus writes itself for each target. */
const SCRAPE_SERIES = ['up'];

// ---------------------------------------------------------------------------------------------

const rendered = new Map<Environment, K8sObject[]>();
const environment = new Map<Environment, K8sObject[]>();
let known: Map<string, KnownSeries>;
/** Kinds whose pods a PodMonitor can select (Argo Rollouts' Rollout included). */
const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'Rollout'];
/** Workloads that carry a pod template (a Rollout with a workloadRef takes its Deployment's). */
const podTemplated = (o: K8sObject) => WORKLOAD_KINDS.includes(o.kind) && Boolean(o.spec?.template?.metadata);
const ofKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
const one = (objects: K8sObject[], kind: string) => {
  const found = ofKind(objects, kind);
  expect(found, kind).toHaveLength(1);
  return found[0]!;
};

beforeAll(async () => {
  known = await servedSeries();
  await Promise.all(
    ENVIRONMENTS.flatMap((env) => [
      render(join(REPO_ROOT, 'deploy/monitoring', env)).then((objects) => void rendered.set(env, objects)),
      render(join(REPO_ROOT, 'deploy/environments', env)).then((objects) => void environment.set(env, objects)),
    ]),
  );
}, 120_000);

const rulesOf = (env: Environment) => one(rendered.get(env)!, 'PrometheusRule').spec.groups.flatMap((g: any) => g.rules) as any[];
const recordedSeries = (env: Environment) => new Set(rulesOf(env).flatMap((r) => (r.record ? [r.record as string] : [])));
const dashboardJson = (env: Environment) => {
  const ref = one(rendered.get(env)!, 'GrafanaDashboard').spec.configMapRef;
  const configMap = rendered.get(env)!.find((o) => o.kind === 'ConfigMap' && o.metadata.name === ref.name);
  expect(configMap?.data?.[ref.key], `ConfigMap ${ref.name} key ${ref.key}`).toBeDefined();
  return JSON.parse(configMap!.data![ref.key]!);
};

/** Problems with one PromQL expression: syntax, and names that neither a service serves nor a rule records. */
function expressionProblems(expr: string, recorded: Set<string>): string[] {
  const reading = readPromql(expr);
  const out: string[] = [];
  if (reading.errorsAt.length) out.push(`does not parse (at ${reading.errorsAt.join(', ')})`);
  const allLabels = new Set([...known.values()].flatMap((s) => [...s.labels]));
  for (const { metric, labels } of reading.selectors) {
    if (!metric) {
      out.push('a selector without a metric name');
      continue;
    }
    const series = known.get(metric);
    if (!series && !recorded.has(metric) && !SCRAPE_SERIES.includes(metric)) out.push(`unknown metric ${metric}`);
    for (const label of labels) if (!(series?.labels ?? allLabels).has(label)) out.push(`${metric} has no label ${label}`);
  }
  for (const label of reading.groupingLabels) if (!allLabels.has(label)) out.push(`no series has the label ${label}`);
  return out;
}

function dashboardProblems(dashboard: any): string[] {
  const out: string[] = [];
  for (const key of ['uid', 'title', 'schemaVersion', 'panels']) if (dashboard[key] === undefined) out.push(`dashboard without ${key}`);
  const panels: any[] = (dashboard.panels ?? []).flatMap((p: any) => [p, ...(p.panels ?? [])]);
  const ids = panels.map((p) => p.id);
  if (new Set(ids).size !== ids.length || ids.some((id) => !Number.isInteger(id))) out.push(`panel ids not unique integers: ${ids.join(',')}`);
  const variables = new Set((dashboard.templating?.list ?? []).map((v: any) => v.name));
  for (const panel of panels) {
    const id = `panel ${panel.id} (${panel.title})`;
    const { h, w, x, y } = panel.gridPos ?? {};
    if (![h, w, x, y].every(Number.isInteger) || x + w > 24) out.push(`${id}: gridPos outside the 24-column grid`);
    if (panel.type === 'row') continue;
    if (!panel.datasource?.type || !panel.datasource?.uid) out.push(`${id}: no datasource`);
    if (!(panel.targets ?? []).length) out.push(`${id}: no targets`);
    const refIds = (panel.targets ?? []).map((t: any) => t.refId);
    if (new Set(refIds).size !== refIds.length) out.push(`${id}: repeated refId`);
    for (const target of panel.targets ?? []) {
      if (typeof target.expr !== 'string' || !target.expr) out.push(`${id}: target ${target.refId} without expr`);
      for (const used of String(target.expr ?? '').matchAll(/\$\{?([a-zA-Z_][a-zA-Z0-9_]*)/g))
        if (!used[1]!.startsWith('__') && !variables.has(used[1])) out.push(`${id}: uses $${used[1]}, not a dashboard variable`);
    }
    for (const uid of [panel.datasource?.uid, ...(panel.targets ?? []).map((t: any) => t.datasource?.uid)])
      if (typeof uid === 'string' && uid.startsWith('$') && !variables.has(uid.replace(/^\$\{?|\}$/g, ''))) out.push(`${id}: datasource ${uid} not a variable`);
  }
  return out;
}

const dashboardExpressions = (dashboard: any): string[] => [
  ...(dashboard.panels ?? []).flatMap((p: any) => [p, ...(p.panels ?? [])]).flatMap((p: any) => (p.targets ?? []).map((t: any) => t.expr)),
  // Grafana's label_values(<series>, <label>) read as the PromQL that asks the same.
  ...(dashboard.templating?.list ?? [])
    .filter((v: any) => v.type === 'query')
    .map((v: any) => String(v.definition).replace(/^label_values\((.+),\s*([a-zA-Z_][a-zA-Z0-9_]*)\)$/, 'group by ($2) ($1)')),
];

describe('deploy/monitoring', () => {
  it('renders in every environment, into its namespace, and every object validates against its CRD or Kubernetes model', () => {
    for (const env of ENVIRONMENTS) {
      const objects = rendered.get(env)!;
      expect(new Set(objects.map((o) => o.metadata.namespace)), env).toEqual(new Set([NAMESPACE[env]]));
      expect(objects.map((o) => o.kind).sort(), env).toEqual(
        ['ConfigMap', 'GrafanaDashboard', 'NetworkPolicy', 'PodMonitor', 'PrometheusRule', env === 'test' ? 'Secret' : 'SealedSecret'].sort(),
      );
      expect(objects.map(validationError).filter(Boolean), env).toEqual([]);
    }
  });

  it('the PodMonitor selects the pods of every Tramita service, and no other workload, on a port they have', () => {
    for (const env of ENVIRONMENTS) {
      const monitor = one(rendered.get(env)!, 'PodMonitor');
      const workloads = environment.get(env)!.filter(podTemplated);
      const selected = workloads.filter((w) => selects(monitor.spec.selector, w.spec.template.metadata.labels));
      expect(selected.map((w) => w.metadata.name).sort(), env).toEqual(SERVICE_NAMES.map((s) => names(s).app).sort());
      for (const endpoint of monitor.spec.podMetricsEndpoints) {
        expect(endpoint.path).toBe('/metrics');
        for (const w of selected)
          expect(
            w.spec.template.spec.containers[0].ports.map((p: any) => p.name),
            `${env} ${w.metadata.name}`,
          ).toContain(endpoint.port);
      }
    }
  });

  it('scrapes the port the service serves /metrics on by itself (METRICS_PORT), the one port that bypasses the sidecar (ADR 0022)', () => {
    for (const env of ENVIRONMENTS) {
      const scraped = one(rendered.get(env)!, 'PodMonitor').spec.podMetricsEndpoints[0].port;
      for (const s of SERVICE_NAMES) {
        const workload = environment.get(env)!.find((o) => podTemplated(o) && o.metadata.name === names(s).app)!;
        const container = workload.spec.template.spec.containers[0];
        const port = container.ports.find((p: any) => p.name === scraped);
        const configMap = ofKind(environment.get(env)!, 'ConfigMap').find((c) => c.metadata.name === names(s).config)!;
        expect(configMap.data?.METRICS_PORT, `${env} ${s}`).toBe(String(port.containerPort));
        expect(configMap.data?.PORT, `${env} ${s}`).not.toBe(configMap.data?.METRICS_PORT);
        expect(workload.spec.template.metadata.annotations['traffic.sidecar.istio.io/excludeInboundPorts'], `${env} ${s}`).toBe(String(port.containerPort));
      }
    }
  });

  it('scrapes with a client-credentials token from the issuer the services trust, credentials from the monitoring secret', () => {
    for (const env of ENVIRONMENTS) {
      const objects = rendered.get(env)!;
      const trusted = new Set(ofKind(environment.get(env)!, 'ConfigMap').flatMap((c) => (c.data?.OIDC_ISSUER ? [c.data.OIDC_ISSUER] : [])));
      expect(trusted, env).toEqual(new Set([issuerFor(env)]));
      for (const endpoint of one(objects, 'PodMonitor').spec.podMetricsEndpoints) {
        expect(endpoint.oauth2?.tokenUrl, env).toBe(`${issuerFor(env)}/token`);
        const keys = [endpoint.oauth2.clientId.secret, endpoint.oauth2.clientSecret];
        const secret = objects.find((o) => ['Secret', 'SealedSecret'].includes(o.kind));
        const provided = secret?.kind === 'SealedSecret' ? Object.keys(secret.spec.encryptedData) : Object.keys(secret?.stringData ?? {});
        const secretName = secret?.kind === 'SealedSecret' ? secret.spec.template.metadata.name : secret?.metadata.name;
        for (const key of keys) {
          expect(key.name, env).toBe(secretName);
          expect(provided, env).toContain(key.key);
        }
      }
    }
    // In test the values are in git: they must be the client the auth service knows.
    const monitoringSecret = one(rendered.get('test')!, 'Secret').stringData;
    const [authSecret] = parseObjects(readFileSync(join(REPO_ROOT, 'services/auth/despliegue/test/secret.yaml'), 'utf8'));
    expect(monitoringSecret.SCRAPE_CLIENT_ID).toBe('tramita-services');
    expect(monitoringSecret.SCRAPE_CLIENT_SECRET).toBe(authSecret!.stringData.AUTH_SERVICES_CLIENT_SECRET);
  });

  it('the NetworkPolicy lets the monitoring namespaces reach every service pod on the port scraped', () => {
    for (const env of ENVIRONMENTS) {
      const policy = one(rendered.get(env)!, 'NetworkPolicy');
      const port = one(rendered.get(env)!, 'PodMonitor').spec.podMetricsEndpoints[0].port;
      for (const s of SERVICE_NAMES) {
        const deployment = environment.get(env)!.find((o) => podTemplated(o) && o.metadata.name === names(s).app)!;
        expect(selects(policy.spec.podSelector, deployment.spec.template.metadata.labels), `${env} ${s}`).toBe(true);
        expect(deployment.spec.template.spec.containers[0].ports.map((p: any) => p.name)).toContain(port);
      }
      expect(policy.spec.ingress[0].ports[0].port).toBe(port);
      expect(policy.spec.ingress[0].from[0].namespaceSelector.matchLabels).toEqual({ 'network.openshift.io/policy-group': 'monitoring' });
    }
  });

  it('the metrics the issue names are served by a real ServiceMetrics registry', () => {
    expect([...known.keys()]).toEqual(
      expect.arrayContaining([
        'tramita_http_requests_total',
        'tramita_http_request_duration_seconds_bucket',
        'tramita_outbox_pending',
        'tramita_outbox_oldest_pending_age_seconds',
        'tramita_sagas',
        'tramita_dead_letters',
        'tramita_consumer_lag',
      ]),
    );
    expect([...known.get('tramita_http_requests_total')!.labels]).toEqual(expect.arrayContaining(['service', 'method', 'route', 'status']));
  });

  it('every rule expression parses and names only served metrics, scrape series or recorded series, with their labels', () => {
    for (const env of ENVIRONMENTS) {
      const recorded = recordedSeries(env);
      const problems = rulesOf(env).flatMap((r) => expressionProblems(r.expr, recorded).map((p) => `${r.record ?? r.alert}: ${p}`));
      expect(problems, env).toEqual([]);
    }
  });

  it('every alert has a severity, a summary and a description, and every recorded series is used', () => {
    const rules = rulesOf('pro');
    const alerts = rules.filter((r) => r.alert);
    expect(alerts.map((a) => a.alert)).toEqual(
      expect.arrayContaining([
        'TramitaHighErrorRate',
        'TramitaSlowRoute',
        'TramitaOutboxStuck',
        'TramitaDeadLetters',
        'TramitaConsumerLagGrowing',
        'TramitaSagasEndingBadly',
        'TramitaTargetDown',
      ]),
    );
    for (const alert of alerts) {
      expect(['warning', 'critical'], alert.alert).toContain(alert.labels?.severity);
      expect(alert.annotations?.summary, alert.alert).toMatch(/\S/);
      expect(alert.annotations?.description, alert.alert).toMatch(/\S/);
    }
    const used = new Set(
      [...rules.map((r) => r.expr), ...dashboardExpressions(dashboardJson('pro'))].flatMap((e) => readPromql(e).selectors.map((s) => s.metric)),
    );
    expect([...recordedSeries('pro')].filter((series) => !used.has(series))).toEqual([]);
  });

  it('the alerts on missing or failing targets name every service', () => {
    const rules = rulesOf('pro');
    const notScraped = rules.find((r) => r.alert === 'TramitaServiceNotScraped')!.expr as string;
    expect([...notScraped.matchAll(/absent\(up\{service="([a-z]+)"\}\)/g)].map((m) => m[1]).sort()).toEqual([...SERVICE_NAMES].sort());
    const down = /service=~"([^"]+)"/.exec(rules.find((r) => r.alert === 'TramitaTargetDown')!.expr)![1]!;
    expect(down.split('|').sort()).toEqual([...SERVICE_NAMES].sort());
    // The PodMonitor makes the target's `service` label the pod's component, the value these alerts match.
    const relabel = one(rendered.get('pro')!, 'PodMonitor').spec.podMetricsEndpoints[0].relabelings.find((r: any) => r.targetLabel === 'service');
    expect(relabel.sourceLabels).toEqual(['__meta_kubernetes_pod_label_app_kubernetes_io_component']);
    for (const s of SERVICE_NAMES) {
      const workload = environment.get('pro')!.find((o) => podTemplated(o) && o.metadata.name === names(s).app)!;
      expect(workload.spec.template.metadata.labels['app.kubernetes.io/component']).toBe(s);
    }
  });

  it('the slow-route alert leaves out exactly the routes the services declare as streams (latencyExcludedRoutes)', () => {
    const expr = rulesOf('pro').find((r) => r.alert === 'TramitaSlowRoute')!.expr as string;
    // PromQL string → regex → the literal route templates.
    const regex = /route!~"([^"]+)"/.exec(expr)![1]!.replace(/\\\\/g, '\\');
    const routes = regex.split('|').map((alternative) => alternative.replace(/\\(.)/g, '$1'));
    expect(routes.sort()).toEqual([...new Set(SERVICES.flatMap((s) => s.latencyExcludedRoutes))].sort());
  });

  it("the rollouts' analysis queries also name only served metrics and labels", () => {
    const templates = ENVIRONMENTS.flatMap((env) => ofKind(environment.get(env)!, 'AnalysisTemplate'));
    const queries = templates.flatMap((t) =>
      t.spec.metrics.flatMap((m: any) => (m.provider?.prometheus?.query ? [m.provider.prometheus.query as string] : [])),
    );
    expect(queries.length).toBeGreaterThan(0);
    // Argo Rollouts fills {{args.x}} before querying: any value does for parsing.
    const problems = queries.flatMap((q) => expressionProblems(q.replace(/\{\{[^}]+\}\}/g, 'x'), new Set()).map((p) => `${q}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('the Grafana dashboard is well-formed and every query parses and names known series', () => {
    for (const env of ENVIRONMENTS) {
      const dashboard = dashboardJson(env);
      expect(dashboardProblems(dashboard), env).toEqual([]);
      const recorded = recordedSeries(env);
      const problems = dashboardExpressions(dashboard).flatMap((e) => expressionProblems(withGrafanaVariablesFilled(e), recorded).map((p) => `${e}: ${p}`));
      expect(problems, env).toEqual([]);
    }
    // The committed JSON is what the ConfigMap carries.
    const committed = JSON.parse(readFileSync(join(REPO_ROOT, 'deploy/monitoring/base/dashboards/tramita-overview.json'), 'utf8'));
    expect(dashboardJson('pro')).toEqual(committed);
    const selector = one(rendered.get('pro')!, 'GrafanaDashboard').spec.instanceSelector.matchLabels;
    expect(selector).toEqual({ dashboards: 'si-tramita' });
  });

  it('the dashboard covers what the issue asks: rate, errors and latency per route, sagas, outbox, lag, dead letters', () => {
    const used = new Set(dashboardExpressions(dashboardJson('pro')).flatMap((e) => readPromql(withGrafanaVariablesFilled(e)).selectors.map((s) => s.metric)));
    for (const metric of [
      'tramita_http_requests_total',
      'tramita_http_request_duration_seconds_bucket',
      'tramita_sagas',
      'tramita_outbox_pending',
      'tramita_outbox_oldest_pending_age_seconds',
      'tramita_consumer_lag',
      'tramita_dead_letters',
    ])
      expect(used, metric).toContain(metric);
  });

  it('an Argo CD Application per environment deploys the monitoring tree beside the services', () => {
    for (const env of ENVIRONMENTS) {
      const [app] = parseObjects(readFileSync(join(REPO_ROOT, `deploy/argocd/si-tramita-${env}-monitoring.yaml`), 'utf8'));
      const [services] = parseObjects(readFileSync(join(REPO_ROOT, `deploy/argocd/si-tramita-${env}.yaml`), 'utf8'));
      expect(schemaErrors(app!)).toBeUndefined();
      expect(app!.spec.source.path).toBe(`deploy/monitoring/${env}`);
      expect(app!.spec.destination).toEqual(services!.spec.destination);
      expect(app!.spec.source.repoURL).toBe(services!.spec.source.repoURL);
      expect(app!.spec.source.targetRevision, `set targetRevision in deploy/argocd/si-tramita-${env}-monitoring.yaml to si-tramita-${env}'s`).toBe(
        services!.spec.source.targetRevision,
      );
      expect(app!.spec.project).toBe(services!.spec.project);
      expect(Boolean(app!.spec.syncPolicy.automated), env).toBe(Boolean(services!.spec.syncPolicy.automated));
    }
  });
});

describe('the monitoring checks fail on broken input', () => {
  it('a renamed metric, a missing label, bad syntax or an unknown series is reported', () => {
    const recorded = new Set(['service:tramita_http_requests:rate5m']);
    expect(expressionProblems('sum by (service) (rate(tramita_http_requests_total[5m]))', recorded)).toEqual([]);
    expect(expressionProblems('sum by (service) (rate(tramita_http_request_total[5m]))', recorded)).toEqual(['unknown metric tramita_http_request_total']);
    expect(expressionProblems('tramita_outbox_pending{route="/x"}', recorded)).toEqual(['tramita_outbox_pending has no label route']);
    expect(expressionProblems('sum by (tenant) (tramita_sagas)', recorded)).toEqual(['no series has the label tenant']);
    expect(expressionProblems('sum(rate(tramita_sagas[5m]', recorded)[0]).toMatch(/does not parse/);
    expect(expressionProblems('service:tramita_http_errors:ratio_rate5m > 0', recorded)).toEqual(['unknown metric service:tramita_http_errors:ratio_rate5m']);
    expect(expressionProblems('rate(tramita_http_requests_total[$__rate_interval])', recorded)[0]).toMatch(/does not parse/);
    expect(expressionProblems(withGrafanaVariablesFilled('rate(tramita_http_requests_total{service=~"$service"}[$__rate_interval])'), recorded)).toEqual([]);
  });

  it('a dashboard with repeated ids, a panel without datasource or expr, or an unknown variable is reported', () => {
    const good = dashboardJson('pro');
    expect(dashboardProblems(good)).toEqual([]);
    const breakages: ((d: any) => void)[] = [
      (d) => void (d.panels[2].id = d.panels[1].id),
      (d) => void delete d.panels[1].datasource,
      (d) => void (d.panels[1].targets[0].expr = ''),
      (d) => void (d.panels[1].targets = []),
      (d) => void (d.panels[1].targets[0].expr = 'sum(rate(tramita_http_requests_total{service=~"$svc"}[5m]))'),
      (d) => void (d.panels[1].gridPos.x = 20),
      (d) => void delete d.uid,
    ];
    for (const [index, breakIt] of breakages.entries()) {
      const broken = structuredClone(good);
      breakIt(broken);
      expect(dashboardProblems(broken), `breakage ${index}`).not.toEqual([]);
    }
  });

  it('schema validation rejects a PodMonitor with a malformed oauth2 block and a PrometheusRule without expr', () => {
    const monitor = structuredClone(one(rendered.get('pro')!, 'PodMonitor'));
    monitor.spec.podMetricsEndpoints[0].oauth2 = { clientId: {} };
    expect(validationError(monitor)).toMatch(/PodMonitor\/si-tramita-services/);
    const rule = structuredClone(one(rendered.get('pro')!, 'PrometheusRule'));
    delete rule.spec.groups[0].rules[0].expr;
    expect(validationError(rule)).toMatch(/PrometheusRule\/si-tramita-rules/);
    const dashboard = structuredClone(one(rendered.get('pro')!, 'GrafanaDashboard'));
    delete dashboard.spec.instanceSelector;
    expect(validationError(dashboard)).toMatch(/GrafanaDashboard\/si-tramita-overview/);
  });
});

/** Whether a Kubernetes label selector (matchLabels, matchExpressions In/NotIn/Exists/DoesNotExist) selects `labels`. */
function selects(selector: any, labels: Record<string, string>): boolean {
  const byLabel = Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpression = (selector?.matchExpressions ?? []).every((e: any) => {
    const value = labels[e.key];
    if (e.operator === 'In') return value !== undefined && e.values.includes(value);
    if (e.operator === 'NotIn') return value === undefined || !e.values.includes(value);
    if (e.operator === 'Exists') return value !== undefined;
    if (e.operator === 'DoesNotExist') return value === undefined;
    throw new Error(`unknown selector operator ${e.operator}`);
  });
  return byLabel && byExpression;
}
