import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, generatedFiles } from '../tools/generate.ts';
import { ENVIRONMENTS, NAMESPACE, SERVICE_NAMES, names, type Environment, type ServiceName } from '../tools/platform.ts';
import { environmentRules, serviceRules } from './policy.ts';
import { parseObjects, render, schemaErrors, type K8sObject } from './render.ts';

const serviceDir = (s: ServiceName, env: Environment) => join(REPO_ROOT, 'services', s, 'despliegue', env);
const rendered = new Map<string, K8sObject[]>();
const key = (s: ServiceName | 'environment', env: Environment) => `${s}/${env}`;
const objectsOf = (s: ServiceName, env: Environment) => rendered.get(key(s, env))!;
const clone = <T>(v: T): T => structuredClone(v);

beforeAll(async () => {
  const jobs: Promise<void>[] = [];
  for (const env of ENVIRONMENTS) {
    for (const s of SERVICE_NAMES) jobs.push(render(serviceDir(s, env)).then((objects) => void rendered.set(key(s, env), objects)));
    jobs.push(render(join(REPO_ROOT, 'deploy/environments', env)).then((objects) => void rendered.set(key('environment', env), objects)));
  }
  await Promise.all(jobs);
}, 120_000);

describe('kustomize overlays', () => {
  it('every service has base, test, pre and pro, and each overlay renders', () => {
    for (const s of SERVICE_NAMES) {
      expect(readdirSync(join(REPO_ROOT, 'services', s, 'despliegue')).sort()).toEqual(['base', 'pre', 'pro', 'test']);
      for (const env of ENVIRONMENTS) expect(objectsOf(s, env).length, `${s}/${env}`).toBeGreaterThan(5);
    }
  });

  it('each environment aggregates the tenant resources and every service into its namespace', () => {
    for (const env of ENVIRONMENTS) {
      const all = rendered.get(key('environment', env))!;
      expect(new Set(all.map((o) => o.metadata.namespace))).toEqual(new Set([NAMESPACE[env]]));
      for (const s of SERVICE_NAMES) expect(all.some((o) => o.kind === 'Deployment' && o.metadata.name === names(s).app)).toBe(true);
    }
  });

  it('every rendered object validates against the Kubernetes, Istio and Sealed Secrets schemas', () => {
    const errors: string[] = [];
    for (const env of ENVIRONMENTS)
      for (const o of rendered.get(key('environment', env))!) {
        const error = schemaErrors(o);
        if (error) errors.push(`${env}: ${error}`);
      }
    expect(errors).toEqual([]);
  });

  it('the Argo CD Applications validate and point each environment at its namespace and kustomization', () => {
    for (const env of ENVIRONMENTS) {
      const [app] = parseObjects(readFileSync(join(REPO_ROOT, `deploy/argocd/si-tramita-${env}.yaml`), 'utf8'));
      expect(schemaErrors(app!)).toBeUndefined();
      expect(app!.spec.destination.namespace).toBe(NAMESPACE[env]);
      expect(app!.spec.source.path).toBe(`deploy/environments/${env}`);
    }
  });

  it('the committed artefacts are what deploy/tools/generate.ts writes (image tags aside)', () => {
    const stale: string[] = [];
    for (const [path, content] of generatedFiles()) {
      const full = join(REPO_ROOT, path);
      // The pipeline's `kustomize edit set image` moves image tags (and may reorder keys): those may differ.
      const tagless = (text: string) => text.replace(/newTag: .*/g, 'newTag: <tag>');
      if (!existsSync(full) || tagless(readFileSync(full, 'utf8')) !== tagless(content)) stale.push(path);
    }
    expect(stale, 'run `node deploy/tools/generate.ts`').toEqual([]);
  });

  it('every image carries the SQL migrations the services run at start, and no test-only helper', () => {
    // A migration set read from outside a workspace's src (messaging's tables, token revocations)
    // must be copied too, or every service fails at its first start in the cluster.
    const migrationDirs = ['packages', 'services'].flatMap((group) =>
      readdirSync(join(REPO_ROOT, group)).flatMap((name) => (existsSync(join(REPO_ROOT, group, name, 'migrations')) ? [`${group}/${name}/migrations`] : [])),
    );
    expect(migrationDirs).toEqual(expect.arrayContaining(['packages/messaging/migrations', 'packages/platform/migrations']));
    for (const s of SERVICE_NAMES) {
      const copied = readFileSync(join(REPO_ROOT, 'services', s, '.dockerfile'), 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('COPY ') && !line.includes('--from='))
        .map((line) => line.split(' ')[1]);
      for (const dir of migrationDirs) expect(copied, `${s} image lacks ${dir}`).toContain(dir);
      expect(
        copied.filter((path) => /(^|\/)test(\/|$)/.test(path!)),
        `${s} image copies tests`,
      ).toEqual([]);
    }
  });
});

