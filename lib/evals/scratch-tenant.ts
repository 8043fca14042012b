import { randomBytes } from "node:crypto";
import { and, eq, inArray, isNull, like, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  type AgentDefinition,
  agents,
  agentVersions,
  playbooks,
  playbookVersions,
  receiptLinks,
  receipts,
  runSteps,
  runs,
  spans,
  tenants,
  unsealedReceipts,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { seedDemoBusiness } from "@/lib/demo/seed-demo";

/** Scratch tenants are named so, and only a tenant so named is ever removed by the runner. */
export const SCRATCH_SLUG_PREFIX = "eval-scratch-";

export type ScratchTenant = { tenantId: string; actor: Actor };

/** A tenant of its own for one case: the demo shop and agents as seeded, and the runner as its operator. */
export async function createScratchTenant(db: Db): Promise<ScratchTenant> {
  const suffix = randomBytes(6).toString("hex");
  const [tenant] = await db
    .insert(tenants)
    .values({ name: `Eval scratch ${suffix}`, slug: `${SCRATCH_SLUG_PREFIX}${suffix}` })
    .returning();
  if (!tenant) throw new Error("The scratch tenant was not created.");
  await seedDemoBusiness(db, tenant.id);
  const actor: Actor = {
    kind: "system",
    id: "eval-runner",
    label: "eval runner",
    tenantId: tenant.id,
    tenantName: tenant.name,
    role: "operator",
  };
  return { tenantId: tenant.id, actor };
}

/**
 * Makes the scratch tenant's agent of that name the given definition and version, live: the scratch
 * shop is a sandbox, so its effects are what the checks read.
 */
export async function installAgent(
  db: Db,
  tenantId: string,
  agent: { name: string; version: number; definition: AgentDefinition },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(agents).where(and(eq(agents.tenantId, tenantId), eq(agents.name, agent.name)));
    const [row] = await tx
      .insert(agents)
      .values({ ...agent.definition, dryRun: false, tenantId, name: agent.name, version: agent.version })
      .returning();
    if (!row) throw new Error(`The agent ${agent.name} was not installed.`);
    await tx.insert(agentVersions).values({
      tenantId,
      agentId: row.id,
      version: agent.version,
      definition: { ...agent.definition, dryRun: false },
      comment: "Installed for an eval case",
      createdBy: "eval runner",
    });
  });
}

/**
 * Gives the scratch tenant the source tenant's playbooks as they are now, so the agent under test is
 * told what it is told at home (playbooks apply by tag, and the agent keeps its tags).
 */
export async function copyPlaybooks(db: Db, fromTenantId: string, toTenantId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const current = await tx
      .select()
      .from(playbooks)
      .where(and(eq(playbooks.tenantId, fromTenantId), isNull(playbooks.deletedAt)));
    for (const playbook of current) {
      const [copy] = await tx
        .insert(playbooks)
        .values({
          tenantId: toTenantId,
          name: playbook.name,
          instructions: playbook.instructions,
          tags: playbook.tags,
          version: playbook.version,
          updatedBy: playbook.updatedBy,
        })
        .returning({ id: playbooks.id });
      if (!copy) throw new Error(`The playbook ${playbook.name} was not copied.`);
      await tx.insert(playbookVersions).values({
        playbookId: copy.id,
        tenantId: toTenantId,
        version: playbook.version,
        name: playbook.name,
        instructions: playbook.instructions,
        tags: playbook.tags,
        writtenBy: playbook.updatedBy,
      });
    }
  });
}

/**
 * Removes a scratch tenant and everything its runs wrote. Steps, spans and receipts have no foreign
 * key to their run (see run_steps), so they are deleted here rather than by the cascade; the receipt
 * sealer's lock is held so a seal under way cannot link a receipt being removed.
 */
export async function removeScratchTenant(db: Db, tenantId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [tenant] = await tx.select({ slug: tenants.slug }).from(tenants).where(eq(tenants.id, tenantId));
    if (!tenant?.slug.startsWith(SCRATCH_SLUG_PREFIX))
      throw new Error(`${tenantId} is not a scratch tenant.`);
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`receipts:${tenantId}`}))`);
    const runIds = tx.select({ id: runs.id }).from(runs).where(eq(runs.tenantId, tenantId));
    await tx.delete(receiptLinks).where(eq(receiptLinks.tenantId, tenantId));
    await tx.delete(unsealedReceipts).where(eq(unsealedReceipts.tenantId, tenantId));
    await tx.delete(receipts).where(eq(receipts.tenantId, tenantId));
    await tx.delete(spans).where(inArray(spans.runId, runIds));
    await tx.delete(runSteps).where(inArray(runSteps.runId, runIds));
    await tx.delete(runs).where(eq(runs.tenantId, tenantId));
    await tx.delete(tenants).where(eq(tenants.id, tenantId));
  });
}

/** Scratch tenants a runner left behind (it was stopped mid-case) are removed by the next run. */
export const STALE_SCRATCH_MS = 60 * 60 * 1000;

export async function removeStaleScratchTenants(db: Db, now = new Date()): Promise<number> {
  const stale = await db
    .select({ id: tenants.id })
    .from(tenants)
    .where(
      and(
        like(tenants.slug, `${SCRATCH_SLUG_PREFIX}%`),
        lt(tenants.createdAt, new Date(now.getTime() - STALE_SCRATCH_MS)),
      ),
    );
  for (const tenant of stale) await removeScratchTenant(db, tenant.id);
  return stale.length;
}
