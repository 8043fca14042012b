import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { type RunMessage, runMessages } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { RUN_MESSAGES_CHANNEL } from "@/lib/engine-events/run-channels";
import { AppError } from "@/lib/errors";
import { agentSnapshotOf } from "@/lib/runtime/agent-snapshots";
import { getRun } from "./queries";

export const runMessageInput = z
  .object({
    message: z
      .string({ error: "message must be text." })
      .trim()
      .min(1, "Write the message: the agent reads it at its next step.")
      .max(4000, "A message is at most 4,000 characters."),
  })
  .strict();

export type RunMessageInput = z.input<typeof runMessageInput>;

// A run that has not ended: its model has a next turn to read the message at.
const OPEN = new Set(["queued", "running", "waiting_approval", "waiting_input", "waiting_child", "paused"]);

/**
 * An operator's instruction to a run under way: stored at once (it survives a crash before the next
 * step), audited, and announced to the engine, which hands it to the model at the run's next model
 * turn as trusted operator input, once.
 */
export async function sendRunMessage(
  db: Db,
  actor: Actor,
  runId: string,
  input: RunMessageInput,
): Promise<RunMessage> {
  assertScope(actor, "runs:steer");
  const { message } = runMessageInput.parse(input);
  const run = await getRun(db, actor, runId);
  if (run.source !== "engine")
    throw new AppError(
      "conflict",
      "This run's agent runs elsewhere: only runs Flightdeck's engine runs read messages.",
    );
  const { workflow } = await agentSnapshotOf(db, actor.tenantId, run.agentSnapshotHash);
  if (workflow)
    throw new AppError(
      "conflict",
      `This run follows the workflow ${workflow}: no model reads a conversation, so it reads no messages. Take it over or stop it instead.`,
    );
  if (!OPEN.has(run.status))
    throw new AppError(
      "conflict",
      `The run has ended (${run.status.replace("_", " ")}): it reads no more messages.`,
    );
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(runMessages)
      .values({ tenantId: actor.tenantId, runId: run.id, body: message, sentBy: actor.label })
      .returning();
    if (!row) throw new Error("The message was not stored.");
    await recordAudit(tx, actor, {
      action: "run.message_sent",
      targetType: "run",
      targetId: run.id,
      details: { message_id: row.id, message },
    });
    await tx.execute(sql`select pg_notify(${RUN_MESSAGES_CHANNEL}, ${run.id})`);
    return row;
  });
}
