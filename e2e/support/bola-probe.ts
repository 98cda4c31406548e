import type { ApiClient } from './api-client.ts';

/**
 * The core of the BOLA suite (issue 12): every operation of the public OpenAPI document, called
 * with the identifiers of ANOTHER organism's resources, must answer 404 or 403 and change
 * nothing; every operation that names no resource must not show them. The suite knows, per
 * operation, a valid body (so that validation cannot answer first and hide a missing check) and
 * which identifier each path parameter takes; an operation it does not know fails the suite, so
 * a new route cannot skip the check.
 */

/** The other organism's resources the probes aim at. */
export interface VictimResources {
  organism: string;
  /** An expediente of the other organism, its saga, a document attached to it, an interesado and a relation. */
  code: string;
  sagaId: string;
  documentId: string;
  interesadoId: string;
  relationId: string;
  /** A NIF that appears only in the other organism. */
  document: string;
  /** One of the other organism's users, and one of its units. */
  username: string;
  unit: string;
  /** An initial option and a procedure of the other organism's own catalogues (ADR 0013, point 7). */
  optionCode: string;
  procedureCode: string;
  /** A procedure of theirs deployed from a BPMN file, and the open task of their expediente (ADR 0015). */
  bpmnProcedureCode: string;
  taskId: string;
  /** An incident of their expediente stuck at a gateway. */
  incidentId: string;
  /** Their expediente's maximum plazo, and a suspension of it still open (ADR 0016). */
  plazoId: string;
  suspensionId: string;
}

/** What the caller's own organism gives the probes (for bodies that must name something valid of theirs). */
export interface OwnResources {
  organism: string;
  code: string;
}

export interface Operation {
  method: string;
  path: string;
}

/** A request the suite sends, and what it must not see in a collection's answer. */
interface Probe {
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** `resource`: aims at the victim's resource (must be 404/403). `collection`: must not show it. */
  kind: 'resource' | 'collection';
  /** For a collection: what in its (2xx) answer would show the victim's resources; by default any of their identifiers. */
  shows?: (body: unknown) => string | null;
}

/** A list answer (`items`) that holds anything: the victim's, since the probe asked only for them. */
const anyItem = (body: unknown) => {
  const items = (body as { items?: unknown[] } | null)?.items;
  return Array.isArray(items) && items.length > 0 ? `${items.length} item(s)` : null;
};

/** A list answer (`items`) that holds an item with this code. */
const itemCoded = (code: string) => (body: unknown) => {
  const items = (body as { items?: { code?: unknown }[] } | null)?.items;
  return Array.isArray(items) && items.some((item) => item.code === code) ? `the item ${code}` : null;
};

/** What one caller's probe of one operation got, when it is a violation. */
export interface Violation {
  user: string;
  operation: string;
  status: number;
  detail: string;
}

const transitionBody = { to: 'ANALISIS_TECNICO', expectedVersion: 1 };
/** A valid BPMN file, so that only the catalogue's organism can refuse its deploy. */
const bpmnProbe = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Sonda" targetNamespace="urn:sonda">
  <bpmn:process id="BOLA_SONDA" isExecutable="true">
    <bpmn:startEvent id="inicio" /><bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="fin" /><bpmn:endEvent id="fin" />
  </bpmn:process>
