import { describe, expect, it } from 'vitest';
import { LoginRateLimit } from './login-rate-limit.ts';

describe('LoginRateLimit', () => {
  it('refuses attempts over the limit within a minute, per client, and forgets them after', () => {
    let now = 0;
    const limit = new LoginRateLimit(2, 60_000, () => now);
    expect(limit.attempt('10.0.0.1')).toEqual({ allowed: true });
    expect(limit.attempt('10.0.0.1')).toEqual({ allowed: true });
    now = 15_000;
    expect(limit.attempt('10.0.0.1')).toEqual({ allowed: false, retryAfterSeconds: 45 });
    expect(limit.attempt('10.0.0.2')).toEqual({ allowed: true });
    now = 60_000;
    expect(limit.attempt('10.0.0.1')).toEqual({ allowed: true });
  });
});
