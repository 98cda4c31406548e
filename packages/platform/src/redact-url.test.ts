import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact-url.ts';

describe('redactUrl', () => {
  it('hides credential values in the query, keeping everything else', () => {
    expect(redactUrl('/api/files?access_token=eyJa.b.c&page=2')).toBe('/api/files?access_token=[redacted]&page=2');
    expect(redactUrl('/auth/session/end?id_token_hint=eyJ&post_logout_redirect_uri=x')).toBe(
      '/auth/session/end?id_token_hint=[redacted]&post_logout_redirect_uri=x',
    );
    expect(redactUrl('/callback?code=abc&state=s1&iss=x')).toBe('/callback?code=[redacted]&state=[redacted]&iss=x');
    expect(redactUrl('/x?ACCESS_TOKEN=1')).toBe('/x?ACCESS_TOKEN=[redacted]');
  });

  it('leaves paths and harmless parameters alone', () => {
    expect(redactUrl('/api/files/EXP-1?q=token&codeX=1')).toBe('/api/files/EXP-1?q=token&codeX=1');
    expect(redactUrl('/access_token=1')).toBe('/access_token=1');
  });
});
