import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { demoTickets } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { seededTenant, toolContext } from "@/lib/tools/testing/demo-context";
import { ToolInputError } from "@/lib/tools/types";
import { updateTicket } from "./update-ticket";

const { db } = await createTestDatabase();
const tenant = await seededTenant(db);
const other = await seededTenant(db);

const ticket = async (tenantId: string, id: string) =>
  (
    await db
      .select()
      .from(demoTickets)
      .where(and(eq(demoTickets.tenantId, tenantId), eq(demoTickets.id, id)))
  )[0];

describe("update_ticket", () => {
  it("sets the status, appends the note and records the previous status", async () => {
    const ctx = toolContext(db, tenant.id);
    const args = updateTicket.input.parse({
      ticket_id: "T-1004",
      status: "resolved",
      note: "Refunded $120.00.",
    });
    const { output, receipt } = await updateTicket.execute(args, ctx);
    expect(output).toEqual({ ticket_id: "T-1004", previous_status: "open", status: "resolved" });
    expect(receipt).toEqual({ ticket_id: "T-1004", previous_status: "open", new_status: "resolved" });
    const row = await ticket(tenant.id, "T-1004");
    expect(row?.status).toBe("resolved");
    expect(row?.notes).toEqual([
      { at: expect.any(String), note: "Refunded $120.00.", by: `run:${ctx.runId}` },
    ]);

    const next = await updateTicket.execute(
      { ticket_id: "T-1004", status: "closed", note: "Customer confirmed." },
      ctx,
    );
    expect(next.receipt).toMatchObject({ previous_status: "resolved", new_status: "closed" });
    expect((await ticket(tenant.id, "T-1004"))?.notes.map((n) => n.note)).toEqual([
      "Refunded $120.00.",
      "Customer confirmed.",
    ]);
  });

  it("refuses unknown tickets and invalid statuses", async () => {
    const ctx = toolContext(db, tenant.id);
    await expect(
      updateTicket.execute({ ticket_id: "T-0000", status: "resolved", note: "x" }, ctx),
    ).rejects.toThrow(ToolInputError);
    expect(updateTicket.input.safeParse({ ticket_id: "T-1001", status: "deleted", note: "x" }).success).toBe(
      false,
    );
    expect(updateTicket.input.safeParse({ ticket_id: "T-1001", status: "open", note: "" }).success).toBe(
      false,
    );
  });

  it("never touches another tenant's ticket", async () => {
    await updateTicket.execute(
      { ticket_id: "T-1002", status: "pending", note: "Asked the carrier." },
      toolContext(db, tenant.id),
    );
    expect(await ticket(other.id, "T-1002")).toMatchObject({ status: "open", notes: [] });
    await db
      .delete(demoTickets)
      .where(and(eq(demoTickets.tenantId, tenant.id), eq(demoTickets.id, "T-1003")));
    const missing = updateTicket.execute(
      { ticket_id: "T-1003", status: "resolved", note: "x" },
      toolContext(db, tenant.id),
    );
    await expect(missing).rejects.toThrow(ToolInputError);
    expect((await ticket(other.id, "T-1003"))?.status).toBe("open");
  });
});
