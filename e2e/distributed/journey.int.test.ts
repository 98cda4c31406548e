import { afterAll, beforeAll, describe, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { walkTheWholeJourney } from '../support/journey-scenario.ts';
import { loginWithPkce } from '../support/oidc-login.ts';
import { E2E_PASSWORD, stackInfraAvailable, startTestStack, type TestStack } from '../support/tramita-stack.ts';

/**
 * The same journey as e2e/journey.e2e.test.ts, unchanged, against the distributed topology:
 * every service its own process on PostgreSQL, messages through Kafka, behind the gateway.
 */
describe.skipIf(!stackInfraAvailable)('the whole journey of an expediente, distributed (one process per service, PostgreSQL, Kafka)', () => {
  let stack: TestStack;
  let api: ApiClient;

  beforeAll(async () => {
    stack = await startTestStack();
    const { accessToken } = await loginWithPkce({ baseUrl: stack.url, username: 'user', password: E2E_PASSWORD, redirectUri: `${stack.url}/callback` });
    api = new ApiClient(stack.url, accessToken);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it('creates, lists, details, edits, walks every phase, downloads and locks an expediente', async () => {
    await walkTheWholeJourney(api);
  }, 120_000);
});