</bpmn:definitions>`;
const interesadoBody = (document: string) => ({
  document,
  name: 'Prueba Sonda, Beatriz',
  role: 'interesado',
  channel: 'electronic',
  email: 'beatriz@example.org',
});

/**
 * How to probe each operation. `null`: an operation that neither names a resource nor lists
 * them in a way that could hold the victim's (health, the API document, the login pages).
 */
function probeOf(operation: Operation, victim: VictimResources, own: OwnResources): Probe | Probe[] | null {
  const key = `${operation.method} ${operation.path}`;
  const code = encodeURIComponent(victim.code);
  const resource = (method: string, path: string, body?: unknown, headers?: Record<string, string>): Probe => ({
    method,
    path,
    kind: 'resource',
    ...(body === undefined ? {} : { body }),
    ...(headers ? { headers } : {}),
  });
  const collection = (method: string, path: string, shows?: Probe['shows']): Probe => ({ method, path, kind: 'collection', ...(shows ? { shows } : {}) });
  const ownCode = encodeURIComponent(own.code);
  const plazoProbe = (method: string, fileCode: string, plazoId: string, rest: string, body: unknown) =>
    resource(method, `/api/files/${fileCode}/plazos/${encodeURIComponent(plazoId)}${rest}`, body);
  switch (key) {
    // files: the expediente, its sagas, interesados and relations.
    case 'GET /api/files/{code}':
      return [resource('GET', `/api/files/${code}`), resource('GET', `/api/files/${code}?organism=${victim.organism}`)];
    case 'PATCH /api/files/{code}':
      return resource('PATCH', `/api/files/${code}`, { description: 'sonda', expectedVersion: 1 });
    case 'GET /api/files/{code}/record':
      return resource('GET', `/api/files/${code}/record`);
    case 'GET /api/files/{code}/availability':
      // Codes are unique per organism: the other organism's code is free in the caller's.
      return collection('GET', `/api/files/${code}/availability`, (body) =>
        (body as { available?: boolean }).available === false ? 'the code as taken' : null,
      );
    case 'GET /api/files/{code}/audit':
      // Each service filters the trail to the organisms the caller administers: nothing of theirs.
      return collection('GET', `/api/files/${code}/audit`, anyItem);
    case 'GET /api/sagas/{id}':
      return resource('GET', `/api/sagas/${victim.sagaId}`);
    case 'GET /api/sagas/{id}/events':
      return resource('GET', `/api/sagas/${victim.sagaId}/events`);
    case 'GET /api/files/{code}/interesados':
      return resource('GET', `/api/files/${code}/interesados`);
    case 'POST /api/files/{code}/interesados':
      return resource('POST', `/api/files/${code}/interesados`, interesadoBody('12345678Z'));
    case 'GET /api/files/{code}/interesados/history':
      return resource('GET', `/api/files/${code}/interesados/history`);
    case 'PATCH /api/files/{code}/interesados/{id}':
      return resource('PATCH', `/api/files/${code}/interesados/${victim.interesadoId}`, { ...interesadoBody(victim.document), expectedVersion: 1 });
    case 'DELETE /api/files/{code}/interesados/{id}':
      return resource('DELETE', `/api/files/${code}/interesados/${victim.interesadoId}?expectedVersion=1`, undefined, { 'if-match': '"1"' });
    case 'GET /api/interesados':
      return collection('GET', `/api/interesados?document=${victim.document}`, anyItem);
    case 'GET /api/files/{code}/relations':
      return resource('GET', `/api/files/${code}/relations`);
    case 'POST /api/files/{code}/relations':
      // Both ways: from the victim's expediente, and from the caller's own to the victim's.
      return [
        resource('POST', `/api/files/${code}/relations`, { kind: 'relacionado', code: own.code }),
        resource('POST', `/api/files/${encodeURIComponent(own.code)}/relations`, { kind: 'relacionado', code: victim.code, organism: victim.organism }),
      ];
    case 'DELETE /api/files/{code}/relations/{id}':
      return resource('DELETE', `/api/files/${code}/relations/${victim.relationId}`);
    case 'GET /api/files':
      return [collection('GET', `/api/files?q=${code}`), collection('GET', '/api/files?size=100')];
    case 'POST /api/files':
      // Creating in the other organism is refused; nothing else of it is named here.
      return resource('POST', '/api/files', { code: `BOLA-${Date.now()}`, organism: victim.organism, initialOption: 'SEDE', documents: [victim.documentId] });
    // bpm
    case 'GET /api/files/{code}/process':
      return [resource('GET', `/api/files/${code}/process`), resource('GET', `/api/files/${code}/process?organism=${victim.organism}`)];
    case 'GET /api/files/{code}/transitions':
      return resource('GET', `/api/files/${code}/transitions`);
    case 'POST /api/files/{code}/transitions':
      return resource('POST', `/api/files/${code}/transitions`, transitionBody);
    // Catalogues per organism: the other organism's own entries are neither listed, nor read, nor added to.
    case 'GET /api/initial-options':
      return collection('GET', '/api/initial-options', itemCoded(victim.optionCode));
    case 'POST /api/initial-options':
      return resource('POST', '/api/initial-options', { code: `BOLA-OPT-${Date.now()}`, name: 'Sonda', organism: victim.organism });
    case 'GET /api/procedures':
      return collection('GET', '/api/procedures', itemCoded(victim.procedureCode));
    case 'GET /api/procedures/{code}':
      return [resource('GET', `/api/procedures/${victim.procedureCode}`), resource('GET', `/api/procedures/${victim.procedureCode}?version=1`)];
    case 'POST /api/procedures':
      return [
        resource('POST', `/api/procedures?organism=${victim.organism}`, bpmnProbe, { 'content-type': 'application/xml' }),
        resource('POST', '/api/procedures', {
          code: `BOLA_PROC_${Date.now()}`,
          name: 'Sonda',
          organism: victim.organism,
          phases: [
            { code: 'ABIERTA', name: 'Abierta', initial: true },
            { code: 'CERRADA', name: 'Cerrada', terminal: true },
          ],
          transitions: [{ from: 'ABIERTA', to: 'CERRADA', role: 'tramitador' }],
        }),
      ];
    case 'GET /api/procedures/{code}/bpmn':
      return [
        resource('GET', `/api/procedures/${victim.bpmnProcedureCode}/bpmn`),
        resource('GET', `/api/procedures/${victim.bpmnProcedureCode}/bpmn?organism=${victim.organism}`),
      ];
    // bpm: the work inbox and the diagram (ADR 0015)
    case 'GET /api/tasks': {
      const shows = (body: unknown) => {
        const items = (body as { items?: { taskId?: string; organism?: string }[] } | null)?.items ?? [];
        return items.some((task) => task.taskId === victim.taskId || task.organism === victim.organism) ? "the other organism's task" : null;
      };
      return [collection('GET', '/api/tasks', shows), collection('GET', `/api/tasks?fileCode=${code}`, shows)];
    }
    case 'GET /api/tasks/{id}':
      return resource('GET', `/api/tasks/${victim.taskId}`);
    case 'POST /api/tasks/{id}/claim':
      return resource('POST', `/api/tasks/${victim.taskId}/claim`);
    case 'POST /api/tasks/{id}/unclaim':
      return resource('POST', `/api/tasks/${victim.taskId}/unclaim`);
    case 'POST /api/tasks/{id}/delegate':
      return resource('POST', `/api/tasks/${victim.taskId}/delegate`, { to: 'agat' });
    case 'POST /api/tasks/{id}/complete':
      return resource('POST', `/api/tasks/${victim.taskId}/complete`, { decision: 'ANALISIS_TECNICO' });
    case 'POST /api/incidents/{id}/retry':
      return resource('POST', `/api/incidents/${victim.incidentId}/retry`, { variables: { importe: 1 } });
    case 'GET /api/files/{code}/process/diagram':
      return [resource('GET', `/api/files/${code}/process/diagram`), resource('GET', `/api/files/${code}/process/diagram?organism=${victim.organism}`)];
    // bpm: legal time (ADR 0016). The victim's plazo is also aimed at through the caller's own expediente.
    case 'GET /api/files/{code}/plazos':
      return [resource('GET', `/api/files/${code}/plazos`), resource('GET', `/api/files/${code}/plazos?organism=${victim.organism}`)];
    case 'PUT /api/files/{code}/plazos/context':
      return resource('PUT', `/api/files/${code}/plazos/context`, { residence: null, channel: 'ELECTRONIC' });
    case 'PUT /api/files/{code}/plazos/{plazoId}/start': {
      const body = { startedAt: '2026-01-05T10:00:00+01:00', basis: 'ACUERDO_INICIACION', note: 'Sonda' };
      return [plazoProbe('PUT', code, victim.plazoId, '/start', body), plazoProbe('PUT', ownCode, victim.plazoId, '/start', body)];
    }
    case 'POST /api/files/{code}/plazos/{plazoId}/suspensions': {
      const body = { cause: '22.2.c', note: 'Sonda' };
      return [plazoProbe('POST', code, victim.plazoId, '/suspensions', body), plazoProbe('POST', ownCode, victim.plazoId, '/suspensions', body)];
    }
    case 'POST /api/files/{code}/plazos/{plazoId}/suspensions/{suspensionId}/end': {
      const end = `/suspensions/${victim.suspensionId}/end`;
      return [plazoProbe('POST', code, victim.plazoId, end, { note: 'Sonda' }), plazoProbe('POST', ownCode, victim.plazoId, end, { note: 'Sonda' })];
    }
    case 'POST /api/files/{code}/plazos/{plazoId}/extensions': {
      const body = { article: '23', duration: { value: 1, unit: 'MESES' }, reason: 'Sonda' };
      return [plazoProbe('POST', code, victim.plazoId, '/extensions', body), plazoProbe('POST', ownCode, victim.plazoId, '/extensions', body)];
    }
    case 'GET /api/notices':
      return collection('GET', '/api/notices', (body) => {
        const items = (body as { items?: { organism?: string; fileCode?: string }[] } | null)?.items ?? [];
        return items.some((notice) => notice.organism === victim.organism || notice.fileCode === victim.code) ? "the other organism's notice" : null;
      });
    case 'POST /api/notices/{noticeId}/read':
      return resource('POST', `/api/notices/${encodeURIComponent(`${victim.plazoId}.PLAZO_EXPIRED.1`)}/read`);
    // bpm: an organism's calendar (ADR 0016); its published días inhábiles are public by law (NEUTRAL below).
    case 'GET /api/calendars/{organism}':
      return resource('GET', `/api/calendars/${victim.organism}`);
    case 'PUT /api/calendars/{organism}/settings':
      return resource('PUT', `/api/calendars/${victim.organism}/settings`, { community: 'ES-MD', municipality: '28079', timeZone: 'Europe/Madrid' });
    case 'POST /api/calendars/{organism}/corrections':
      return resource('POST', `/api/calendars/${victim.organism}/corrections`, {
        year: 2026,
        days: [{ date: '2026-05-15', name: 'Sonda', kind: 'HOLIDAY' }],
        source: { bulletin: 'BOCM', reference: 'Sonda 1/2026', url: null, publishedOn: null },
      });
    case 'POST /api/calendars/{organism}/corrections/{year}/{version}/approve':
      return resource('POST', `/api/calendars/${victim.organism}/corrections/2026/2/approve`);
    // docs
    case 'GET /api/docs':
      return [collection('GET', `/api/docs?fileCode=${code}`, anyItem), collection('GET', `/api/docs?fileCode=${code}&organism=${victim.organism}`, anyItem)];
    case 'GET /api/docs/{id}':
      return resource('GET', `/api/docs/${victim.documentId}`);
    case 'GET /api/docs/{id}/content':
      return resource('GET', `/api/docs/${victim.documentId}/content`);
    case 'DELETE /api/docs/{id}':
      return resource('DELETE', `/api/docs/${victim.documentId}`);
    // docs: ENI documents, the índice and the export (ADR 0017); uploads carry a real form, so only the access check can refuse.
    case 'POST /api/files/{code}/documents':
      return [
        resource('POST', `/api/files/${code}/documents`, pdfForm({ tipoDocumental: 'TD99', origen: 'administracion', estadoElaboracion: 'EE01' })),
        resource(
          'POST',
          `/api/files/${code}/documents?organism=${victim.organism}`,
          pdfForm({ tipoDocumental: 'TD99', origen: 'administracion', estadoElaboracion: 'EE01' }),
        ),
      ];
    case 'POST /api/docs/{id}/versions':
      return resource('POST', `/api/docs/${victim.documentId}/versions`, pdfForm({}));
    case 'GET /api/docs/{id}/versions':
      return resource('GET', `/api/docs/${victim.documentId}/versions`);
    case 'GET /api/docs/{id}/versions/{version}/content':
      return resource('GET', `/api/docs/${victim.documentId}/versions/1/content`);
    case 'PUT /api/docs/{id}/metadata':
      return resource('PUT', `/api/docs/${victim.documentId}/metadata`, { tipoDocumental: 'TD99', origen: 'administracion', estadoElaboracion: 'EE01' });
    case 'POST /api/docs/{id}/removal':
      return resource('POST', `/api/docs/${victim.documentId}/removal`, { reason: 'Sonda' });
    case 'GET /api/docs/{id}/eni':
      return resource('GET', `/api/docs/${victim.documentId}/eni`);
    case 'GET /api/files/{code}/indice':
      return [resource('GET', `/api/files/${code}/indice`), resource('GET', `/api/files/${code}/indice?organism=${victim.organism}`)];
    case 'POST /api/files/{code}/remisiones':
      return resource('POST', `/api/files/${code}/remisiones`);
    case 'GET /api/files/{code}/eni':
      return [resource('GET', `/api/files/${code}/eni`), resource('GET', `/api/files/${code}/eni?organism=${victim.organism}`)];
    // auth: organisms, their units and members
    case 'GET /api/organisms':
      return collection('GET', '/api/organisms');
    case 'PATCH /api/organisms/{code}':
      return resource('PATCH', `/api/organisms/${victim.organism}`, { name: 'Sonda' });
    case 'GET /api/organisms/{code}/units':
      return resource('GET', `/api/organisms/${victim.organism}/units`);
    case 'POST /api/organisms/{code}/units':
      return resource('POST', `/api/organisms/${victim.organism}/units`, { code: 'U99999999', name: 'Sonda' });
    case 'PATCH /api/organisms/{code}/units/{unit}':
      return resource('PATCH', `/api/organisms/${victim.organism}/units/${victim.unit}`, { name: 'Sonda' });
    case 'GET /api/organisms/{code}/members':
      return resource('GET', `/api/organisms/${victim.organism}/members`);
    case 'PUT /api/organisms/{code}/members/{username}':
      return resource('PUT', `/api/organisms/${victim.organism}/members/${victim.username}`, { roles: ['admin'], units: [] });
    case 'DELETE /api/organisms/{code}/members/{username}':
      return resource('DELETE', `/api/organisms/${victim.organism}/members/${victim.username}`);
    // auth: the accounts an organism owns (a valid body, so only the organism check can refuse).
    case 'POST /api/organisms/{code}/accounts':
      return resource('POST', `/api/organisms/${victim.organism}/accounts`, {
        username: `sonda${Date.now() % 1_000_000}`,
        givenName: 'Sonda',
        familyName: 'Prueba',
        password: 'tejado-rojo-y-nube-azul',
        roles: ['admin'],
        units: [],
      });
    case 'PATCH /api/organisms/{code}/accounts/{username}':
      return [
        resource('PATCH', `/api/organisms/${victim.organism}/accounts/${victim.username}`, { enabled: false }),
        resource('PATCH', `/api/organisms/${victim.organism}/accounts/${victim.username}`, { password: 'tejado-rojo-y-nube-azul' }),
      ];
    default:
      return null;
  }
}

/**
 * Operations that name no organism's resource and list nothing of one: the probe skips them on
 * purpose (anything else unknown fails the suite).
 */
const NEUTRAL = [
  /^GET \/api\/openapi\.json$/,
  /^GET \/api\/docs-ui/,
  /^GET \/health\//,
  /^POST \/api\/docs$/, // an upload names nothing
  /^(GET|POST|PATCH) \/api\/users/, // accounts are the platform's; memberships are probed above
  /^POST \/api\/organisms$/,
  /^GET \/api\/admin\//, // operations: their own scoping test (audit) and the admin role
  // Rebuilding the read model spans every organism: platform operators only, which the first
  // organism's admin is (it is the platform's own); e2e/rebuild-index refuses everyone else.
  /^(DELETE|POST) \/api\/admin\/index\/read-model/,
  /^GET \/api\/calendars\/\{organism\}\/inhabiles\/\{year\}$/, // published by law (art. 31.3 Ley 39/2015), for anyone
  /^POST \/api\/eni\/imports$/, // an import is an upload of the caller's: it names nothing
  /^GET \/verificacion\//, // verification by CSV is public by law (art. 42.b Ley 40/2015): whoever holds the code
];

/** A multipart form with a tiny PDF after the given fields, as the upload routes take it. */
function pdfForm(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')]), 'sonda.pdf');
  return form;
}

/** The operations of a merged OpenAPI document. */
export function operationsOf(document: { paths: Record<string, Record<string, unknown>> }): Operation[] {
  const methods = new Set(['get', 'post', 'put', 'patch', 'delete']);
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((method) => methods.has(method))
      .map((method) => ({ method: method.toUpperCase(), path })),
  );
}

/** The operations the suite has no probe for and does not skip on purpose: a new route must be added. */
export function unprobedOperations(operations: Operation[], victim: VictimResources, own: OwnResources): string[] {
  return operations
    .filter((operation) => probeOf(operation, victim, own) === null)
    .map((operation) => `${operation.method} ${operation.path}`)
    .filter((key) => !NEUTRAL.some((pattern) => pattern.test(key)));
}

const parsed = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
};

/** What the victim's resources must not show in a collection's answer. */
function leaks(text: string, victim: VictimResources): string | null {
  for (const [name, value] of Object.entries({
    code: victim.code,
    documentId: victim.documentId,
    document: victim.document,
    interesadoId: victim.interesadoId,
  })) {
    if (text.includes(value)) return `${name} ${value}`;
  }
  return null;
}

/**
 * Sends every probe of every operation as `user` and returns what broke the rule: a resource probe
 * answered with anything but 404/403 (a 409 or 400 that depends on the victim's data would be a
 * leak too), a collection probe whose answer mentions the victim's resources.
 */
export async function probeAll(
  api: ApiClient,
  user: string,
  operations: Operation[],
  victim: VictimResources,
  own: OwnResources,
): Promise<{ probes: number; violations: Violation[] }> {
  const violations: Violation[] = [];
  let probes = 0;
  for (const operation of operations) {
    const planned = probeOf(operation, victim, own);
    if (planned === null) continue;
    for (const probe of Array.isArray(planned) ? planned : [planned]) {
      probes++;
      const response = await api.request(probe.method, probe.path, probe.body, probe.headers);
      const text = await response.text();
      const label = `${operation.method} ${operation.path} (${probe.method} ${probe.path})`;
      if (probe.kind === 'resource') {
        // A refusal may repeat what the caller typed; anything but 404/403 (a 409 or a 400 that
        // depends on the victim's data, a 200) tells or does too much.
        if (response.status !== 404 && response.status !== 403)
          violations.push({ user, operation: label, status: response.status, detail: text.slice(0, 300) });
      } else {
        const leaked = response.ok ? (probe.shows ? probe.shows(parsed(text)) : leaks(text, victim)) : null;
        if (leaked) violations.push({ user, operation: label, status: response.status, detail: `the answer shows ${leaked}` });
      }
    }
  }
  return { probes, violations };
}
