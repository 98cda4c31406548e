import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parser as promql } from '@prometheus-io/lezer-promql';
import { beforeAll, describe, expect, it } from 'vitest';
import { ServiceMetrics } from '../../packages/platform/src/metrics.ts';
import { REPO_ROOT } from '../tools/generate.ts';
import { ENVIRONMENTS, PROGRESSIVE_ENVIRONMENTS, ROLLOUT, SERVICES, names, type Environment } from '../tools/platform.ts';
import { ANALYSIS_METRICS } from '../tools/rollouts.ts';
import { serviceRules } from './policy.ts';
import { parseObjects, render, schemaErrors, type K8sObject } from './render.ts';

const rendered = new Map<Environment, K8sObject[]>();
beforeAll(async () => {
  for (const env of ENVIRONMENTS) rendered.set(env, await render(join(REPO_ROOT, 'deploy/environments', env)));
}, 120_000);
const ofKind = (env: Environment, kind: string) => rendered.get(env)!.filter((o) => o.kind === kind);

/** PromQL syntax errors of a query, once Argo Rollouts has put a pod-template hash in its placeholders. */
function syntaxErrors(query: string): string[] {
  const text = query.replace(/\{\{args\.[\w-]+\}\}/g, '5d8f7c9b4');
  const errors: string[] = [];
  promql.parse(text).iterate({
    enter: (node) => {
      if (node.type.isError) errors.push(`syntax error at ${node.from} in ${text}`);
    },
  });
  return errors;
}

/** Metric names and label matchers of a PromQL query, checked against a real registry: unknown names or labels are errors. */
const TARGET_LABELS = ['namespace', 'pod'];
function queryErrors(query: string, registry = new ServiceMetrics('files').registry): string[] {
  const errors: string[] = [];
  const selectors = [...query.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{([^}]*)\}/g)];
  if (!selectors.length) errors.push(`no metric selector in ${query}`);
  for (const [, name, matchers] of selectors) {
    const suffix = /_(bucket|sum|count)$/.exec(name!)?.[1];
    const metric = registry.getSingleMetric(name!) ?? (suffix ? registry.getSingleMetric(name!.slice(0, -suffix.length - 1)) : undefined);
    if (!metric) {
      errors.push(`${name} is not a metric of ServiceMetrics`);
      continue;
    }
    const own = (metric as unknown as { labelNames: string[] }).labelNames;
    const allowed = new Set([...own, 'service', ...TARGET_LABELS, ...(suffix === 'bucket' ? ['le'] : [])]);
    for (const [, label] of matchers!.matchAll(/([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)/g)) if (!allowed.has(label!)) errors.push(`${name} has no label ${label}`);
  }
  return errors;
}

