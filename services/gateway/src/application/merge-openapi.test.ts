import { describe, expect, it } from 'vitest';
import { mergeOpenApi } from './merge-openapi.ts';

const op = (summary: string) => ({ summary, responses: { 200: { description: 'ok' } } });
const files = {
  openapi: '3.1.0',
  tags: [{ name: 'files', description: 'Expedientes' }],
  paths: {
    '/api/files': { post: op('create') },
    '/api/files/{code}': { patch: op('edit'), get: op('record by another name') },
    '/api/files/{code}/record': { get: { ...op('record'), responses: { 200: { $ref: '#/components/schemas/Problem' } } } },
    '/internal/replay': { post: op('internal') },
  },
  components: { schemas: { Problem: { type: 'object', title: 'files problem' }, Actor: { type: 'object' } } },
};
const bpm = {
  tags: [{ name: 'files', description: 'dup' }, { name: 'procedures' }],
  paths: { '/api/files/{code}/process': { get: op('process') }, '/api/procedures': { get: op('list') } },
  components: { schemas: { Problem: { type: 'object', title: 'bpm problem' }, Actor: { type: 'object' } } },
};
const gateway = { paths: { '/api/files/{code}': { get: op('detail') }, '/openapi.json': { get: op('own') } } };

const merge = (missing: { service: string; detail: string }[] = []) =>
  mergeOpenApi(
    [
      { service: 'gateway', document: gateway },
      { service: 'files', document: files },
      { service: 'bpm', document: bpm },
    ],
    { publicUrl: 'https://tramita.example', issuer: 'https://tramita.example/auth', missing },
  ) as any;

describe('mergeOpenApi', () => {
  it('keeps only the operations the gateway routes to each service', () => {
    const doc = merge();
    expect(Object.keys(doc.paths)).toEqual(['/api/files', '/api/files/{code}', '/api/files/{code}/process', '/api/files/{code}/record', '/api/procedures']);
    expect(doc.paths['/api/files/{code}'].get.summary).toBe('detail');
    expect(doc.paths['/api/files/{code}'].patch.summary).toBe('edit');
  });

  it('prefixes schema names that collide with different definitions, and rewrites their references', () => {
    const doc = merge();
    expect(Object.keys(doc.components.schemas).sort()).toEqual(['Actor', 'bpm_Problem', 'files_Problem']);
    expect(doc.paths['/api/files/{code}/record'].get.responses[200].$ref).toBe('#/components/schemas/files_Problem');
  });

  it("adds the gateway's own 502 and 504 to every operation it forwards, as problem+json like the service's errors", () => {
    const problem = { 'application/problem+json': { schema: { type: 'object' } } };
    const docs = { paths: { '/api/docs/{id}': { get: { responses: { 200: { description: 'ok' }, 404: { description: 'no', content: problem } } } } } };
    const doc = mergeOpenApi(
      [
        { service: 'docs', document: docs },
        { service: 'gateway', document: gateway },
      ],
      { publicUrl: 'https://x', issuer: 'https://x/auth', missing: [] },
    ) as any;
    const responses = doc.paths['/api/docs/{id}'].get.responses;
    expect(Object.keys(responses).sort()).toEqual(['200', '404', '502', '504']);
    expect(responses['502'].content).toEqual(problem);
    // the gateway's own operations answer for themselves
    expect(Object.keys(doc.paths['/api/files/{code}'].get.responses)).toEqual(['200']);
  });

  it('describes the public server, both security schemes and the missing services', () => {
    const doc = merge([{ service: 'docs', detail: 'unreachable' }]);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('Tramita API');
    expect(doc.servers).toEqual([{ url: 'https://tramita.example' }]);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.securitySchemes.oauth2.flows.authorizationCode).toMatchObject({
      authorizationUrl: 'https://tramita.example/auth/auth',
      tokenUrl: 'https://tramita.example/auth/token',
    });
    expect(doc.tags.map((tag: { name: string }) => tag.name)).toEqual(['files', 'procedures']);
    expect(doc['x-tramita-missing']).toEqual([{ service: 'docs', detail: 'unreachable' }]);
    expect(merge()).not.toHaveProperty('x-tramita-missing');
  });
});
