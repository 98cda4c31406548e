/** Query parameters whose values are credentials: never written to logs. */
export const SECRET_QUERY_PARAMETERS = [
  'access_token',
  'refresh_token',
  'id_token',
  'id_token_hint',
  'code',
  'code_verifier',
  'client_secret',
  'token',
  'password',
  'state',
  'nonce',
];

const SECRET_QUERY = new RegExp(`([?&](?:${SECRET_QUERY_PARAMETERS.join('|')})=)[^&#]*`, 'gi');

/** The URL with every credential-bearing query value replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY, '$1[redacted]');
}
