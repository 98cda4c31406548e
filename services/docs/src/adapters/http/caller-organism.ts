/** The one organism where the caller holds `role`, or null when there are none or several (ADR 0013). */
export function onlyOrganismWhere(caller: { memberships: readonly { organism: string; roles: readonly string[] }[] }, role: string): string | null {
  const organisms = caller.memberships.filter((membership) => membership.roles.includes(role)).map((membership) => membership.organism);
  return organisms.length === 1 ? organisms[0]! : null;
}
