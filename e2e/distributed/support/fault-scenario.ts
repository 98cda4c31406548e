import { ApiClient } from '../../support/api-client.ts';
import { loginWithPkce } from '../../support/oidc-login.ts';
import { E2E_PASSWORD, type TestStack } from '../../support/tramita-stack.ts';

/** A short code prefix unique to one scenario of one run: `<tag><base-36 time>`. */
export const codePrefix = (tag: string) => `${tag}${Date.now().toString(36).toUpperCase()}`;

/** Logs in through the gateway as "user" (tramitador, tecnico, validador) and returns a client with the token. */
export async function loggedIn(stack: TestStack): Promise<ApiClient> {
  const { accessToken } = await loginWithPkce({ baseUrl: stack.url, username: 'user', password: E2E_PASSWORD, redirectUri: `${stack.url}/callback` });
  return new ApiClient(stack.url, accessToken);
}

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** The last lines of some processes (each cut short), for a failure message. */
export function tailLogs(stack: TestStack, names: Parameters<TestStack['logs']>[0][], lines = 30): string {
  return names
    .map(
      (name) =>
        `--- ${name}\n${stack
          .logs(name)
          .slice(-lines)
          .map((line) => line.slice(0, 400))
          .join('\n')}`,
    )
    .join('\n');
}
