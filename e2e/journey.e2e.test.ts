import { afterAll, beforeAll, describe, it } from 'vitest';
import { ApiClient } from './support/api-client.ts';
import { walkTheWholeJourney } from './support/journey-scenario.ts';
import { loginWithPkce } from './support/oidc-login.ts';
import { E2E_PASSWORD, startTramita, type TestTramita } from './support/tramita-in-process.ts';

describe('the whole journey of an expediente, all-in-one, over HTTP', () => {
  let tramita: TestTramita;
  let api: ApiClient;

  beforeAll(async () => {
    tramita = await startTramita();
    const { accessToken } = await loginWithPkce({
      baseUrl: tramita.url,
      username: 'user',
      password: E2E_PASSWORD,
      redirectUri: `${tramita.url}/callback`,
    });
    api = new ApiClient(tramita.url, accessToken);
  }, 120_000);

  afterAll(async () => {
    await tramita?.stop();
  });

  it('creates, lists, details, edits, walks every phase, downloads and locks an expediente', async () => {
    await walkTheWholeJourney(api);
  }, 120_000);
});
