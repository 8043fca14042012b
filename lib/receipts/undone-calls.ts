import { and, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import { receipts } from "@/db/schema";

const reverts = alias(receipts, "reverts");

/** The tool calls of a run whose receipts were undone or marked reverted since: no claim may rest on them. */
export async function undoneCallsOf(db: Db, tenantId: string, runId: string): Promise<Set<string>> {
  const rows = await db
    .select({ toolCallId: sql<string>`${receipts.content}->>'toolCallId'` })
    .from(receipts)
    .innerJoin(reverts, eq(reverts.undoesReceiptId, receipts.id))
    .where(and(eq(receipts.tenantId, tenantId), eq(receipts.runId, runId)));
  return new Set(rows.map((row) => row.toolCallId));
}
