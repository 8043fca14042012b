import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { auditLog } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";

export type AuditEvent = {
  action: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
};

/** Appends one audit entry; call it inside the transaction of the change it records. */
export async function recordAudit(db: DbOrTx, actor: Actor, event: AuditEvent): Promise<void> {
  await db.insert(auditLog).values({
    tenantId: actor.tenantId,
    actorType: actor.kind,
    actorId: actor.id,
    actorLabel: actor.label,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    details: event.details ?? {},
  });
}

/** For changes made by Flightdeck itself (start-up initialisation). */
export async function recordSystemAudit(db: DbOrTx, tenantId: string, event: AuditEvent): Promise<void> {
  await db.insert(auditLog).values({
    tenantId,
    actorType: "system",
    actorLabel: "Flightdeck",
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    details: event.details ?? {},
  });
}

/** How a deployment operator appears to tenants: no person's or key's name crosses tenants. */
export const PLATFORM_OPERATOR = "Platform operator";

/** One entry in every tenant's log, for an act of the deployment's operator that touches them all. */
export async function recordAuditInEveryTenant(db: DbOrTx, actor: Actor, event: AuditEvent): Promise<void> {
  await db.execute(sql`
    insert into audit_log (tenant_id, actor_type, actor_id, actor_label, action, target_type, target_id, details)
    select id, ${actor.kind}, ${actor.id}, ${PLATFORM_OPERATOR}, ${event.action}, ${event.targetType ?? null},
      ${event.targetId ?? null}, ${JSON.stringify(event.details ?? {})}::jsonb
    from tenants`);
}
