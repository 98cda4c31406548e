import type { Dialect } from './model.ts';

/** The namespace URIs of the tools whose extension attributes the engine reads (bpmn-subset.md §3.1). */
export const VENDOR_NAMESPACES = {
  camunda7: 'http://camunda.org/schema/1.0/bpmn',
  camunda8: 'http://camunda.org/schema/zeebe/1.0',
  flowable: 'http://flowable.org/bpmn',
  activiti: 'http://activiti.org/bpmn',
} as const satisfies Record<Exclude<Dialect, 'standard'>, string>;

const MODELER_NAMESPACE = 'http://camunda.org/schema/modeler/1.0';

/** Every `xmlns:prefix="uri"` (and the default `xmlns="uri"`, under the empty prefix) declared anywhere in the file. */
export function declaredNamespaces(xml: string): Map<string, string> {
  const namespaces = new Map<string, string>();
  for (const match of xml.matchAll(/\sxmlns(?::([A-Za-z_][\w.-]*))?\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const prefix = match[1] ?? '';
    if (!namespaces.has(prefix)) namespaces.set(prefix, match[2] ?? match[3] ?? '');
  }
  return namespaces;
}

/**
 * Which tool's extensions a file carries, so that it is read with that tool's descriptor only
 * (two descriptors in one reader conflict): the modeller's declared execution platform first,
 * then the vendor namespaces the file declares (Camunda 8 before Camunda 7, because Camunda 8
 * exports often keep a stray Camunda 7 namespace; Flowable before Activiti and Camunda 7, because
 * Flowable reads those as fallbacks), else the plain standard.
 */
export function detectDialect(xml: string): Dialect {
  const namespaces = declaredNamespaces(xml);
  const modelerPrefixes = [...namespaces].filter(([, uri]) => uri === MODELER_NAMESPACE).map(([prefix]) => prefix);
  for (const prefix of modelerPrefixes) {
    const platform = new RegExp(`\\s${escapeRegExp(prefix)}:executionPlatform\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(xml);
    const value = (platform?.[1] ?? platform?.[2] ?? '').trim();
    if (value === 'Camunda Platform') return 'camunda7';
    if (value === 'Camunda Cloud') return 'camunda8';
  }
  const uris = new Set(namespaces.values());
  if (uris.has(VENDOR_NAMESPACES.camunda8)) return 'camunda8';
  if (uris.has(VENDOR_NAMESPACES.flowable)) return 'flowable';
  if (uris.has(VENDOR_NAMESPACES.activiti)) return 'activiti';
  if (uris.has(VENDOR_NAMESPACES.camunda7)) return 'camunda7';
  return 'standard';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
