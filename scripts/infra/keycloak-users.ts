import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { adminOptionsFromEnv, generatedPassword, KeycloakAdmin } from './keycloak-admin.ts';

/**
 * Provisions the Tramita realm of a Keycloak (scripts/infra/keycloak.sh, or any other with the
 * realm of deploy/compose/keycloak) through its admin REST API (ADR 0020):
 *
 *   node scripts/infra/keycloak-users.ts add <username> --first-name <n> --last-name <n> [--email <e>]
 *        [--role <role>]... [--organism <DIR3>] [--group /tramita/<DIR3>/<role>]...
 *   node scripts/infra/keycloak-users.ts services-secret
 *
 * `add` creates the person with a generated password that must be changed at the first login
 * (UPDATE_PASSWORD), in the groups `/tramita/<organism>/<role>` (organism: --organism, else
 * TRAMITA_DEFAULT_ORGANISM, else E00000000) and any --group given, and prints the password once.
 * `services-secret` gives the tramita-services client a new secret and prints it once (for
 * TRAMITA_CLIENT_SECRET of `tramita check`). Keycloak and its administrator: KEYCLOAK_URL,
 * KEYCLOAK_ADMIN_USER, KEYCLOAK_ADMIN_PASSWORD_FILE, by default those of scripts/infra/keycloak.sh.
 */

const USAGE = `usage: keycloak-users.ts add <username> --first-name <name> --last-name <names> [--email <address>] [--role <role>]... [--organism <DIR3>] [--group <path>]...
       keycloak-users.ts services-secret`;

export interface AddUserRequest {
  username: string;
  firstName: string;
  lastName: string;
  email?: string;
  groups: string[];
}

/** The `add` command's arguments as a user to create; an error message when they do not make one. */
export function addUserRequest(argv: string[], env: Record<string, string | undefined>): AddUserRequest | string {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'first-name': { type: 'string' },
        'last-name': { type: 'string' },
        email: { type: 'string' },
        role: { type: 'string', multiple: true },
        organism: { type: 'string' },
        group: { type: 'string', multiple: true },
      },
    });
  } catch (error) {
    return (error as Error).message;
  }
  const { values, positionals } = parsed;
  const [username, ...extra] = positionals;
  if (!username || extra.length > 0) return 'add needs exactly one username.';
  if (!values['first-name'] || !values['last-name']) return 'add needs --first-name and --last-name (the names Tramita shows).';
  const organism = values.organism ?? env.TRAMITA_DEFAULT_ORGANISM ?? 'E00000000';
  if (!/^[A-Z][A-Z0-9]{8}$/.test(organism))
    return `--organism must be a DIR3 code (9 upper-case letters or digits, starting with a letter), not "${organism}".`;
  const groups = [...(values.role ?? []).map((role) => `/tramita/${organism}/${role}`), ...(values.group ?? [])];
  const wrong = groups.find((group) => !/^\/tramita\/[A-Z][A-Z0-9]{8}\/([a-z-]+|units\/[A-Z][A-Z0-9]{8})$/.test(group));
  if (wrong) return `"${wrong}" is not a group Tramita reads: /tramita/<organism>/<role> or /tramita/<organism>/units/<unit>.`;
  if (groups.length === 0) return 'add needs at least one --role or --group: a person without a membership can do nothing.';
  return { username, firstName: values['first-name'], lastName: values['last-name'], ...(values.email ? { email: values.email } : {}), groups };
}

async function adminFrom(env: Record<string, string | undefined>): Promise<KeycloakAdmin> {
  const script = join(import.meta.dirname, 'keycloak.sh');
  const withDefaults = {
    ...env,
    KEYCLOAK_URL: env.KEYCLOAK_URL ?? execFileSync('bash', [script, 'url'], { encoding: 'utf8' }).trim(),
    KEYCLOAK_ADMIN_PASSWORD_FILE: env.KEYCLOAK_ADMIN_PASSWORD_FILE ?? execFileSync('bash', [script, 'admin-password-file'], { encoding: 'utf8' }).trim(),
  };
  return new KeycloakAdmin((await adminOptionsFromEnv(withDefaults))!);
}

export async function main(argv: string[], env: Record<string, string | undefined>, out: Pick<Console, 'log' | 'error'> = console): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'add') {
    const request = addUserRequest(rest, env);
    if (typeof request === 'string') {
      out.error(`${request}\n${USAGE}`);
      return 2;
    }
    const password = generatedPassword();
    await (await adminFrom(env)).createUser({ ...request, password, temporary: true });
    out.log(`Created ${request.username} in ${request.groups.join(', ')}.`);
    out.log(`First password (shown only now; it must be changed at the first login): ${password}`);
    return 0;
  }
  if (command === 'services-secret') {
    const secret = await (await adminFrom(env)).regenerateClientSecret('tramita-services');
    out.log(`New secret of tramita-services (shown only now; the previous one no longer works): ${secret}`);
    return 0;
  }
  out.error(USAGE);
  return 2;
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2), process.env);
