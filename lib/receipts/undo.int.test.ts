import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import * as markRoute from "@/app/api/v1/receipts/[id]/mark-reverted/route";
import * as undoRoute from "@/app/api/v1/receipts/[id]/undo/route";
import { auditLog, demoOutbox, demoRefunds, receipts } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { demoTenant, runToEnd, testEngine } from "@/lib/runtime/testing/engine-harness";
import { receiptLinks } from "./links";
import { sealReceipts } from "./seal";
import { markRevertedManually, undoReceipt } from "./undo";
import { verifyReceipts } from "./verify";

const { db } = await createTestDatabase();
const engine = testEngine(db);
const { operator, tenantId } = await demoTenant(db);
const tenant = { id: tenantId, name: operator.tenantName };
const viewer = await createMember(db, tenant, "viewer");
const admin = await createMember(db, tenant, "admin");
const stranger = await createMember(db, await createTenant(db), "admin");
// The API's runs get a tenant of their own: each demo ticket is refunded once per shop.
const api = await demoTenant(db);
const apiAdmin = await createMember(db, { id: api.tenantId, name: api.operator.tenantName }, "admin");
const { key: operatorKey } = await createApiKey(db, apiAdmin, { name: "ops", role: "operator" });
const { key: viewerKey } = await createApiKey(db, apiAdmin, { name: "view", role: "viewer" });
const { key: strangerKey } = await createApiKey(db, stranger, { name: "x", role: "admin" });

/** A finished support-triage run that refunded (≤ 50 USD, no approval), emailed and updated the ticket. */
async function finishedRun(ticket = "T-1001", actor = operator) {
  const run = await runToEnd(db, engine, actor, {
    agent: "support-triage",
    input: `Resolve ticket ${ticket}`,
    model: "sim:default",
  });
  const rows = await db.select().from(receipts).where(eq(receipts.runId, run.id));
  const of = (tool: string) => {
    const found = rows.find((r) => r.tool === tool && r.kind === "action");
    if (!found) throw new Error(`no ${tool} receipt in ${rows.map((r) => r.tool)}`);
    return found;
  };
  return { run, of };
}

const expectAppError = async (promise: Promise<unknown>, code: string, message?: RegExp) => {
  const error = await promise.then(
    () => null,
    (e) => e,
  );
  expect(error).toMatchObject({ code });
  if (message) expect(error.message).toMatch(message);
  return error;
};

describe("undo", () => {
  it("reverses a refund: a reversal in the ledger, both receipts linked, audited, and the chain verifies", async () => {
    const { run, of } = await finishedRun();
    const refund = of("issue_refund");
    const { revert, output } = await undoReceipt(db, operator, refund.id, {
      reason: "Customer kept the item",
    });
    expect(revert).toMatchObject({
      kind: "undo",
      undoesReceiptId: refund.id,
      runId: run.id,
      tool: "issue_refund",
    });
    expect(revert.content.receipt).toMatchObject({
      reverses_ledger_id: refund.content.receipt.ledger_id,
      reason: "Customer kept the item",
      by: operator.label,
    });
    expect(output).toMatchObject({ reverses_id: refund.content.receipt.ledger_id });
    const [reversal] = await db
      .select()
      .from(demoRefunds)
      .where(
        and(
          eq(demoRefunds.tenantId, tenantId),
          eq(demoRefunds.reversesId, Number(refund.content.receipt.ledger_id)),
        ),
      );
    expect(reversal?.amountUsd).toBe(-Number(refund.content.receipt.amount_usd));

    const links = await receiptLinks(db, operator, run.id);
    const original = links.find((l) => l.id === refund.id);
    expect(original?.revertedBy).toMatchObject({
      id: revert.id,
      kind: "undo",
      why: "Customer kept the item",
    });
    expect(original?.revertable).toBe(false);
    expect(links.find((l) => l.id === revert.id)).toMatchObject({ kind: "undo", undoes: refund.id });
    const viewed = await receiptLinks(db, viewer, run.id);
    expect(viewed.find((l) => l.id === refund.id)).toMatchObject({
      evidence: null,
      revertedBy: { why: null },
    });

    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.action, "receipt.undone")));
    expect(audit).toMatchObject({ targetId: String(refund.id), actorLabel: operator.label });

    await sealReceipts(db.$client, tenantId);
    expect(await verifyReceipts(db, tenantId)).toMatchObject({ ok: true, problems: [] });

    await expectAppError(
      undoReceipt(db, admin, refund.id, { reason: "again" }),
      "conflict",
      new RegExp(`already undone by ${operator.label} at .* \\(receipt #${revert.id}\\)`),
    );
    await expectAppError(
      undoReceipt(db, operator, revert.id, { reason: "undo the undo" }),
      "conflict",
      /not an action/,
    );
  });

  it("refuses a delivered email, offering a manual revert, which then counts", async () => {
    const { of } = await finishedRun("T-1005");
    const email = of("send_email");
    await db
      .update(demoOutbox)
      .set({ deliverAfter: sql`now() - interval '1 minute'` })
      .where(eq(demoOutbox.id, Number(email.content.receipt.outbox_id)));
    const error = await expectAppError(
      undoReceipt(db, operator, email.id, { reason: "Wrong customer" }),
      "conflict",
      /^Delivered at .*: an email cannot be unsent; mark it as reverted manually/,
    );
    expect(error.details).toEqual({ manual_revert: true });
    expect(await db.select().from(receipts).where(eq(receipts.undoesReceiptId, email.id))).toEqual([]);

    const { revert } = await markRevertedManually(db, operator, email.id, { note: "Called the customer" });
    expect(revert).toMatchObject({ kind: "manual_revert", undoesReceiptId: email.id });
    expect(revert.content.receipt).toMatchObject({ note: "Called the customer", by: operator.label });
    await expectAppError(
      markRevertedManually(db, operator, email.id, { note: "twice" }),
      "conflict",
      /already marked as reverted manually/,
    );
    await sealReceipts(db.$client, tenantId);
    expect((await verifyReceipts(db, tenantId)).ok).toBe(true);
  });

  it("recalls an email still in its grace period; reads and other tenants are refused", async () => {
    const { of } = await finishedRun("T-1001");
    const email = of("send_email");
    await undoReceipt(db, operator, email.id, { reason: "Sent too early" });
    const [message] = await db
      .select()
      .from(demoOutbox)
      .where(eq(demoOutbox.id, Number(email.content.receipt.outbox_id)));
    expect(message?.status).toBe("recalled");

    await expectAppError(
      undoReceipt(db, operator, of("get_ticket").id, { reason: "nope" }),
      "conflict",
      /only writes/,
    );
    await expectAppError(undoReceipt(db, stranger, of("update_ticket").id, { reason: "nope" }), "not_found");
    await expectAppError(undoReceipt(db, viewer, of("update_ticket").id, { reason: "nope" }), "forbidden");
    await expect(undoReceipt(db, operator, of("update_ticket").id, { reason: "x" })).rejects.toBeInstanceOf(
      ZodError,
    );
    await expectAppError(undoReceipt(db, operator, "abc", { reason: "nope" }), "not_found");
  });
});

