import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../tools/generate.ts';
import { loadConfig } from '../../services/index/src/config.ts';
import { SERVICES } from '../tools/platform.ts';

const COMPOSE_DIR = join(REPO_ROOT, 'deploy/compose');
const compose = parse(readFileSync(join(COMPOSE_DIR, 'compose.yaml'), 'utf8'), { merge: true });
const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'deploy/test/schema/compose-spec.json'), 'utf8')) as Record<string, unknown>;

/** The vendored schema names its parts with draft-04 `id`, which Ajv 8 refuses: drop those (they are labels only). */
function withoutDraft4Ids(node: unknown, parentKey = ''): unknown {
  if (Array.isArray(node)) return node.map((n) => withoutDraft4Ids(n));
  if (node === null || typeof node !== 'object') return node;
  const isNameMap = ['properties', 'patternProperties', 'definitions'].includes(parentKey);
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => isNameMap || !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutDraft4Ids(value, key)]),
  );
}

function composeErrors(document: unknown): string[] {
  const { $schema: _ignored, ...body } = withoutDraft4Ids(schema) as Record<string, unknown>;
  const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
  const validate = ajv.compile(body);
  return validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** Public upstream images the stack may pull; everything else must be built from this repository. */
const UPSTREAM = [
  /^postgres:\d+/,
  /^apache\/kafka:\d/,
  /^chrislusf\/seaweedfs:\d/,
  /^quay\.io\/keycloak\/keycloak:\d/,
  /^otel\/opentelemetry-collector-contrib:\d/,
  /^opensearchproject\/opensearch:2\.\d+\.\d+$/,
];

describe('deploy/compose/compose.yaml', () => {
  it('validates against the Compose Specification schema', () => {
    expect(composeErrors(compose)).toEqual([]);
  });

  it('the schema check rejects a broken compose document', () => {
    expect(composeErrors({ services: { web: { image: 'x', ports: 'not-a-list', restart: ['always'] } } })).not.toEqual([]);
    expect(composeErrors({ services: { web: { build: { context: '.', dockerfiel: 'typo' } } } })).not.toEqual([]);
  });

  it('builds every Tramita service from its own .dockerfile and pulls only public upstream images otherwise', () => {
    for (const s of SERVICES) {
      const service = compose.services[s.name];
      expect(service?.build?.dockerfile, s.name).toBe(`services/${s.name}/.dockerfile`);
      expect(existsSync(join(COMPOSE_DIR, service.build.context, service.build.dockerfile))).toBe(true);
    }
    for (const [name, service] of Object.entries<any>(compose.services)) {
      if (service.build) continue;
      expect(
        UPSTREAM.some((pattern) => pattern.test(service.image)),
        `${name}: ${service.image}`,
      ).toBe(true);
    }
    expect(JSON.stringify(compose).toLowerCase()).not.toContain('minio');
  });

  it('runs the distributed topology: PostgreSQL, Kafka in KRaft mode, S3-compatible storage, Keycloak, the collector', () => {
    expect(compose.services.kafka.environment.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(compose.services.kafka.environment.KAFKA_ZOOKEEPER_CONNECT).toBeUndefined();
    expect(compose.services.seaweedfs.command).toContain('-s3');
    expect(compose.services.keycloak.command).toContain('--import-realm');
    expect(compose.services['otel-collector']).toBeDefined();
  });

  it('gives each service the settings the distributed mode needs, as the Kubernetes ConfigMaps do', () => {
    for (const s of SERVICES) {
      const env = compose.services[s.name].environment as Record<string, string>;
      const needed = [
        'HOST',
        'PORT',
        'PUBLIC_URL',
        'OIDC_ISSUER',
        'OIDC_JWKS_URL',
        'LOG_LEVEL',
        'OTEL_EXPORTER_OTLP_ENDPOINT',
        'TRAMITA_TRANSPORT',
        'KAFKA_BROKERS',
      ];
      if (s.database) needed.push('DATABASE_URL');
      needed.push(...s.secrets.filter((k) => k !== 'AUTH_SERVICES_CLIENT_SECRET'));
      needed.push(...Object.keys(s.config).filter((k) => k.startsWith('TRAMITA_') || k.startsWith('DOCS_S3') || k === 'DOCS_BLOB_STORE'));
      for (const key of needed) expect(env[key], `${s.name}: ${key}`).toBeDefined();
      expect(env.HOST).toBe('0.0.0.0');
      if (s.database) expect(env.DATABASE_URL).toMatch(new RegExp(`^postgres://tramita_${s.name}:[^@]+@postgres:5432/tramita_${s.name}$`));
      // Tramita containers run as OpenShift does: read-only root, arbitrary UID in group 0, no capabilities.
      expect(compose.services[s.name].read_only).toBe(true);
      expect(compose.services[s.name].user).toMatch(/^[1-9]\d*:0$/);
    }
  });

  it('offers the index on OpenSearch behind the opensearch profile, with settings the index service accepts', () => {
    const opensearch = compose.services.opensearch;
    expect(opensearch.profiles).toEqual(['opensearch']);
    // Security off is tolerable only because nothing outside the compose network reaches it.
    expect(opensearch.environment.DISABLE_SECURITY_PLUGIN).toBe('true');
    expect(opensearch.ports).toBeUndefined();
    expect(opensearch.healthcheck.test.join(' ')).toContain('_cluster/health');
    const env = compose.services.index.environment as Record<string, string>;
    // The index's own settings: the default (postgres) and the variant (INDEX_STORE=opensearch), as compose interpolates them.
    const interpolate = (value: string, vars: Record<string, string>) =>
      value.replace(/\$\{(\w+):-([^}]*)\}/g, (_m, name: string, fallback: string) => vars[name] ?? fallback);
    const settings = (vars: Record<string, string>) => Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(String(v), vars)]));
    expect(loadConfig(settings({})).INDEX_STORE).toBe('postgres');
    const onOpenSearch = loadConfig(settings({ INDEX_STORE: 'opensearch' }));
    expect(onOpenSearch.INDEX_STORE).toBe('opensearch');
    expect(new URL(onOpenSearch.INDEX_OPENSEARCH_URL!).host).toBe('opensearch:9200');
    expect(() => loadConfig(settings({ INDEX_STORE: 'elastic' }))).toThrow(/INDEX_STORE/);
  });

  it('ships a Keycloak realm with the public PKCE web client, the five roles and no fixed passwords', () => {
    const realm = JSON.parse(readFileSync(join(COMPOSE_DIR, 'keycloak/tramita-realm.json'), 'utf8'));
    const web = realm.clients.find((c: any) => c.clientId === 'tramita-web');
    expect(web.publicClient).toBe(true);
    expect(web.attributes['pkce.code.challenge.method']).toBe('S256');
    expect(realm.roles.realm.map((r: any) => r.name).sort()).toEqual(['admin', 'consulta', 'tecnico', 'tramitador', 'validador']);
    for (const user of realm.users)
      expect(
        user.credentials.every((c: any) => c.temporary === true),
        user.username,
      ).toBe(true);
  });

  it('the collector configuration wires every pipeline to defined receivers, processors and exporters', () => {
    const config = parse(readFileSync(join(COMPOSE_DIR, 'otel-collector.yaml'), 'utf8'));
    for (const [name, pipeline] of Object.entries<any>(config.service.pipelines)) {
      for (const r of pipeline.receivers) expect(config.receivers[r], `${name} receiver ${r}`).toBeDefined();
      for (const p of pipeline.processors) expect(config.processors[p], `${name} processor ${p}`).toBeDefined();
      for (const e of pipeline.exporters) expect(config.exporters[e], `${name} exporter ${e}`).toBeDefined();
    }
    expect(config.receivers.otlp.protocols.http.endpoint).toBe('0.0.0.0:4318');
  });
});
