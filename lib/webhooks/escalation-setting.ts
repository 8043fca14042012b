import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { tenants } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

/** A week: a request lives at most that long anyway. */
export const MAX_ESCALATION_MINUTES = 7 * 24 * 60;

export const escalationSettingSchema = z.object({
  after_minutes: z
    .int("Give a whole number of minutes.")
    .min(1, "Escalate after at least one minute.")
    .max(MAX_ESCALATION_MINUTES, `Escalate within a week (${MAX_ESCALATION_MINUTES} minutes).`)
    .nullable(),
});
export type EscalationSetting = z.infer<typeof escalationSettingSchema>;

/** After how many minutes an undecided approval request is escalated; null when never. */
export async function getEscalationSetting(db: Db, actor: Actor): Promise<EscalationSetting> {
  assertScope(actor, "webhooks:manage");
  const [row] = await db
    .select({ minutes: tenants.approvalEscalationMinutes })
    .from(tenants)
    .where(eq(tenants.id, actor.tenantId));
  if (!row) throw new AppError("not_found", "There is no such tenant.");
  return { after_minutes: row.minutes };
}

export async function setEscalationSetting(
  db: Db,
  actor: Actor,
  input: z.input<typeof escalationSettingSchema>,
): Promise<EscalationSetting> {
  assertScope(actor, "webhooks:manage");
  const { after_minutes } = escalationSettingSchema.parse(input);
  await db.transaction(async (tx) => {
    await tx
      .update(tenants)
      .set({ approvalEscalationMinutes: after_minutes })
      .where(eq(tenants.id, actor.tenantId));
    await recordAudit(tx, actor, {
      action: "approvals.escalation_set",
      targetType: "webhook",
      details: { after_minutes },
    });
  });
  return { after_minutes };
}
