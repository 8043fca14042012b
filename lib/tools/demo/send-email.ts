import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { demoOutbox } from "@/db/schema";
import {
  type CompensationContext,
  type Receipt,
  type ToolDefinition,
  ToolInputError,
} from "@/lib/tools/types";
import { emailTarget } from "./policy/targets";

/** How long a queued message can still be recalled before it counts as delivered. */
export const EMAIL_GRACE_SECONDS = 120;

const input = z
  .object({
    to: z.email().max(254).describe("The recipient's email address, e.g. the customer_email from get_order."),
    subject: z
      .string()
      .trim()
      .min(1)
      .max(200)
      // A line break in a subject would start a new header (header injection).
      .regex(/^[^\r\n\u0085\u2028\u2029]*$/, "A subject is one line: no line breaks.")
      .describe("The subject line, on one line."),
    body: z.string().trim().min(1).max(10_000).describe("The plain-text message."),
  })
  .strict();

export type EmailOutput = { outbox_id: number; to: string; status: string; deliver_after: string };

export const sendEmail: ToolDefinition<typeof input, EmailOutput> = {
  name: "send_email",
  policy: emailTarget,
  version: 1,
  description: `Sends a plain-text email. It waits in the outbox for ${EMAIL_GRACE_SECONDS / 60} minutes before delivery, during which an operator can still recall it; after that it cannot be taken back.`,
  input,
  risk: () => "irreversible",
  timeoutMs: 10_000,
  idempotent: true,
  async execute(args, ctx) {
    ctx.signal.throwIfAborted();
    // The database clock sets deliver_after, as it is the clock the delivery side compares with.
    const [created] = await ctx.db
      .insert(demoOutbox)
      .values({
        tenantId: ctx.tenantId,
        to: args.to,
        subject: args.subject,
        body: args.body,
        idempotencyKey: ctx.idempotencyKey,
        deliverAfter: sql`now() + make_interval(secs => ${EMAIL_GRACE_SECONDS})`,
      })
      .onConflictDoNothing({ target: [demoOutbox.tenantId, demoOutbox.idempotencyKey] })
      .returning();
    const message =
      created ??
      (
        await ctx.db
          .select()
          .from(demoOutbox)
          .where(
            and(eq(demoOutbox.tenantId, ctx.tenantId), eq(demoOutbox.idempotencyKey, ctx.idempotencyKey)),
          )
      )[0];
    if (!message)
      throw new Error(`Email with idempotency key ${ctx.idempotencyKey} was neither queued nor found.`);
    const deliverAfter = message.deliverAfter.toISOString();
    return {
      output: { outbox_id: message.id, to: message.to, status: message.status, deliver_after: deliverAfter },
      receipt: { outbox_id: message.id, to: message.to, deliver_after: deliverAfter },
    };
  },
  compensate: recallEmail,
};

export type RecallOutput = { outbox_id: number; to: string; status: "recalled" };

/**
 * Undo of an email: recalls it while it still waits in the outbox. The check and the change are one
 * statement against the database clock, so a message cannot be recalled after it was delivered.
 */
async function recallEmail(receipt: Receipt, ctx: CompensationContext) {
  const outboxId = Number(receipt.outbox_id);
  if (!Number.isSafeInteger(outboxId)) throw new ToolInputError("The receipt names no outbox message.");
  ctx.signal.throwIfAborted();
  const mine = and(eq(demoOutbox.tenantId, ctx.tenantId), eq(demoOutbox.id, outboxId));
  const [recalled] = await ctx.db
    .update(demoOutbox)
    .set({ status: "recalled" })
    .where(and(mine, eq(demoOutbox.status, "queued"), sql`${demoOutbox.deliverAfter} > now()`))
    .returning();
  const message = recalled ?? (await ctx.db.select().from(demoOutbox).where(mine))[0];
  if (!message) throw new ToolInputError(`Outbox message #${outboxId} does not exist.`);
  if (message.status !== "recalled") {
    throw new ToolInputError(
      `Delivered at ${message.deliverAfter.toISOString()}: an email cannot be unsent; mark it as reverted manually if you handled it another way.`,
    );
  }
  const output: RecallOutput = { outbox_id: message.id, to: message.to, status: "recalled" };
  return { output, receipt: { ...output, was_due_at: message.deliverAfter.toISOString() } };
}