describe('ADA standard rules hold for every service in every environment', () => {
  for (const [rule, check] of Object.entries(serviceRules)) {
    it(`${rule}`, () => {
      const violations: string[] = [];
      for (const env of ENVIRONMENTS)
        for (const s of SERVICE_NAMES) violations.push(...check(objectsOf(s, env), { service: s, env }).map((v) => `${s}/${env}: ${v}`));
      expect(violations).toEqual([]);
    });
  }
  for (const [rule, check] of Object.entries(environmentRules)) {
    it(`${rule} (namespace-wide)`, () => {
      const violations = ENVIRONMENTS.flatMap((env) => check(rendered.get(key('environment', env))!, env).map((v) => `${env}: ${v}`));
      expect(violations).toEqual([]);
    });
  }
});

/** Each rule must fail on a copy broken in the way it guards against (so it cannot pass vacuously). */
type Mutation = (objects: K8sObject[]) => void;
const find = (objects: K8sObject[], kind: string) => objects.find((o) => o.kind === kind)!;
const container = (objects: K8sObject[]) => find(objects, 'Deployment').spec.template.spec.containers[0];
const serviceMutations: Record<keyof typeof serviceRules, Mutation[]> = {
  naming: [(o) => void (find(o, 'Service').metadata.name = 'files'), (o) => void o.push({ ...clone(find(o, 'Deployment')), kind: 'StatefulSet' })],
  namespace: [(o) => void (find(o, 'ConfigMap').metadata.namespace = 'default')],
  replicas: [(o) => void (find(o, 'Deployment').spec.replicas = 2), (o) => void (find(o, 'Rollout').spec.replicas = 1)],
  autoscaling: [
    (o) => void (find(o, 'HorizontalPodAutoscaler').spec.metrics[0].resource.target.averageUtilization = 80),
    (o) => void (find(o, 'HorizontalPodAutoscaler').spec.minReplicas = 1),
    (o) => void delete find(o, 'HorizontalPodAutoscaler').spec.behavior.scaleDown.tolerance,
    (o) => void o.splice(o.indexOf(find(o, 'HorizontalPodAutoscaler')), 1),
    (o) => void (find(o, 'HorizontalPodAutoscaler').spec.scaleTargetRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'si-tramita-files' }),
  ],
  antiAffinity: [
    (o) => void delete find(o, 'Deployment').spec.template.spec.affinity,
    (o) => void delete find(o, 'Deployment').spec.template.spec.topologySpreadConstraints,
  ],
  resources: [
    (o) => void (container(o).resources.limits.cpu = '1'),
    (o) => void (container(o).resources.requests.memory = '128Mi'),
    (o) => void (container(o).env[0].value = '--max-old-space-size=1024'),
  ],
  probes: [(o) => void delete container(o).readinessProbe, (o) => void (container(o).livenessProbe.httpGet.path = '/')],
  securityContext: [
    (o) => void (container(o).securityContext.readOnlyRootFilesystem = false),
    (o) => void (container(o).securityContext.allowPrivilegeEscalation = true),
    (o) => void (container(o).securityContext.capabilities = { add: ['NET_ADMIN'] }),
    (o) => void (find(o, 'Deployment').spec.template.spec.securityContext.runAsUser = 0),
    (o) => void (container(o).volumeMounts = []),
  ],
  rollback: [
    (o) => void delete find(o, 'Deployment').spec.revisionHistoryLimit,
    (o) => void delete find(o, 'Deployment').spec.progressDeadlineSeconds,
    (o) => void (find(o, 'Deployment').spec.strategy = { type: 'Recreate' }),
  ],
  disruptionBudget: [(o) => void o.splice(o.indexOf(find(o, 'PodDisruptionBudget')), 1)],
  secrets: [
    (o) =>
      void o.push({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'si-tramita-files-secret', namespace: 'pro-si-tramita' },
        stringData: { DATABASE_URL: 'x' },
      }),
  ],
  mesh: [
    (o) => void delete find(o, 'VirtualService').spec.http[0].timeout,
    (o) => void delete find(o, 'VirtualService').spec.http[0].retries,
    (o) => void delete find(o, 'DestinationRule').spec.trafficPolicy.outlierDetection,
  ],
  tokenRequired: [
    (o) => void (find(o, 'AuthorizationPolicy').spec.rules = [{}]),
    (o) => void find(o, 'AuthorizationPolicy').spec.rules.push({ to: [{ operation: { methods: ['GET'] } }] }),
    (o) => void find(o, 'AuthorizationPolicy').spec.rules.push({ to: [{ operation: { paths: ['/api/*'] } }] }),
    (o) => void (find(o, 'AuthorizationPolicy').spec.rules[1].to[0].operation.paths = ['/openapi.json']),
  ],
  networkPolicy: [(o) => void o.splice(o.indexOf(find(o, 'NetworkPolicy')), 1)],
  progressiveDelivery: [
    (o) => void o.splice(o.indexOf(find(o, 'Rollout')), 1),
    (o) => void (find(o, 'Rollout').spec.template = clone(find(o, 'Deployment').spec.template)),
    (o) => void (find(o, 'Rollout').spec.workloadRef.name = 'si-tramita-bpm'),
    (o) => void delete find(o, 'Rollout').spec.progressDeadlineAbort,
    (o) => void (find(o, 'Rollout').spec.strategy.canary.trafficRouting.istio.virtualService.name = 'si-tramita-bpm-vs'),
    (o) => void find(o, 'Rollout').spec.strategy.canary.trafficRouting.istio.virtualService.routes.pop(),
    (o) => void find(o, 'VirtualService').spec.http[0].route.pop(),
    (o) => void delete find(o, 'DestinationRule').spec.subsets,
    (o) => void (find(o, 'Rollout').spec.strategy.canary.steps = find(o, 'Rollout').spec.strategy.canary.steps.filter((st: K8sObject) => !st.analysis)),
    (o) => void find(o, 'Rollout').spec.strategy.canary.steps.push({ setWeight: 100 }),
    (o) => void o.splice(o.indexOf(find(o, 'AnalysisTemplate')), 1),
    (o) => void (find(o, 'Rollout').spec.strategy = { blueGreen: { activeService: 'si-tramita-files-svc' } }),
  ],
};

