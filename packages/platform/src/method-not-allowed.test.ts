import { describe, expect, it } from 'vitest';
import { AllowedMethods } from './method-not-allowed.ts';

describe('AllowedMethods', () => {
  const allowed = new AllowedMethods();
  allowed.add({ method: 'GET', url: '/api/files/:code' });
  allowed.add({ method: 'HEAD', url: '/api/files/:code' });
  allowed.add({ method: ['PATCH'], url: '/api/files/:code' });
  allowed.add({ method: 'POST', url: '/api/files' });

  it('lists the methods of a parametric path', () => {
    expect(allowed.allowedFor('/api/files/EXP-1?x=1')).toEqual(['GET', 'HEAD', 'PATCH']);
  });

  it('lists the methods of a static path, trailing slash ignored', () => {
    expect(allowed.allowedFor('/api/files/')).toEqual(['POST']);
  });

  it('knows nothing of paths no route has', () => {
    expect(allowed.allowedFor('/api/nothing')).toEqual([]);
  });
});