describe("/api/v1/receipts/:id/undo and /mark-reverted", () => {
  const post = (route: typeof undoRoute, key: string, id: number, body: unknown) =>
    route.POST(
      new Request(`http://localhost/api/v1/receipts/${id}/undo`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
      { params: Promise.resolve({ id: String(id) }) },
    );

  it("undoes: 403 for viewers, 404 for another tenant, 400 without a reason, then 200 and 409", async () => {
    const { of } = await finishedRun("T-1005", api.operator);
    const refund = of("issue_refund");
    expect((await post(undoRoute, viewerKey, refund.id, { reason: "because" })).status).toBe(403);
    expect((await post(undoRoute, strangerKey, refund.id, { reason: "because" })).status).toBe(404);
    expect((await post(undoRoute, operatorKey, refund.id, {})).status).toBe(400);
    const ok = await post(undoRoute, operatorKey, refund.id, { reason: "Customer kept the item" });
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body.receipt).toMatchObject({ id: refund.id, reverted_by_receipt_id: body.revert.id });
    expect(body.revert).toMatchObject({ kind: "undo", undoes_receipt_id: refund.id, tool: "issue_refund" });
    const again = await post(undoRoute, operatorKey, refund.id, { reason: "Customer kept the item" });
    expect(again.status).toBe(409);
    expect((await again.json()).error.message).toMatch(/already undone by API key ops at /);
  });

  it("refuses an action without an undo with the manual-revert offer, then marks it reverted", async () => {
    const { of } = await finishedRun("T-1001", api.operator);
    const email = of("send_email");
    await db
      .update(demoOutbox)
      .set({ deliverAfter: sql`now() - interval '1 minute'` })
      .where(eq(demoOutbox.id, Number(email.content.receipt.outbox_id)));
    const refused = await post(undoRoute, operatorKey, email.id, { reason: "Wrong text" });
    expect(refused.status).toBe(409);
    expect((await refused.json()).error).toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/cannot be unsent/),
      manual_revert: true,
    });
    const route = markRoute as unknown as typeof undoRoute;
    expect((await post(route, viewerKey, email.id, { note: "Phoned them" })).status).toBe(403);
    const marked = await post(route, operatorKey, email.id, { note: "Phoned them" });
    expect(marked.status).toBe(200);
    expect((await marked.json()).revert).toMatchObject({
      kind: "manual_revert",
      evidence: { note: "Phoned them" },
    });
  });
});