const environmentMutations: Record<keyof typeof environmentRules, Mutation[]> = {
  mtlsStrict: [(o) => void (find(o, 'PeerAuthentication').spec.mtls.mode = 'PERMISSIVE'), (o) => void o.splice(o.indexOf(find(o, 'PeerAuthentication')), 1)],
  jwtIssuer: [
    (o) => void (find(o, 'RequestAuthentication').spec.jwtRules[0].issuer = 'https://otro.example/auth'),
    (o) => void (find(o, 'RequestAuthentication').spec.jwtRules[0].audiences = []),
  ],
  tenantGateway: [(o) => void delete find(o, 'Gateway').spec.servers[0].tls, (o) => void delete find(o, 'Gateway').spec.servers[1].tls],
  defaultDeny: [
    (o) =>
      void o.splice(
        o.findIndex((n) => n.kind === 'NetworkPolicy' && n.metadata.name.endsWith('default-deny-ingress')),
        1,
      ),
  ],
  everyWorkloadHardened: [
    (o) => void delete o.find((d) => d.kind === 'Deployment' && d.metadata.name.includes('otel'))!.spec.template.spec.containers[0].resources.limits,
    (o) => void (find(o, 'Rollout').spec.workloadRef.name = 'si-tramita-absent'),
  ],
};

describe('each rule rejects a deliberately broken copy', () => {
  for (const [rule, mutations] of Object.entries(serviceMutations)) {
    it(`${rule} fails on ${mutations.length} broken cop${mutations.length === 1 ? 'y' : 'ies'} of files/pro`, () => {
      expect(serviceRules[rule]!(objectsOf('files', 'pro'), { service: 'files', env: 'pro' })).toEqual([]);
      for (const [index, mutate] of mutations.entries()) {
        const broken = clone(objectsOf('files', 'pro'));
        mutate(broken);
        expect(serviceRules[rule]!(broken, { service: 'files', env: 'pro' }), `mutation ${index}`).not.toEqual([]);
      }
    });
  }
  for (const [rule, mutations] of Object.entries(environmentMutations)) {
    it(`${rule} fails on a broken copy of the pro environment`, () => {
      for (const [index, mutate] of mutations.entries()) {
        const broken = clone(rendered.get(key('environment', 'pro'))!);
        mutate(broken);
        expect(environmentRules[rule]!(broken, 'pro'), `mutation ${index}`).not.toEqual([]);
      }
    });
  }

  it('the broken fixture overlay (deploy/test/fixtures/broken-files-pro) renders but breaks the rules', async () => {
    const objects = await render(join(REPO_ROOT, 'deploy/test/fixtures/broken-files-pro'));
    const scope = { service: 'files' as const, env: 'pro' as const };
    const failing = Object.entries(serviceRules)
      .filter(([, check]) => check(objects, scope).length > 0)
      .map(([rule]) => rule);
    expect(failing.sort()).toEqual(['antiAffinity', 'autoscaling', 'probes', 'replicas', 'securityContext', 'tokenRequired']);
  });

  it('schema validation rejects the broken Deployment fixture and unknown kinds', () => {
    const [broken] = parseObjects(readFileSync(join(REPO_ROOT, 'deploy/test/fixtures/broken-deployment.yaml'), 'utf8'));
    expect(schemaErrors(broken!)).toMatch(/Deployment\/si-tramita-broken/);
    expect(schemaErrors({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'x' } })).toMatch(/no schema known/);
  });
});
