import { desc, eq, max, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { policies } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { DEFAULT_POLICY } from "@/lib/tools/default-policy";
import { loadTenantCatalog } from "@/lib/tools/tenant-tools";
import { checkPolicy } from "./compile";
import { POLICY_CHANNEL, policyCache } from "./store";

export type PolicyVersionView = {
  version: number;
  text: string;
  comment: string;
  createdBy: string;
  createdAt: Date | null;
};

/** Version 0 is the built-in default, active until an admin saves the first version. */
const builtIn: PolicyVersionView = {
  version: 0,
  text: DEFAULT_POLICY,
  comment: "Built-in default policy",
  createdBy: "Flightdeck",
  createdAt: null,
};

export async function activePolicyVersion(db: Db, actor: Actor): Promise<PolicyVersionView> {
  assertScope(actor, "policies:read");
  const [row] = await db
    .select()
    .from(policies)
    .where(eq(policies.tenantId, actor.tenantId))
    .orderBy(desc(policies.version))
    .limit(1);
  return row ?? builtIn;
}

/** Every saved version, newest first, ending with the built-in default. */
export async function listPolicyVersions(db: Db, actor: Actor): Promise<PolicyVersionView[]> {
  assertScope(actor, "policies:read");
  const rows = await db
    .select()
    .from(policies)
    .where(eq(policies.tenantId, actor.tenantId))
    .orderBy(desc(policies.version))
    .limit(200);
  return [...rows, builtIn];
}

export async function policyVersion(db: Db, actor: Actor, version: number): Promise<PolicyVersionView> {
  const all = await listPolicyVersions(db, actor);
  const found = all.find((v) => v.version === version);
  if (!found) throw new AppError("not_found", `There is no policy version ${version}.`);
  return found;
}

export const savePolicyInput = z.object({
  text: z.string().max(100_000, "A policy is at most 100,000 characters."),
  comment: z.string().trim().max(500).default(""),
  /** The version the editor started from: a save on top of someone else's newer version is refused. */
  baseVersion: z.number().int().min(0).optional(),
});

/**
 * Validates a policy against the tool catalog's Cedar schema and stores it as the next version.
 * An invalid text is refused with Cedar's messages and the active version stays in force.
 */
export async function savePolicy(
  db: Db,
  actor: Actor,
  input: z.input<typeof savePolicyInput>,
): Promise<PolicyVersionView> {
  assertScope(actor, "policies:write");
  const { text, comment, baseVersion } = savePolicyInput.parse(input);
  const checked = checkPolicy(text, (await loadTenantCatalog(db, actor.tenantId)).tools);
  if (!checked.ok) {
    const first = checked.problems[0];
    const where = first?.line ? ` (line ${first.line}, column ${first.column})` : "";
    throw new AppError("invalid_input", `The policy was not saved: ${first?.message ?? "invalid"}${where}`, {
      field: "text",
      details: { problems: checked.problems },
    });
  }
  const saved = await db.transaction(async (tx) => {
    // One saver at a time per tenant, so version numbers never collide.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`policies:${actor.tenantId}`}))`);
    const [current] = await tx
      .select({ version: max(policies.version) })
      .from(policies)
      .where(eq(policies.tenantId, actor.tenantId));
    const latest = current?.version ?? 0;
    if (baseVersion !== undefined && baseVersion !== latest)
      throw new AppError(
        "conflict",
        `Version ${latest} was saved after you started editing version ${baseVersion}: reload and apply your change again.`,
      );
    const [row] = await tx
      .insert(policies)
      .values({ tenantId: actor.tenantId, version: latest + 1, text, comment, createdBy: actor.label })
      .returning();
    if (!row) throw new Error("The policy insert returned nothing.");
    await recordAudit(tx, actor, {
      action: "policy.saved",
      targetType: "policy",
      targetId: String(row.version),
      details: { version: row.version, comment, statements: checked.statements.map((s) => s.id) },
    });
    return row;
  });
  policyCache(db).forget(actor.tenantId);
  await db.$client.notify(POLICY_CHANNEL, actor.tenantId).catch(() => {});
  return saved;
}

/** Makes an older version active again by saving its text as the newest version. */
export async function restorePolicy(db: Db, actor: Actor, version: number): Promise<PolicyVersionView> {
  assertScope(actor, "policies:write");
  const old = await policyVersion(db, actor, version);
  return savePolicy(db, actor, { text: old.text, comment: `Restored version ${version}` });
}
