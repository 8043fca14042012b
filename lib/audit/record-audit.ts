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
