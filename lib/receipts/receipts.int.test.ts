import { asc, eq, getTableColumns, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { receiptLinks, receipts, runSteps, type ToolStepPayload } from "@/db/schema";
import { RECEIPT_COLUMN_FIELDS, RECEIPT_FORMAT } from "@/db/schema/receipts";
import { createTestDatabase } from "@/db/testing/test-database";
import { hashCanonical } from "@/lib/canonical-json";
import { demoTenant, runToEnd, testEngine } from "@/lib/runtime/testing/engine-harness";
import { chainHash, receiptContentHash, storedReceiptContent } from "./canonical";
import { sealReceipts } from "./seal";
import { verifyAllReceipts, verifyReceipts } from "./verify";

const { db } = await createTestDatabase();

async function tenantWithReceipts() {
  const { operator, tenantId } = await demoTenant(db);
  const engine = testEngine(db);
  const run = await runToEnd(db, engine, operator, {
    agent: "support-triage",
    input: "Resolve ticket T-1004",
    model: "sim:default",
  });
  await sealReceipts(db.$client, tenantId);
  return { run, tenantId, rows: await chained(tenantId) };
}

/** The tenant's receipts with their links, in chain order. */
const chained = (tenantId: string) =>
  db
    .select({
      ...getTableColumns(receipts),
      chainHash: receiptLinks.chainHash,
      chainSeq: receiptLinks.chainSeq,
      sealedAt: receiptLinks.sealedAt,
    })
    .from(receipts)
    .leftJoin(receiptLinks, eq(receiptLinks.receiptId, receipts.id))
    .where(eq(receipts.tenantId, tenantId))
    .orderBy(asc(receiptLinks.chainSeq));

describe("receipts", () => {
  it("are written with their tool steps, then chained per tenant and verified", async () => {
    const { run, tenantId, rows } = await tenantWithReceipts();
    const steps = await db.select().from(runSteps).where(eq(runSteps.runId, run.id));
    const withReceipt = steps.filter(
      (s) =>
        s.kind === "tool" &&
        (s.payload as ToolStepPayload).status === "ok" &&
        (s.payload as ToolStepPayload).receipt,
    );
    expect(withReceipt.length).toBeGreaterThan(0);
    expect(rows).toHaveLength(withReceipt.length);
    for (const step of withReceipt) {
      const payload = step.payload as ToolStepPayload;
      const row = rows.find((r) => r.seq === step.seq);
      expect(row).toMatchObject({
        runId: run.id,
        tool: payload.toolName,
        idempotencyKey: payload.idempotencyKey,
      });
      if (!row) throw new Error("no receipt");
      expect(row.content.receipt).toEqual(payload.receipt);
      // Stored without what its columns hold; the hash covers them.
      expect(
        Object.keys(row.content).filter((k) => (RECEIPT_COLUMN_FIELDS as readonly string[]).includes(k)),
      ).toEqual([]);
      expect(row.contentHash).toBe(hashCanonical(storedReceiptContent(row.content, row)));
      expect(row?.format).toBe(RECEIPT_FORMAT);
    }
    expect(rows.every((r) => r.sealedAt && r.chainHash)).toBe(true);
    // The first link follows 64 zeros, each next one the link before it.
    rows.reduce((prev, row) => {
      expect(row.chainHash).toBe(chainHash(prev, row.contentHash));
      return row.chainHash ?? "";
    }, "0".repeat(64));
    expect(await verifyReceipts(db, tenantId)).toEqual({ ok: true, checked: rows.length, problems: [] });
  });

  it("are written once: sealing links them without updating them", async () => {
    const { operator, tenantId } = await demoTenant(db);
    await runToEnd(db, testEngine(db), operator, {
      agent: "support-triage",
      input: "Resolve ticket T-1004",
      model: "sim:default",
    });
    const versions = sql`select id, xmin::text as version from receipts where tenant_id = ${tenantId}::uuid order by id`;
    const before = [...(await db.execute(versions))];
    expect(before.length).toBeGreaterThan(0);
    await sealReceipts(db.$client, tenantId);
    expect([...(await db.execute(versions))]).toEqual(before);
    const [left] = await db.execute(
      sql`select count(*)::int as n from unsealed_receipts where tenant_id = ${tenantId}::uuid`,
    );
    expect(left?.n).toBe(0);
    expect((await chained(tenantId)).map((r) => r.chainSeq)).toEqual(before.map((_, i) => i + 1));
  });

  it("leaves a tenant without tool calls an empty, intact chain", async () => {
    const { tenantId } = await demoTenant(db);
    expect(await db.select().from(receipts).where(eq(receipts.tenantId, tenantId))).toHaveLength(0);
    expect(await verifyReceipts(db, tenantId)).toEqual({ ok: true, checked: 0, problems: [] });
  });

  it("keeps a long chain in order across many seals (positions past 9 and 10)", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const engine = testEngine(db);
    for (let i = 0; i < 6; i++) {
      await runToEnd(db, engine, operator, {
        agent: "support-triage",
        input: "Resolve ticket T-1004",
        model: "sim:default",
      });
      await sealReceipts(db.$client, tenantId);
    }
    const rows = await chained(tenantId);
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.map((r) => r.chainSeq).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
      rows.map((_, i) => i + 1),
    );
    expect(await verifyReceipts(db, tenantId)).toEqual({ ok: true, checked: rows.length, problems: [] });
  });

  it("verifies a chain whose older receipts were hashed in format 1, and names one whose format was changed", async () => {
    const { run, tenantId, rows } = await tenantWithReceipts();
    const last = rows[rows.length - 1];
    if (!last) throw new Error("no receipt");
    // Evidence with integer-like keys: format 1 and RFC 8785 order them differently.
    const old = { tenantId, runId: run.id, seq: last.seq + 100, tool: last.tool, idempotencyKey: "old" };
    // Stored whole, as receipts were before their columns' fields were left out.
    const content = { ...storedReceiptContent(last.content, old), receipt: { "10": "ten", "2": "two" } };
    const [legacy] = await db
      .insert(receipts)
      .values({ ...old, content, contentHash: receiptContentHash(content, 1) ?? "", format: 1 })
      .returning();
    if (!legacy) throw new Error("not inserted");
    expect(receiptContentHash(content, 1)).not.toBe(receiptContentHash(content, 2));
    await sealReceipts(db.$client, tenantId);
    expect(await verifyReceipts(db, tenantId)).toEqual({ ok: true, checked: rows.length + 1, problems: [] });

    await db.update(receipts).set({ format: 2 }).where(eq(receipts.id, legacy.id));
    expect((await verifyReceipts(db, tenantId)).problems).toEqual([
      { receiptId: legacy.id, runId: run.id, seq: legacy.seq, kind: "edited" },
    ]);
  });

  it("names an edited receipt", async () => {
    const { tenantId, rows } = await tenantWithReceipts();
    const target = rows[0];
    if (!target) throw new Error("no receipt");
    await db.execute(
      sql`update receipts set content = jsonb_set(content, '{receipt,amount_usd}', '999') where id = ${target.id}`,
    );
    const result = await verifyReceipts(db, tenantId);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      { receiptId: target.id, runId: target.runId, seq: target.seq, kind: "edited" },
    ]);
  });

  it("names a receipt whose column the hash covers was edited", async () => {
    const { tenantId, rows } = await tenantWithReceipts();
    const target = rows[0];
    if (!target) throw new Error("no receipt");
    await db.update(receipts).set({ tool: "issue_refund" }).where(eq(receipts.id, target.id));
    expect((await verifyReceipts(db, tenantId)).problems).toEqual([
      { receiptId: target.id, runId: target.runId, seq: target.seq, kind: "edited" },
    ]);
  });

  it("names the receipt after a deleted one as a broken link", async () => {
    const { tenantId, rows } = await tenantWithReceipts();
    expect(rows.length).toBeGreaterThan(1);
    const [first, second] = rows;
    if (!first || !second) throw new Error("not enough receipts");
    await db.delete(receipts).where(eq(receipts.id, first.id));
    const result = await verifyReceipts(db, tenantId);
    expect(result.problems).toEqual([
      { receiptId: second.id, runId: second.runId, seq: second.seq, kind: "broken_link" },
    ]);
  });

  it("detects a reordered chain", async () => {
    const { tenantId, rows } = await tenantWithReceipts();
    const [first, second] = rows;
    if (!first || !second) throw new Error("not enough receipts");
    // Swap the two links' places in the chain: each now follows the wrong predecessor.
    const place = (receipt: typeof first, chainSeq: number) =>
      db.update(receiptLinks).set({ chainSeq }).where(eq(receiptLinks.receiptId, receipt.id));
    await place(first, -1);
    await place(second, first.chainSeq ?? 0);
    await place(first, second.chainSeq ?? 0);
    const result = await verifyReceipts(db, tenantId);
    expect(result.ok).toBe(false);
    expect(result.problems.slice(0, 2)).toEqual([
      { receiptId: second.id, runId: second.runId, seq: second.seq, kind: "bad_chain_hash" },
      { receiptId: first.id, runId: first.runId, seq: first.seq, kind: "bad_chain_hash" },
    ]);
  });

  it("verify-receipts seals what is left, reports every tenant and fails on a problem", async () => {
    const { tenantId, rows } = await tenantWithReceipts();
    const lines: string[] = [];
    const clean = await verifyAllReceipts(db, (line) => lines.push(line));
    // Earlier tests tampered with their tenants on purpose: this tenant must be intact.
    expect(clean.results.get(tenantId)).toEqual({ ok: true, checked: rows.length, problems: [] });
    expect(lines).toContain(`tenant ${tenantId}: ${rows.length} receipts verified, chain intact`);
    expect(clean.exitCode).toBe(1);

    const target = rows[rows.length - 1];
    if (!target) throw new Error("no receipt");
    await db.execute(
      sql`update receipts set content = jsonb_set(content, '{tool}', '"forged"') where id = ${target.id}`,
    );
    lines.length = 0;
    const tampered = await verifyAllReceipts(db, (line) => lines.push(line));
    expect(tampered.exitCode).toBe(1);
    expect(lines).toContain(
      `tenant ${tenantId}: receipt ${target.id} (run ${target.runId}, step ${target.seq}): edited`,
    );
  });
});
