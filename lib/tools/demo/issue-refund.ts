import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { demoRefunds } from "@/db/schema";
import {
  type CompensationContext,
  type Receipt,
  type ToolDefinition,
  ToolInputError,
} from "@/lib/tools/types";
import { demoId } from "./ids";
import { formatUsd, fromCents, toCents } from "./money";
import { findOrder, refundedCents } from "./order-queries";
import { refundTarget } from "./policy/targets";
import { HOURLY_REFUND_CAP_CENTS, refundedLastHourCents } from "./refund-limits";

const input = z
  .object({
    order_id: demoId("order to refund", "O-5001"),
    amount_usd: z
      .number()
      .positive()
      .max(100_000)
      .multipleOf(0.01)
      .describe("The amount to refund in USD, greater than 0, at most 2 decimals, e.g. 18.5."),
    reason: z
      .string()
      .trim()
      .min(3)
      .max(500)
      .describe('Why the refund is issued, e.g. "Refund requested in T-1001".'),
  })
  .strict();

export type RefundOutput = {
  refund_id: number;
  order_id: string;
  amount_usd: number;
  refunded_total_usd: number;
};
type Refund = typeof demoRefunds.$inferSelect;

const byKey = (tenantId: string, key: string) =>
  and(eq(demoRefunds.tenantId, tenantId), eq(demoRefunds.idempotencyKey, key));

async function outcome(db: DbOrTx, refund: Refund) {
  const total = fromCents(await refundedCents(db, refund.tenantId, refund.orderId));
  return {
    output: {
      refund_id: refund.id,
      order_id: refund.orderId,
      amount_usd: refund.amountUsd,
      refunded_total_usd: total,
    },
    receipt: {
      ledger_id: refund.id,
      order_id: refund.orderId,
      amount_usd: refund.amountUsd,
      idempotency_key: refund.idempotencyKey,
    },
  };
}

export const issueRefund: ToolDefinition<typeof input, RefundOutput> = {
  name: "issue_refund",
  policy: refundTarget,
  version: 1,
  description:
    "Refunds part or all of an order to the customer's original payment method, as an entry in the refunds ledger. The amount may not exceed what is left to refund on the order (total_usd - refunded_usd from get_order).",
  input,
  risk: () => "write",
  timeoutMs: 10_000,
  idempotent: true,
  async lockTargets(args, ctx) {
    await findOrder(ctx.db, ctx.tenantId, args.order_id, true);
    const [earlier] = await ctx.db.select().from(demoRefunds).where(byKey(ctx.tenantId, ctx.idempotencyKey));
    return earlier ? "replay" : undefined;
  },
  async execute(args, ctx) {
    ctx.signal.throwIfAborted();
    return ctx.db.transaction(async (tx) => {
      // The order row lock serialises refunds on one order, so two calls cannot both pass the check.
      const order = await findOrder(tx, ctx.tenantId, args.order_id, true);
      const [earlier] = await tx.select().from(demoRefunds).where(byKey(ctx.tenantId, ctx.idempotencyKey));
      if (earlier) return outcome(tx, earlier);

      const refunded = await refundedCents(tx, ctx.tenantId, order.id);
      const remaining = toCents(order.totalUsd) - refunded;
      const amount = toCents(args.amount_usd);
      if (amount > remaining) {
        throw new ToolInputError(
          `A refund of ${formatUsd(args.amount_usd)} exceeds what is left to refund on ${order.id}: ${formatUsd(fromCents(remaining))} (total ${formatUsd(order.totalUsd)}, already refunded ${formatUsd(fromCents(refunded))}).`,
        );
      }
      // Policy checked the cap before the call; here it holds against concurrent runs too.
      const lastHour = await refundedLastHourCents(tx, ctx.tenantId);
      if (lastHour + amount > HOURLY_REFUND_CAP_CENTS) {
        throw new ToolInputError(
          `A refund of ${formatUsd(args.amount_usd)} would take this hour's refunds to ${formatUsd(fromCents(lastHour + amount))}, above the cap of ${formatUsd(fromCents(HOURLY_REFUND_CAP_CENTS))}: ask a person to issue it later.`,
        );
      }
      ctx.signal.throwIfAborted();
      const [created] = await tx
        .insert(demoRefunds)
        .values({
          tenantId: ctx.tenantId,
          orderId: order.id,
          amountUsd: fromCents(amount),
          reason: args.reason,
          idempotencyKey: ctx.idempotencyKey,
        })
        .onConflictDoNothing({ target: [demoRefunds.tenantId, demoRefunds.idempotencyKey] })
        .returning();
      // A concurrent call with the same key on another order won the insert: answer with its row.
      const refund =
        created ?? (await tx.select().from(demoRefunds).where(byKey(ctx.tenantId, ctx.idempotencyKey)))[0];
      if (!refund)
        throw new Error(`Refund with idempotency key ${ctx.idempotencyKey} was neither created nor found.`);
      return outcome(tx, refund);
    });
  },
  compensate: reverseRefund,
};

