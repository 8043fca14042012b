import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { demoHealth, demoRefunds, demoTickets, policies } from "@/db/schema";
import type { Fixture } from "./case-schema";

/** Changes the scratch tenant's seeded shop into the case's starting state (nothing when no fixture). */
export async function applyFixture(db: Db, tenantId: string, fixture: Fixture | undefined): Promise<void> {
  if (!fixture) return;
  await db.transaction(async (tx) => {
    for (const [index, ticket] of (fixture.tickets ?? []).entries()) {
      const changes = {
        ...(ticket.status !== undefined && { status: ticket.status }),
        ...(ticket.subject !== undefined && { subject: ticket.subject }),
        ...(ticket.body !== undefined && { body: ticket.body }),
        ...(ticket.customer_id !== undefined && { customerId: ticket.customer_id }),
        ...(ticket.order_id !== undefined && { orderId: ticket.order_id }),
      };
      const where = and(eq(demoTickets.tenantId, tenantId), eq(demoTickets.id, ticket.id));
      const updated = Object.keys(changes).length
        ? await tx.update(demoTickets).set(changes).where(where).returning({ id: demoTickets.id })
        : await tx.select({ id: demoTickets.id }).from(demoTickets).where(where);
      if (updated.length > 0) continue;
      if (!ticket.customer_id || !ticket.subject || !ticket.body)
        throw new Error(
          `fixture.tickets[${index}]: ${ticket.id} is not a seeded ticket, so a new one needs customer_id, subject and body.`,
        );
      await tx.insert(demoTickets).values({
        tenantId,
        id: ticket.id,
        customerId: ticket.customer_id,
        orderId: ticket.order_id ?? null,
        subject: ticket.subject,
        body: ticket.body,
        status: ticket.status ?? "open",
      });
    }
    for (const [index, refund] of (fixture.refunds ?? []).entries())
      await tx.insert(demoRefunds).values({
        tenantId,
        orderId: refund.order_id,
        amountUsd: refund.amount_usd,
        reason: refund.reason,
        idempotencyKey: `eval-fixture-${index}`,
      });
    const health = {
      ...(fixture.flaky_percent !== undefined && { flakyPercent: fixture.flaky_percent }),
      ...(fixture.healthy !== undefined && { healthy: fixture.healthy }),
      ...(fixture.health_detail !== undefined && { detail: fixture.health_detail }),
    };
    if (Object.keys(health).length)
      await tx.update(demoHealth).set(health).where(eq(demoHealth.tenantId, tenantId));
    if (fixture.policy !== undefined)
      await tx
        .insert(policies)
        .values({ tenantId, version: 1, text: fixture.policy, createdBy: "eval runner" });
  });
}
