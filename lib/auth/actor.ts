import type { Role } from "@/db/schema/memberships";
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
};

export function assertScope(actor: Actor, scope: Scope): void {
  if (!roleHasScope(actor.role, scope)) {
    throw new AppError("forbidden", `Your role (${actor.role}) does not allow this (${scope}).`);
  }
}

export const can = (actor: Actor, scope: Scope): boolean => roleHasScope(actor.role, scope);
