import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { demoFiles, demoOutbox, demoRefunds, demoTickets } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { seededTenant, toolContext } from "@/lib/tools/testing/demo-context";
import { type CompensationContext, ToolInputError } from "@/lib/tools/types";
import { issueRefund } from "./issue-refund";
import { sendEmail } from "./send-email";
import { updateTicket } from "./update-ticket";
import { writeFile } from "./write-file";

const { db } = await createTestDatabase();
const tenant = await seededTenant(db);

let keys = 0;
const undoContext = (extra: { reason?: string } = {}): CompensationContext => ({
  db,
  tenantId: tenant.id,
  idempotencyKey: `undo:test:${++keys}`,
  signal: new AbortController().signal,
  ...extra,
});
const ctx = () => toolContext(db, tenant.id);

function compensator<T extends { compensate?: unknown }>(tool: T) {
  if (!tool.compensate) throw new Error("no compensator");
  return tool.compensate as NonNullable<typeof issueRefund.compensate>;
}

describe("issue_refund undo", () => {
  it("writes a reversal entry once, however often it is retried, and the order's total drops back", async () => {
    const refund = await issueRefund.execute(
      { order_id: "O-5001", amount_usd: 18.5, reason: "T-1001" },
      ctx(),
    );
    const undo = undoContext();
    const first = await compensator(issueRefund)(refund.receipt, undo);
    const again = await compensator(issueRefund)(refund.receipt, undo);
    expect(again).toEqual(first);
    expect(first.output).toMatchObject({ reverses_id: refund.output.refund_id, amount_usd: -18.5 });
    expect(first.output).toMatchObject({ refunded_total_usd: 0 });
    expect(first.receipt).toMatchObject({ reverses_ledger_id: refund.output.refund_id, amount_usd: -18.5 });
    const ledger = await db
      .select()
      .from(demoRefunds)
      .where(and(eq(demoRefunds.tenantId, tenant.id), eq(demoRefunds.orderId, "O-5001")));
    expect(ledger).toHaveLength(2);
    expect(ledger.find((r) => r.reversesId === refund.output.refund_id)?.amountUsd).toBe(-18.5);
    // Another key (a second undo) is refused: a refund is reversed at most once.
    await expect(compensator(issueRefund)(refund.receipt, undoContext())).rejects.toThrow(
      /already reversed by ledger entry/,
    );
  });
});

describe("update_ticket undo", () => {
  const status = async (id: string) =>
    (
      await db
        .select()
        .from(demoTickets)
        .where(and(eq(demoTickets.tenantId, tenant.id), eq(demoTickets.id, id)))
    )[0];

  it("restores the previous status with a note saying why", async () => {
    const before = (await status("T-1001"))?.status;
    const update = await updateTicket.execute(
      { ticket_id: "T-1001", status: "resolved", note: "Refunded" },
      ctx(),
    );
    const undo = undoContext({ reason: "Refund was wrong" });
    const result = await compensator(updateTicket)(update.receipt, undo);
    expect(result.receipt).toMatchObject({ ticket_id: "T-1001", restored_status: before });
    const ticket = await status("T-1001");
    expect(ticket?.status).toBe(before);
    expect(ticket?.notes.at(-1)?.note).toBe("Reverted: Refund was wrong");
    expect(await compensator(updateTicket)(update.receipt, undo)).toEqual(result);
    expect((await status("T-1001"))?.notes.filter((n) => n.note.startsWith("Reverted"))).toHaveLength(1);
  });

  it("refuses when the status changed since", async () => {
    const update = await updateTicket.execute(
      { ticket_id: "T-1002", status: "pending", note: "Asked" },
      ctx(),
    );
    await updateTicket.execute({ ticket_id: "T-1002", status: "closed", note: "Closed by hand" }, ctx());
    const undo = compensator(updateTicket)(update.receipt, undoContext({ reason: "x" }));
    await expect(undo).rejects.toThrow(ToolInputError);
    await expect(undo).rejects.toThrow('Ticket T-1002 is now "closed", not "pending"');
    expect((await status("T-1002"))?.status).toBe("closed");
  });
});

describe("write_file undo", () => {
  const read = async (path: string) =>
    (
      await db
        .select()
        .from(demoFiles)
        .where(and(eq(demoFiles.tenantId, tenant.id), eq(demoFiles.path, path)))
    )[0]?.content;

  it("restores the previous content from the diff", async () => {
    const path = "runbooks/undo-me.md";
    await writeFile.execute({ path, content: "one\ntwo\nthree\n" }, ctx());
    const write = await writeFile.execute({ path, content: "one\n2\nthree\nfour" }, ctx());
    expect(write.receipt.content_before).toBeUndefined();
    await compensator(writeFile)(write.receipt, undoContext());
    expect(await read(path)).toBe("one\ntwo\nthree\n");
  });

  it("removes a file the write created", async () => {
    const write = await writeFile.execute({ path: "notes/new.md", content: "hello" }, ctx());
    const result = await compensator(writeFile)(write.receipt, undoContext());
    expect(result.output).toMatchObject({ restored: "deleted" });
    expect(await read("notes/new.md")).toBeUndefined();
  });

  it("keeps the previous content when the diff is cut short, and refuses old receipts that lack it", async () => {
    const path = "notes/large.txt";
    const big = Array.from({ length: 400 }, (_, i) => `line ${i}`).join("\n");
    await writeFile.execute({ path, content: big }, ctx());
    const write = await writeFile.execute({ path, content: big.replaceAll("line", "LINE") }, ctx());
    expect(write.receipt.diff).toContain("(truncated)");
    expect(write.receipt.content_before).toBe(big);
    const { content_before: _, ...old } = write.receipt;
    await expect(compensator(writeFile)(old, undoContext())).rejects.toThrow(/does not hold enough/);
    await compensator(writeFile)(write.receipt, undoContext());
    expect(await read(path)).toBe(big);
  });

  it("refuses when the file changed since", async () => {
    const path = "notes/changed.md";
    const write = await writeFile.execute({ path, content: "mine" }, ctx());
    await writeFile.execute({ path, content: "someone else's" }, ctx());
    await expect(compensator(writeFile)(write.receipt, undoContext())).rejects.toThrow(
      "notes/changed.md changed since this write",
    );
  });
});

describe("send_email undo", () => {
  const message = { to: "tom.becker@example.com", subject: "Refund", body: "Done." };

  it("recalls a message still in its grace period", async () => {
    const sent = await sendEmail.execute(message, ctx());
    const result = await compensator(sendEmail)(sent.receipt, undoContext());
    expect(result.output).toEqual({ outbox_id: sent.output.outbox_id, to: message.to, status: "recalled" });
    const [row] = await db.select().from(demoOutbox).where(eq(demoOutbox.id, sent.output.outbox_id));
    expect(row?.status).toBe("recalled");
  });

  it("refuses once delivered: an email cannot be unsent", async () => {
    const sent = await sendEmail.execute(message, ctx());
    await db
      .update(demoOutbox)
      .set({ deliverAfter: sql`now() - interval '1 second'` })
      .where(eq(demoOutbox.id, sent.output.outbox_id));
    const undo = compensator(sendEmail)(sent.receipt, undoContext());
    await expect(undo).rejects.toThrow(ToolInputError);
    await expect(undo).rejects.toThrow(
      /^Delivered at .*: an email cannot be unsent; mark it as reverted manually/,
    );
    const [row] = await db.select().from(demoOutbox).where(eq(demoOutbox.id, sent.output.outbox_id));
    expect(row?.status).toBe("queued");
  });
});