export type RefundReversalOutput = {
  reversal_id: number;
  reverses_id: number;
  order_id: string;
  amount_usd: number;
  refunded_total_usd: number;
};

/**
 * Undo of a refund: a reversal entry in the ledger (negative amount, `reverses_id` naming the refund),
 * idempotent by the compensation's key. The refund itself is never edited or deleted.
 */
async function reverseRefund(receipt: Receipt, ctx: CompensationContext) {
  const refundId = Number(receipt.ledger_id);
  if (!Number.isSafeInteger(refundId))
    throw new ToolInputError("The receipt names no ledger entry to reverse.");
  ctx.signal.throwIfAborted();
  return ctx.db.transaction(async (tx) => {
    const [refund] = await tx
      .select()
      .from(demoRefunds)
      .where(and(eq(demoRefunds.tenantId, ctx.tenantId), eq(demoRefunds.id, refundId)));
    if (!refund) throw new ToolInputError(`Ledger entry #${refundId} does not exist any more.`);
    if (refund.reversesId !== null || refund.amountUsd <= 0)
      throw new ToolInputError(`Ledger entry #${refundId} is itself a reversal: it cannot be reversed.`);
    // Serialises with refunds on the same order, so the running total stays consistent.
    await findOrder(tx, ctx.tenantId, refund.orderId, true);
    const [earlier] = await tx.select().from(demoRefunds).where(byKey(ctx.tenantId, ctx.idempotencyKey));
    let reversal = earlier;
    if (!reversal) {
      const [other] = await tx
        .select({ id: demoRefunds.id })
        .from(demoRefunds)
        .where(and(eq(demoRefunds.tenantId, ctx.tenantId), eq(demoRefunds.reversesId, refundId)));
      if (other)
        throw new ToolInputError(`Refund #${refundId} was already reversed by ledger entry #${other.id}.`);
      ctx.signal.throwIfAborted();
      [reversal] = await tx
        .insert(demoRefunds)
        .values({
          tenantId: ctx.tenantId,
          orderId: refund.orderId,
          amountUsd: -refund.amountUsd,
          reason: `Reversal of refund #${refundId}`,
          idempotencyKey: ctx.idempotencyKey,
          reversesId: refundId,
        })
        .returning();
    }
    if (!reversal) throw new Error(`Reversal of refund #${refundId} was neither created nor found.`);
    const total = fromCents(await refundedCents(tx, ctx.tenantId, refund.orderId));
    const output: RefundReversalOutput = {
      reversal_id: reversal.id,
      reverses_id: refundId,
      order_id: reversal.orderId,
      amount_usd: reversal.amountUsd,
      refunded_total_usd: total,
    };
    return {
      output,
      receipt: {
        ledger_id: reversal.id,
        reverses_ledger_id: refundId,
        order_id: reversal.orderId,
        amount_usd: reversal.amountUsd,
        idempotency_key: reversal.idempotencyKey,
      },
    };
  });
}
