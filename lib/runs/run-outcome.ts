import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { RUN_OUTCOMES, runs, TERMINAL_STATUSES } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

export const runOutcomeInput = z
  .object({
    outcome: z.enum(RUN_OUTCOMES, { error: "outcome must be accepted, rejected or corrected." }),
    note: z.string().trim().max(2000, "A note is at most 2,000 characters.").optional(),
  })
  .strict()
  .refine((o) => o.outcome !== "corrected" || (o.note ?? "").length > 0, {
    message: "Say what was corrected.",
    path: ["note"],
  });

/**
 * The outcome layer: a person's verdict on a finished run's result — accepted, rejected, or
 * corrected (with what was fixed). It can be changed; every change is audited.
 */
export async function setRunOutcome(
  db: Db,
  actor: Actor,
  runId: string,
  input: z.input<typeof runOutcomeInput>,
) {
  assertScope(actor, "approvals:decide");
  const { outcome, note } = runOutcomeInput.parse(input);
  if (!z.uuid().safeParse(runId).success) throw new AppError("not_found", "There is no such run.");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(runs)
      .set({ outcome, outcomeNote: note || null, outcomeBy: actor.label, outcomeAt: new Date() })
      .where(
        and(
          eq(runs.id, runId),
          eq(runs.tenantId, actor.tenantId),
          inArray(runs.status, [...TERMINAL_STATUSES]),
        ),
      )
      .returning({
        id: runs.id,
        outcome: runs.outcome,
        outcomeBy: runs.outcomeBy,
        outcomeAt: runs.outcomeAt,
      });
    if (!row) {
      const [exists] = await tx
        .select({ status: runs.status })
        .from(runs)
        .where(and(eq(runs.id, runId), eq(runs.tenantId, actor.tenantId)));
      if (!exists) throw new AppError("not_found", "There is no such run.");
      throw new AppError("conflict", `The run is ${exists.status}: record its outcome once it has ended.`);
    }
    await recordAudit(tx, actor, {
      action: "run.outcome_recorded",
      targetType: "run",
      targetId: runId,
      details: { outcome, ...(note ? { note } : {}) },
    });
    return row;
  });
}