describe('Argo Rollouts in pre and pro', () => {
  it('each service has one Rollout per progressive environment and none in test, with its strategy from platform.ts', () => {
    for (const env of ENVIRONMENTS) {
      const rollouts = ofKind(env, 'Rollout');
      if (!PROGRESSIVE_ENVIRONMENTS.includes(env)) expect(rollouts).toEqual([]);
      else
        expect(Object.fromEntries(rollouts.map((r) => [r.metadata.name, Object.keys(r.spec.strategy)[0]]))).toEqual(
          Object.fromEntries(SERVICES.map((s) => [names(s.name).app, s.delivery])),
        );
    }
    expect(SERVICES.find((s) => s.name === 'gateway')!.delivery).toBe('blueGreen');
  });

  it('every Rollout and AnalysisTemplate validates against the Argo Rollouts models, which reject a wrong type', () => {
    for (const env of PROGRESSIVE_ENVIRONMENTS)
      for (const o of [...ofKind(env, 'Rollout'), ...ofKind(env, 'AnalysisTemplate')]) expect(schemaErrors(o), `${env} ${o.metadata.name}`).toBeUndefined();
    const rollout = structuredClone(ofKind('pro', 'Rollout')[0]!);
    rollout.spec.replicas = 'three';
    expect(schemaErrors(rollout)).toMatch(/Rollout/);
    const template = structuredClone(ofKind('pro', 'AnalysisTemplate')[0]!);
    template.spec.metrics = 'none';
    expect(schemaErrors(template)).toMatch(/AnalysisTemplate/);
  });

  it('every name a Rollout uses exists in the rendered environment', () => {
    for (const env of PROGRESSIVE_ENVIRONMENTS) {
      const has = (kind: string, name: string) => rendered.get(env)!.some((o) => o.kind === kind && o.metadata.name === name);
      for (const r of ofKind(env, 'Rollout')) {
        const spec = r.spec;
        expect(has('Deployment', spec.workloadRef.name), `${r.metadata.name} workloadRef`).toBe(true);
        const analyses: any[] = [];
        if (spec.strategy.canary) {
          const istio = spec.strategy.canary.trafficRouting.istio;
          const vs = rendered.get(env)!.find((o) => o.kind === 'VirtualService' && o.metadata.name === istio.virtualService.name);
          expect(vs, `${r.metadata.name} VirtualService`).toBeDefined();
          expect(istio.virtualService.routes.sort()).toEqual(vs!.spec.http.map((h: any) => h.name).sort());
          expect(has('DestinationRule', istio.destinationRule.name)).toBe(true);
          analyses.push(...spec.strategy.canary.steps.filter((st: any) => st.analysis).map((st: any) => st.analysis));
        } else {
          const bg = spec.strategy.blueGreen;
          expect(has('Service', bg.activeService) && has('Service', bg.previewService), `${r.metadata.name} services`).toBe(true);
          const edge = rendered.get(env)!.find((o) => o.kind === 'VirtualService' && o.metadata.name === names('gateway').vs)!;
          expect(edge.spec.http[0].route[0].destination.host).toBe(bg.previewService);
          analyses.push(bg.prePromotionAnalysis, bg.postPromotionAnalysis);
        }
        for (const a of analyses) for (const t of a.templates) expect(has('AnalysisTemplate', t.templateName), t.templateName).toBe(true);
      }
      const hpas = ofKind(env, 'HorizontalPodAutoscaler').filter((h) => h.metadata.name !== undefined && h.spec.scaleTargetRef.name.startsWith('si-tramita-'));
      for (const hpa of hpas.filter((h) => !h.metadata.name.includes('otel'))) expect(hpa.spec.scaleTargetRef.kind).toBe('Rollout');
    }
  });

  it("every analysis query parses as PromQL and uses metric names and labels of a real ServiceMetrics registry, with the platform's thresholds", () => {
    const queries = PROGRESSIVE_ENVIRONMENTS.flatMap((env) =>
      ofKind(env, 'AnalysisTemplate').flatMap((t) => t.spec.metrics.map((m: any) => ({ id: `${env} ${t.metadata.name}/${m.name}`, metric: m }))),
    );
    expect(queries.length).toBe(PROGRESSIVE_ENVIRONMENTS.length * SERVICES.length * 3);
    for (const { id, metric } of queries) {
      expect(queryErrors(metric.provider.prometheus.query), id).toEqual([]);
      expect(syntaxErrors(metric.provider.prometheus.query), id).toEqual([]);
      if (metric.name === 'error-ratio') expect(metric.successCondition).toBe(`result[0] <= ${ROLLOUT.maxErrorRatio}`);
      if (metric.name === 'latency-p95') expect(metric.successCondition).toBe(`result[0] <= ${ROLLOUT.maxP95Seconds}`);
    }
    // The checker itself: a renamed metric or label is caught.
    expect(queryErrors(`sum(rate(${ANALYSIS_METRICS.requests}{status=~"5.."}[2m]))`)).toEqual([]);
    expect(queryErrors('sum(rate(tramita_http_request_total{status=~"5.."}[2m]))')).toEqual(['tramita_http_request_total is not a metric of ServiceMetrics']);
    expect(queryErrors(`sum(rate(${ANALYSIS_METRICS.requests}{code=~"5.."}[2m]))`)).toEqual([`${ANALYSIS_METRICS.requests} has no label code`]);
    expect(queryErrors(`rate(${ANALYSIS_METRICS.duration}_bucket{le="1"}[2m])`)).toEqual([]);
    expect(syntaxErrors('(sum(rate(tramita_http_requests_total{pod=~"x-{{args.pod-template-hash}}-.+"}[2m])) or vector(0))')).toEqual([]);
    expect(syntaxErrors('sum(rate(tramita_http_requests_total[2m]) or vector(0)')).not.toEqual([]);
  });

  it('the blue/green gateway breaks the rule without its preview Service or its pre-promotion analysis', () => {
    for (const env of PROGRESSIVE_ENVIRONMENTS) {
      const objects = rendered.get(env)!.filter((o) => o.metadata.name === names('gateway').app || o.metadata.name.startsWith(`${names('gateway').app}-`));
      expect(serviceRules.progressiveDelivery!(objects, { service: 'gateway', env })).toEqual([]);
      const noPreview = objects.filter((o) => o.metadata.name !== names('gateway').preview);
      expect(serviceRules.progressiveDelivery!(noPreview, { service: 'gateway', env })).not.toEqual([]);
      const noAnalysis = structuredClone(objects);
      delete noAnalysis.find((o) => o.kind === 'Rollout')!.spec.strategy.blueGreen.prePromotionAnalysis;
      expect(serviceRules.progressiveDelivery!(noAnalysis, { service: 'gateway', env })).not.toEqual([]);
    }
  });

  it('Argo CD leaves the replicas, canary weights and subset hashes to the HPA and Argo Rollouts in pre and pro', () => {
    for (const env of PROGRESSIVE_ENVIRONMENTS) {
      const [app] = parseObjects(readFileSync(join(REPO_ROOT, `deploy/argocd/si-tramita-${env}.yaml`), 'utf8'));
      expect(app!.spec.ignoreDifferences).toEqual(
        expect.arrayContaining([
          { group: 'argoproj.io', kind: 'Rollout', jsonPointers: ['/spec/replicas'] },
          expect.objectContaining({ kind: 'VirtualService', jqPathExpressions: ['.spec.http[].route[].weight'] }),
          expect.objectContaining({ kind: 'DestinationRule', jqPathExpressions: ['.spec.subsets[].labels["rollouts-pod-template-hash"]'] }),
        ]),
      );
    }
  });
});
