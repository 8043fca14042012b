import type { Role } from "@/db/schema/memberships";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { roleHasScope, type Scope } from "./scopes";

/** Who is acting, in which tenant, with which role: resolved from the database on every request. */
export type Actor = {
  /** `system`: Flightdeck acting on its own (e.g. the budget guard freezing a tenant). */
  kind: "user" | "api_key" | "system";
  /** The user's id, or the API key's id. */
  id: string;
  label: string;
  tenantId: string;
  tenantName: string;
  role: Role;
  /**
   * The person proved they own the address (a mailed link, a provider-verified email), or the
   * deployment's configuration created the account: only then may FLIGHTDECK_PLATFORM_ADMINS name it.
   */
  addressTrusted?: boolean;
};

/** Scopes of the deployment, not of a tenant: held by the people FLIGHTDECK_PLATFORM_ADMINS names. */
const PLATFORM_SCOPES: readonly Scope[] = ["kill:global", "tenants:manage"];

/**
 * A deployment operator: a signed-in person (never an API key) whose email the configuration names
 * and whose address is trusted, so an account someone else set up under that address is not one.
 */
export const isPlatformAdmin = (actor: Actor): boolean =>
  actor.kind === "user" &&
  actor.addressTrusted === true &&
  env().FLIGHTDECK_PLATFORM_ADMINS.includes(actor.label.toLowerCase());

export function assertScope(actor: Actor, scope: Scope): void {
  if (PLATFORM_SCOPES.includes(scope) && !isPlatformAdmin(actor))
    throw new AppError("forbidden", `Only a deployment operator may do this (${scope}).`);
  if (!PLATFORM_SCOPES.includes(scope) && !roleHasScope(actor.role, scope)) {
    throw new AppError("forbidden", `Your role (${actor.role}) does not allow this (${scope}).`);
  }
}

export const can = (actor: Actor, scope: Scope): boolean =>
  PLATFORM_SCOPES.includes(scope) ? isPlatformAdmin(actor) : roleHasScope(actor.role, scope);
