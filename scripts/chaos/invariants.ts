import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { sealReceipts } from "@/lib/receipts/seal";
import { verifyReceipts } from "@/lib/receipts/verify";

export type Invariants = {
  /** Runs neither ended nor waiting for a person: lost or stuck. */
  unsettledRuns: number;
  /** A run that made the same effect twice (two refunds of one order, two mails to one address). */
  doubledEffects: number;
  /** Effects with no receipt, but for unknown outcomes waiting in the inbox for a person. */
  effectsWithoutReceipt: number;
  receiptsWithoutEffect: number;
  /** Runs whose steps skip or repeat a number. */
  stepGaps: number;
  /** Writes whose outcome was not provable, each waiting in the inbox as an unknown outcome. */
  unknownOutcomesInInbox: number;
  /** Runs with a write still pending that are neither running nor waiting to be reconciled. */
  unknownOutcomesDropped: number;
  receiptChainValid: boolean;
};

/** The drill's pass condition: every count of harm is zero and the receipt chain verifies. */
export const invariantsHold = (i: Invariants): boolean =>
  i.unsettledRuns === 0 &&
  i.doubledEffects === 0 &&
  i.effectsWithoutReceipt === 0 &&
  i.receiptsWithoutEffect === 0 &&
  i.stepGaps === 0 &&
  i.unknownOutcomesDropped === 0 &&
  i.receiptChainValid;

const one = async (db: Db, query: ReturnType<typeof sql>): Promise<number> => {
  const [row] = await db.execute<{ n: number }>(query);
  return Number(row?.n ?? 0);
};

/** Refunds and outbox messages are the demo shop's effects; each carries the idempotency key of its call. */
export async function checkInvariants(db: Db, tenantId: string): Promise<Invariants> {
  const effects = sql`(
    select idempotency_key, 'issue_refund' as tool, order_id as target from demo_refunds where tenant_id = ${tenantId}
    union all
    select idempotency_key, 'send_email', "to" from demo_outbox where tenant_id = ${tenantId}
  )`;
  const actionReceipts = sql`(
    select idempotency_key, tool from receipts
    where tenant_id = ${tenantId} and kind = 'action' and tool in ('issue_refund', 'send_email')
  )`;
  // An unknown outcome waiting for a person has no receipt yet, by design: the person decides.
  const awaitingReconcile = sql`select 1 from runs r join approvals a on a.run_id = r.id
    where r.tenant_id = ${tenantId} and a.kind = 'reconcile' and a.status = 'pending'`;
  const [
    unsettledRuns,
    doubledEffects,
    effectsWithoutReceipt,
    receiptsWithoutEffect,
    stepGaps,
    inInbox,
    dropped,
  ] = await Promise.all([
    one(
      db,
      sql`select count(*)::int as n from runs where tenant_id = ${tenantId}
          and status not in ('succeeded', 'failed', 'stopped', 'killed', 'unverified', 'waiting_approval')`,
    ),
    one(
      db,
      sql`select count(*)::int as n from (
          select split_part(idempotency_key, ':', 1), tool, target from ${effects} e
          group by 1, 2, 3 having count(*) > 1) d`,
    ),
    one(
      db,
      sql`select count(*)::int as n from ${effects} e
          where not exists (select 1 from ${actionReceipts} r where r.idempotency_key = e.idempotency_key and r.tool = e.tool)
          and not exists (${awaitingReconcile} and r.pending_tool_call->>'idempotencyKey' = e.idempotency_key)`,
    ),
    one(
      db,
      sql`select count(*)::int as n from ${actionReceipts} r
          where not exists (select 1 from ${effects} e where e.idempotency_key = r.idempotency_key and e.tool = r.tool)`,
    ),
    one(
      db,
      sql`select count(*)::int as n from runs r where r.tenant_id = ${tenantId} and r.last_seq <> (
          select count(distinct s.seq) from run_steps s where s.run_id = r.id and s.seq between 1 and r.last_seq)
          or exists (select 1 from run_steps s where s.run_id = r.id and s.seq > r.last_seq)`,
    ),
    one(
      db,
      sql`select count(*)::int as n from approvals a where a.tenant_id = ${tenantId}
          and a.kind = 'reconcile' and a.status = 'pending'`,
    ),
    one(
      db,
      sql`select count(*)::int as n from runs r where r.tenant_id = ${tenantId} and r.pending_tool_call is not null
          and r.status <> 'running' and not exists (
            select 1 from approvals a where a.run_id = r.id and a.status = 'pending')`,
    ),
  ]);
  // Sealing is lazy (a worker killed just after a commit leaves its receipts for the next seal).
  await sealReceipts(db.$client, tenantId);
  const chain = await verifyReceipts(db, tenantId);
  return {
    unsettledRuns,
    doubledEffects,
    effectsWithoutReceipt,
    receiptsWithoutEffect,
    stepGaps,
    unknownOutcomesInInbox: inInbox,
    unknownOutcomesDropped: dropped,
    receiptChainValid: chain.ok,
  };
}
