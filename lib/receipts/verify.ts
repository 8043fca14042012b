import { sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { chainHash, GENESIS_HASH, receiptContentHash, storedReceiptContent } from "./canonical";
import { sealReceipts } from "./seal";

export type ReceiptProblemKind = "edited" | "broken_link" | "bad_chain_hash" | "unsealed";
export type ReceiptProblem = { receiptId: number; runId: string; seq: number; kind: ReceiptProblemKind };
export type ReceiptVerification = { ok: boolean; checked: number; problems: ReceiptProblem[] };

type Row = {
  id: string;
  tenant_id: string;
  run_id: string;
  seq: number;
  tool: string;
  idempotency_key: string;
  content: string;
  content_hash: string;
  format: number;
  chain_seq: string | null;
  chain_hash: string | null;
  sealed_at: string | null;
};

/**
 * Recomputes a tenant's chain in chain order: each content hash from its content in the receipt's
 * format (an edit), and each chain_hash from the previous link's and the content hash. A link that
 * does not follow is a broken link where the numbering skips or repeats (a deleted or inserted
 * receipt), else a bad chain hash (an edited or reordered link). Unsealed receipts are reported too; they are normally sealed within a
 * fraction of a second of their commit.
 */
export async function verifyReceipts(db: DbOrTx, tenantId: string): Promise<ReceiptVerification> {
  const rows = (await db.execute(sql`
    select r.id::text, r.tenant_id, r.run_id, r.seq, r.tool, r.idempotency_key, r.content::text as content, r.content_hash, r.format,
      l.chain_seq::text, l.chain_hash, l.sealed_at::text
    from receipts r left join receipt_links l on l.receipt_id = r.id
    where r.tenant_id = ${tenantId}::uuid
    order by l.chain_seq nulls last, r.id`)) as unknown as Row[];
  const problems: ReceiptProblem[] = [];
  let prev = GENESIS_HASH;
  let lastPosition = 0;
  for (const row of rows) {
    const at = { receiptId: Number(row.id), runId: row.run_id, seq: row.seq };
    const content = storedReceiptContent(JSON.parse(row.content), {
      tenantId: row.tenant_id,
      runId: row.run_id,
      seq: row.seq,
      tool: row.tool,
      idempotencyKey: row.idempotency_key,
    });
    if (receiptContentHash(content, row.format) !== row.content_hash)
      problems.push({ ...at, kind: "edited" });
    if (row.sealed_at === null || row.chain_hash === null || row.chain_seq === null) {
      problems.push({ ...at, kind: "unsealed" });
      continue;
    }
    const position = Number(row.chain_seq);
    if (row.chain_hash !== chainHash(prev, row.content_hash))
      problems.push({ ...at, kind: position === lastPosition + 1 ? "bad_chain_hash" : "broken_link" });
    prev = row.chain_hash;
    lastPosition = position;
  }
  return { ok: problems.length === 0, checked: rows.length, problems };
}

/**
 * What `npm run verify-receipts` does: seals what is still unsealed (say, after a crash), then
 * verifies every tenant's chain, printing each problem. Returns the exit code: 1 on any problem.
 */
export async function verifyAllReceipts(
  db: Db,
  log: (line: string) => void = console.log,
): Promise<{ exitCode: number; results: Map<string, ReceiptVerification> }> {
  await sealReceipts(db.$client);
  const tenants = (await db.execute(sql`select distinct tenant_id::text from receipts`)) as unknown as {
    tenant_id: string;
  }[];
  const results = new Map<string, ReceiptVerification>();
  let problems = 0;
  for (const { tenant_id } of tenants) {
    const result = await verifyReceipts(db, tenant_id);
    results.set(tenant_id, result);
    problems += result.problems.length;
    for (const p of result.problems)
      log(`tenant ${tenant_id}: receipt ${p.receiptId} (run ${p.runId}, step ${p.seq}): ${p.kind}`);
    if (result.ok) log(`tenant ${tenant_id}: ${result.checked} receipts verified, chain intact`);
  }
  if (problems > 0) log(`${problems} problem(s) found.`);
  return { exitCode: problems > 0 ? 1 : 0, results };
}

/** The Settings page's "Verify receipts": seals the tenant's stragglers, verifies, audits `receipts.verified`. */
export async function verifyTenantReceipts(db: Db, actor: Actor): Promise<ReceiptVerification> {
  assertScope(actor, "receipts:verify");
  await sealReceipts(db.$client, actor.tenantId);
  const result = await verifyReceipts(db, actor.tenantId);
  await recordAudit(db, actor, {
    action: "receipts.verified",
    details: { ok: result.ok, checked: result.checked, problems: result.problems.length },
  });
  return result;
}
