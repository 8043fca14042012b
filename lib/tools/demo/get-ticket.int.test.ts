import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { demoTickets } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { seededTenant, toolContext } from "@/lib/tools/testing/demo-context";
import { ToolInputError } from "@/lib/tools/types";
import { getTicket } from "./get-ticket";

const { db } = await createTestDatabase();
const tenant = await seededTenant(db);
const other = await seededTenant(db);
const ctx = toolContext(db, tenant.id);

describe("get_ticket", () => {
  it("returns the ticket and a read receipt", async () => {
    const { output, receipt } = await getTicket.execute(
      getTicket.input.parse({ ticket_id: " t-1004 " }),
      ctx,
    );
    expect(output).toMatchObject({
      ticket_id: "T-1004",
      customer_id: "C-1004",
      order_id: "O-5004",
      status: "open",
    });
    expect(output.body).toContain("$120.00");
    expect(receipt).toEqual({ ticket_id: "T-1004", found: true });
  });

  it("returns null for a ticket without an order", async () => {
    const { output } = await getTicket.execute({ ticket_id: "T-1007" }, ctx);
    expect(output.order_id).toBeNull();
  });

  it("refuses unknown ids and invalid input", async () => {
    await expect(getTicket.execute({ ticket_id: "T-9999" }, ctx)).rejects.toThrow(ToolInputError);
    await expect(getTicket.execute({ ticket_id: "T-9999" }, ctx)).rejects.toThrow(/No ticket with id T-9999/);
    expect(getTicket.input.safeParse({ ticket_id: "" }).success).toBe(false);
    expect(getTicket.input.safeParse({ ticket_id: "T-1001", extra: 1 }).success).toBe(false);
  });

  it("does not see another tenant's tickets", async () => {
    await db.insert(demoTickets).values({
      tenantId: other.id,
      id: "T-7777",
      customerId: "C-1001",
      subject: "Only in the other tenant",
      body: "secret",
      status: "open",
    });
    await db
      .update(demoTickets)
      .set({ subject: "Changed by the other tenant" })
      .where(and(eq(demoTickets.tenantId, other.id), eq(demoTickets.id, "T-1001")));
    await expect(getTicket.execute({ ticket_id: "T-7777" }, ctx)).rejects.toThrow(ToolInputError);
    expect((await getTicket.execute({ ticket_id: "T-1001" }, ctx)).output.subject).toBe("Mug arrived broken");
  });
});
