import type { Role } from "@/db/schema/memberships";

/** Every permission in Flightdeck, and the roles that hold it. The server check is the one that counts. */
export const SCOPES = {
  "runs:read": ["viewer", "operator", "admin"],
  "runs:start": ["operator", "admin"],
  /** Raw model text, tool arguments, results and receipts: customer data. Viewers see them redacted. */
  "payloads:read": ["operator", "admin"],
  "approvals:read": ["viewer", "operator", "admin"],
  "approvals:decide": ["operator", "admin"],
  /** Send a run under way an instruction its model reads at its next turn, as trusted operator input. */
  "runs:steer": ["operator", "admin"],
  "agents:read": ["viewer", "operator", "admin"],
  "agents:write": ["admin"],
  /** An agent's memory (lib/memory): viewers read it with values redacted; operators correct and delete items. */
  "memory:read": ["viewer", "operator", "admin"],
  "memory:write": ["operator", "admin"],
  /**
   * Playbooks (lib/playbooks): instructions added to the system prompt of every agent with one of
   * their tags. Writing one changes what agents are told as much as editing their instructions does,
   * so it is an admin's, like agents:write.
   */
  "playbooks:read": ["viewer", "operator", "admin"],
  "playbooks:write": ["admin"],
  /** The tenant's knowledge documents (lib/documents): every member reads and searches them; operators add and delete. */
  "documents:read": ["viewer", "operator", "admin"],
  "documents:write": ["operator", "admin"],
  /** Register the tenant's MCP servers and set how their tools are treated (risk, retries, time-out). */
  "tools:manage": ["admin"],
  "dashboards:read": ["viewer", "operator", "admin"],
  "policies:read": ["viewer", "operator", "admin"],
  "policies:write": ["admin"],
  "kill:engage": ["operator", "admin"],
  /**
   * Stops every tenant: no tenant role holds it, only a deployment operator (FLIGHTDECK_PLATFORM_ADMINS,
   * see lib/auth/actor.ts). A tenant admin's biggest switch is their own tenant.
   */
  "kill:global": [],
  /** Create, rename, suspend and resume tenants: a deployment operator's alone, like kill:global. */
  "tenants:manage": [],
  "receipts:undo": ["operator", "admin"],
  "receipts:verify": ["admin"],
  "audit:read": ["operator", "admin"],
  "members:read": ["viewer", "operator", "admin"],
  "members:manage": ["admin"],
  /** What viewers never see in runs' free text (kinds of personal data, the tenant's own patterns). */
  "redaction:manage": ["admin"],
  "api_keys:manage": ["admin"],
  /** Where the tenant's events (a run ended, a gate call decided) are posted, and what was sent. */
  "webhooks:manage": ["admin"],
  "budgets:manage": ["admin"],
  /** Conditions on agents' recent runs (failure rate, latency, cost) that raise alerts. */
  "alerts:manage": ["admin"],
  "evals:read": ["viewer", "operator", "admin"],
  /** Import suites, save a run as a test case, record a suite run. */
  "evals:write": ["operator", "admin"],
  /** Correct the tenant's model prices; the tenant's past costs are recomputed. */
  "prices:manage": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Scope = keyof typeof SCOPES;

export function roleHasScope(role: Role, scope: Scope): boolean {
  return (SCOPES[scope] as readonly Role[]).includes(role);
}

export function scopesOf(role: Role): Scope[] {
  return (Object.keys(SCOPES) as Scope[]).filter((scope) => roleHasScope(role, scope));
}
