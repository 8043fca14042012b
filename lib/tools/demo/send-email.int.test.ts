import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { demoOutbox } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { seededTenant, toolContext } from "@/lib/tools/testing/demo-context";
import { sendEmail } from "./send-email";

const { db } = await createTestDatabase();
const tenant = await seededTenant(db);
const other = await seededTenant(db);

const outbox = (tenantId: string) => db.select().from(demoOutbox).where(eq(demoOutbox.tenantId, tenantId));
const message = {
  to: "tom.becker@example.com",
  subject: "About your ticket T-1004",
  body: "We refunded $120.00.",
};

describe("send_email", () => {
  it("queues the message for 2 minutes, with a receipt that matches the outbox row", async () => {
    const ctx = toolContext(db, tenant.id);
    const before = Date.now();
    const { output, receipt } = await sendEmail.execute(sendEmail.input.parse(message), ctx);
    const [row] = await db
      .select()
      .from(demoOutbox)
      .where(and(eq(demoOutbox.tenantId, tenant.id), eq(demoOutbox.idempotencyKey, ctx.idempotencyKey)));
    expect(row).toMatchObject({ ...message, status: "queued" });
    expect(output).toEqual({
      outbox_id: row?.id,
      to: message.to,
      status: "queued",
      deliver_after: row?.deliverAfter.toISOString(),
    });
    expect(receipt).toEqual({ outbox_id: row?.id, to: message.to, deliver_after: output.deliver_after });
    const grace = new Date(output.deliver_after).getTime() - before;
    expect(grace).toBeGreaterThan(110_000);
    expect(grace).toBeLessThan(130_000);
    expect(sendEmail.risk(message)).toBe("irreversible");
  });

  it("is idempotent by key: one outbox row however often the call is retried", async () => {
    const ctx = toolContext(db, other.id);
    const first = await sendEmail.execute(message, ctx);
    const retries = await Promise.all([sendEmail.execute(message, ctx), sendEmail.execute(message, ctx)]);
    for (const r of retries) expect(r).toEqual(first);
    expect(await outbox(other.id)).toHaveLength(1);
    await sendEmail.execute(message, toolContext(db, other.id));
    expect(await outbox(other.id)).toHaveLength(2);
  });

  it("keeps tenants apart even with the same key", async () => {
    const key = "shared-key";
    const mine = await sendEmail.execute(message, toolContext(db, tenant.id, { idempotencyKey: key }));
    const theirs = await sendEmail.execute(message, toolContext(db, other.id, { idempotencyKey: key }));
    expect(theirs.output.outbox_id).not.toBe(mine.output.outbox_id);
  });

  it("rejects invalid input", () => {
    expect(sendEmail.input.safeParse({ ...message, to: "not an address" }).success).toBe(false);
    expect(sendEmail.input.safeParse({ ...message, subject: "" }).success).toBe(false);
    for (const subject of ["Hi\r\nBcc: archive@evil-mail.test", "Hi\nBcc: x@evil-mail.test", "Hi\rX: y"])
      expect(sendEmail.input.safeParse({ ...message, subject }).success, subject).toBe(false);
    expect(sendEmail.input.safeParse({ ...message, cc: "archive@evil-mail.test" }).success).toBe(false);
  });
});
