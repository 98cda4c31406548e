/* eslint-disable @typescript-eslint/no-explicit-any -- rendered YAML is untyped data, inspected defensively */
/** Renders Kustomize directories (cached per content hash) and validates objects against their schemas. */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import * as apps from 'kubernetes-models/apps/v1';
import * as autoscaling from 'kubernetes-models/autoscaling/v2';
import * as core from 'kubernetes-models/v1';
import * as networking from 'kubernetes-models/networking.k8s.io/v1';
import * as policy from 'kubernetes-models/policy/v1';
import * as istioNet from '@kubernetes-models/istio/networking.istio.io/v1';
import * as istioSec from '@kubernetes-models/istio/security.istio.io/v1';
import * as sealed from '@kubernetes-models/sealed-secrets/bitnami.com/v1alpha1';
import * as argo from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import * as rollouts from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1';
import { REPO_ROOT } from '../tools/generate.ts';

const run = promisify(execFile);

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
  [key: string]: any;
}

let tool: string | undefined;
export function kustomizeTool(): string {
  tool ??= execFileSync('bash', [join(REPO_ROOT, 'scripts/ensure-kubectl.sh')], { encoding: 'utf8' }).trim();
  return tool;
}

function filesUnder(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) filesUnder(full, out);
    else if (/\.ya?ml$/.test(entry)) out.push(full);
  }
  return out;
}

let inputsHash: string | undefined;
/** Hash of every manifest the overlays can reach: a change anywhere invalidates the cache. */
function manifestsHash(): string {
  if (inputsHash) return inputsHash;
  const hash = createHash('sha256').update(kustomizeTool());
  const roots = [join(REPO_ROOT, 'deploy'), ...readdirSync(join(REPO_ROOT, 'services')).map((s) => join(REPO_ROOT, 'services', s, 'despliegue'))];
  for (const root of roots.filter((r) => existsSync(r))) {
    for (const file of filesUnder(root).sort()) hash.update(relative(REPO_ROOT, file)).update(readFileSync(file));
  }
  inputsHash = hash.digest('hex').slice(0, 16);
  return inputsHash;
}

/** `kubectl kustomize <dir>` (or `kustomize build <dir>`), cached on disk by the content of all manifests. */
export async function renderRaw(dir: string): Promise<string> {
  const cacheDir = join(tmpdir(), 'tramita-kustomize', manifestsHash());
  const cacheFile = join(cacheDir, relative(REPO_ROOT, dir).replace(/[/\\]/g, '__') + '.yaml');
  if (existsSync(cacheFile)) return readFileSync(cacheFile, 'utf8');
  const bin = kustomizeTool();
  const args = basename(bin) === 'kustomize' ? ['build', dir] : ['kustomize', dir];
  const { stdout } = await run(bin, args, { maxBuffer: 64 * 1024 * 1024 });
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(cacheFile, stdout);
  return stdout;
}

export function parseObjects(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length) throw new Error(doc.errors.map((e) => e.message).join('; '));
      return doc.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null);
}

export const render = async (dir: string) => parseObjects(await renderRaw(dir));

type ModelClass = new (data: any) => { validate(): void };
const MODELS: Record<string, ModelClass> = {
  'v1/ConfigMap': core.ConfigMap,
  'v1/Secret': core.Secret,
  'v1/Service': core.Service,
  'v1/PersistentVolumeClaim': core.PersistentVolumeClaim,
  'apps/v1/Deployment': apps.Deployment,
  'apps/v1/StatefulSet': apps.StatefulSet,
  'autoscaling/v2/HorizontalPodAutoscaler': autoscaling.HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': policy.PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': networking.NetworkPolicy,
  'networking.istio.io/v1/Gateway': istioNet.Gateway,
  'networking.istio.io/v1/VirtualService': istioNet.VirtualService,
  'networking.istio.io/v1/DestinationRule': istioNet.DestinationRule,
  'security.istio.io/v1/PeerAuthentication': istioSec.PeerAuthentication,
  'security.istio.io/v1/RequestAuthentication': istioSec.RequestAuthentication,
  'security.istio.io/v1/AuthorizationPolicy': istioSec.AuthorizationPolicy,
  'bitnami.com/v1alpha1/SealedSecret': sealed.SealedSecret,
  'argoproj.io/v1alpha1/Application': argo.Application,
  'argoproj.io/v1alpha1/Rollout': rollouts.Rollout,
  'argoproj.io/v1alpha1/AnalysisTemplate': rollouts.AnalysisTemplate,
};

/** Validates against the Kubernetes / Istio / Sealed Secrets / Argo CD / Argo Rollouts schema; unknown kinds are errors too. */
export function schemaErrors(object: K8sObject): string | undefined {
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  const id = `${object.kind}/${object.metadata?.name}`;
  if (!Model) return `${id}: no schema known for ${object.apiVersion} ${object.kind}`;
  try {
    new Model(object).validate();
    return undefined;
  } catch (error) {
    return `${id}: ${(error as Error).message.slice(0, 500)}`;
  }
}
