import { describe, expect, it } from 'vitest';
import { allowedMethods, isFormUpload, isLoginPost, isUpload, isVerificationLookup, needsBearer, resolveTarget } from './routing-table.ts';

describe('routing table', () => {
  it.each([
    ['GET', '/auth/.well-known/openid-configuration', 'auth'],
    ['POST', '/auth/token', 'auth'],
    ['GET', '/auth', 'auth'],
    ['GET', '/api/users', 'auth'],
    ['POST', '/api/users', 'auth'],
    ['GET', '/api/users/lookup', 'auth'],
    ['PATCH', '/api/users/agat', 'auth'],
    ['POST', '/api/files', 'files'],
    ['PATCH', '/api/files/EXP-1', 'files'],
    ['GET', '/api/files/EXP-1/record', 'files'],
    ['GET', '/api/files/EXP-1/availability', 'files'],
    ['GET', '/api/initial-options', 'files'],
    ['POST', '/api/initial-options', 'files'],
    ['GET', '/api/sagas/s-1', 'files'],
    ['GET', '/api/sagas/s-1/events', 'files'],
    ['GET', '/api/files/EXP-1/process', 'bpm'],
    ['GET', '/api/files/EXP-1/transitions', 'bpm'],
    ['POST', '/api/files/EXP-1/transitions', 'bpm'],
    ['GET', '/api/procedures', 'bpm'],
    ['POST', '/api/procedures', 'bpm'],
    ['GET', '/api/docs', 'docs'],
    ['POST', '/api/docs', 'docs'],
    ['GET', '/api/docs/d-1/content', 'docs'],
    ['HEAD', '/api/docs/d-1/content', 'docs'],
    ['DELETE', '/api/docs/d-1', 'docs'],
    ['GET', '/api/files', 'index'],
    ['HEAD', '/api/files', 'index'],
    ['GET', '/api/files/EXP-1', 'gateway'],
    ['GET', '/api/openapi.json', 'gateway'],
    ['GET', '/api/docs-ui', 'gateway'],
    ['GET', '/api/docs-ui/static/swagger-ui.css', 'gateway'],
    ['GET', '/health/ready', 'gateway'],
    ['POST', '/api/files/EXP-1/documents', 'docs'],
    ['POST', '/api/docs/d-1/versions', 'docs'],
    ['GET', '/api/docs/d-1/versions', 'docs'],
    ['GET', '/api/docs/d-1/versions/2/content', 'docs'],
    ['PUT', '/api/docs/d-1/metadata', 'docs'],
    ['POST', '/api/docs/d-1/removal', 'docs'],
    ['GET', '/api/docs/d-1/eni', 'docs'],
    ['GET', '/api/files/EXP-1/indice', 'docs'],
    ['POST', '/api/files/EXP-1/remisiones', 'docs'],
    ['GET', '/api/files/EXP-1/eni', 'docs'],
    ['POST', '/api/eni/imports', 'docs'],
    ['GET', '/verificacion/7K3M9QX2RTVB6WZ4HNPCJD8FGA', 'docs'],
    ['GET', '/verificacion/7K3M9QX2RTVB6WZ4HNPCJD8FGA/copia', 'docs'],
  ])('sends %s %s to %s', (method, path, target) => {
    expect(resolveTarget(method, path)).toBe(target);
  });

  it.each([
    ['DELETE', '/api/files/EXP-1'],
    ['POST', '/api/files/EXP-1/record'],
    ['PUT', '/api/files/EXP-1/process'],
    ['DELETE', '/api/files/EXP-1/transitions'],
    ['GET', '/api/initial-optionsX'],
    ['GET', '/api/sagas'],
    ['GET', '/api/docsX'],
    ['PUT', '/api/docs/d-1'],
    ['DELETE', '/api/users/agat'],
    ['POST', '/api/sagas/s-1'],
    ['TRACE', '/api/procedures/P'],
    ['GET', '/api/unknown'],
    ['GET', '/api/files/EXP-1/record/extra'],
    ['DELETE', '/api/files/EXP-1/documents'],
    ['POST', '/verificacion/X'],
    ['GET', '/api/files/EXP-1/eni/extra'],
  ])('sends %s %s nowhere', (method, path) => {
    expect(resolveTarget(method, path)).toBeUndefined();
  });

  it('never sends the documentation UI to the docs service', () => {
    expect(resolveTarget('GET', '/api/docs-ui')).not.toBe('docs');
    expect(resolveTarget('GET', '/api/docs-ui/static/index.css')).not.toBe('docs');
    expect(resolveTarget('POST', '/api/docs-ui')).toBeUndefined();
  });

  it("sends an expediente's plazos to bpm with exactly the methods each path takes", () => {
    expect(resolveTarget('GET', '/api/files/EXP-1/plazos')).toBe('bpm');
    expect(resolveTarget('PUT', '/api/files/EXP-1/plazos/context')).toBe('bpm');
    expect(resolveTarget('PUT', '/api/files/EXP-1/plazos/p-1.maximo/start')).toBe('bpm');
    expect(resolveTarget('POST', '/api/files/EXP-1/plazos/p-1.maximo/suspensions/s-1/end')).toBe('bpm');
    expect(allowedMethods('/api/files/EXP-1/plazos/context')).toEqual(['PUT']);
    expect(allowedMethods('/api/files/EXP-1/plazos/p-1.maximo/extensions')).toEqual(['POST']);
    expect(resolveTarget('POST', '/api/files/EXP-1/plazos/context')).toBeUndefined();
  });

  it('asks for a bearer token on the API but not on its documents', () => {
    expect(needsBearer('/api/files')).toBe(true);
    expect(needsBearer('/api/docs/d-1/content')).toBe(true);
    expect(needsBearer('/api/openapi.json')).toBe(false);
    expect(needsBearer('/api/docs-ui')).toBe(false);
    // The published calendar of días inhábiles (art. 31.3), and nothing else of the calendars.
    expect(needsBearer('/api/calendars/L01410917/inhabiles/2026')).toBe(false);
    expect(needsBearer('/api/calendars/L01410917')).toBe(true);
    expect(needsBearer('/api/calendars/L01410917/corrections')).toBe(true);
    expect(needsBearer('/api/calendars/L01410917/inhabiles/2026/x')).toBe(true);
    expect(needsBearer('/api/docs-ui/static/x.js')).toBe(false);
    expect(needsBearer('/auth/token')).toBe(false);
    expect(needsBearer('/')).toBe(false);
  });

  it('lets public CSV lookups through without a token, and counts them for the rate limit', () => {
    expect(needsBearer('/verificacion/7K3M9QX2RTVB6WZ4HNPCJD8FGA')).toBe(false);
    expect(isVerificationLookup('GET', '/verificacion/7K3M9QX2RTVB6WZ4HNPCJD8FGA/original')).toBe(true);
    expect(isVerificationLookup('GET', '/verificar/7K3M9')).toBe(false);
    expect(isVerificationLookup('GET', '/api/files/EXP-1/eni')).toBe(false);
  });

  it('recognises login form posts', () => {
    expect(isLoginPost('POST', '/auth/interaction/abc/login')).toBe(true);
    expect(isLoginPost('POST', '/auth/login')).toBe(true);
    expect(isLoginPost('GET', '/auth/login')).toBe(false);
    expect(isLoginPost('POST', '/auth/token')).toBe(false);
    expect(isLoginPost('POST', '/api/login')).toBe(false);
  });

  it('lists the methods answered on a path, for 405 Allow', () => {
    expect(allowedMethods('/api/admin/index/reconciliation')).toEqual(['GET', 'HEAD']);
    expect(allowedMethods('/api/files')).toEqual(['GET', 'HEAD', 'POST']);
    expect(allowedMethods('/api/files/EXP-1/transitions')).toEqual(['GET', 'HEAD', 'POST']);
    expect(allowedMethods('/nowhere')).toEqual([]);
  });

  it('knows which posts are document uploads', () => {
    expect(isUpload('POST', '/api/docs')).toBe(true);
    expect(isUpload('POST', '/api/files/EXP-1/documents')).toBe(true);
    expect(isUpload('POST', '/api/docs/d-1/versions')).toBe(true);
    expect(isUpload('POST', '/api/eni/imports')).toBe(true);
    expect(isUpload('POST', '/api/docs/d-1/removal')).toBe(false);
    expect(isUpload('POST', '/api/files/EXP-1/relations')).toBe(false);
    expect(isUpload('post', '/api/docs/')).toBe(true);
    expect(isUpload('POST', '/api/files')).toBe(false);
    expect(isUpload('GET', '/api/docs')).toBe(false);
  });

  it('gives the upload limit only to an upload sent as a form', () => {
    expect(isFormUpload('POST', '/api/docs', 'multipart/form-data; boundary=x')).toBe(true);
    expect(isFormUpload('POST', '/api/docs', 'Multipart/Form-Data;boundary=x')).toBe(true);
    for (const contentType of [
      'application/json',
      'text/plain',
      'application/octet-stream',
      'multipart/form-dataX',
      'multipart/mixed; boundary=x',
      undefined,
    ]) {
      expect(isFormUpload('POST', '/api/docs', contentType), String(contentType)).toBe(false);
    }
    expect(isFormUpload('POST', '/api/files', 'multipart/form-data; boundary=x')).toBe(false);
  });
});
