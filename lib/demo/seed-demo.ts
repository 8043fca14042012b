import type { DbOrTx } from "@/db/client";
import {
  agents,
  agentVersions,
  demoCustomers,
  demoFiles,
  demoHealth,
  demoKnowledgeBase,
  demoOrders,
  demoTickets,
} from "@/db/schema";
import { definitionOf } from "@/lib/agents/versions";
import { DEMO_AGENTS, DEMO_CUSTOMERS, DEMO_FILES, DEMO_KB, DEMO_ORDERS, DEMO_TICKETS } from "./seed-data";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Seeds the demo shop (customers, orders, tickets, knowledge base, workspace files, health switch)
 * and the demo agents for the tenant. Idempotent: existing rows are left as they are, so a
 * tenant's changed tickets, files or agents survive a restart.
 */
export async function seedDemoBusiness(db: DbOrTx, tenantId: string): Promise<void> {
  const now = Date.now();
  const withTenant = <T extends object>(rows: T[]) => rows.map((row) => ({ ...row, tenantId }));

  await db.insert(demoCustomers).values(withTenant(DEMO_CUSTOMERS)).onConflictDoNothing();
  await db
    .insert(demoOrders)
    .values(
      DEMO_ORDERS.map(({ placedDaysAgo, ...order }) => ({
        ...order,
        tenantId,
        placedAt: new Date(now - placedDaysAgo * DAY_MS),
      })),
    )
    .onConflictDoNothing();
  await db.insert(demoTickets).values(withTenant(DEMO_TICKETS)).onConflictDoNothing();
  await db.insert(demoKnowledgeBase).values(withTenant(DEMO_KB)).onConflictDoNothing();
  await db.insert(demoFiles).values(withTenant(DEMO_FILES)).onConflictDoNothing();
  await db.insert(demoHealth).values({ tenantId, healthy: true }).onConflictDoNothing();
  const created = await db.insert(agents).values(withTenant(DEMO_AGENTS)).onConflictDoNothing().returning();
  if (created.length > 0)
    await db.insert(agentVersions).values(
      created.map((agent) => ({
        tenantId,
        agentId: agent.id,
        version: agent.version,
        definition: definitionOf(agent),
        comment: "The demo shop's agent",
        createdBy: "Flightdeck",
      })),
    );
}
