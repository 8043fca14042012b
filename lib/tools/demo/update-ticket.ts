import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { demoTickets } from "@/db/schema";
import {
  type CompensationContext,
  type Receipt,
  type ToolDefinition,
  ToolInputError,
} from "@/lib/tools/types";
import { demoId } from "./ids";
import { ticketUpdateTarget } from "./policy/targets";

export const TICKET_STATUSES = ["open", "pending", "resolved", "closed"] as const;

const input = z
  .object({
    ticket_id: demoId("support ticket", "T-1001"),
    status: z
      .enum(TICKET_STATUSES)
      .describe("The new status: open, pending (waiting on someone), resolved or closed."),
    note: z
      .string()
      .trim()
      .min(1)
      .max(2_000)
      .describe("An internal note saying what was done, appended to the ticket."),
  })
  .strict();

export type UpdateTicketOutput = { ticket_id: string; previous_status: string; status: string };

export const updateTicket: ToolDefinition<typeof input, UpdateTicketOutput> = {
  name: "update_ticket",
  policy: ticketUpdateTarget,
  version: 1,
  description: "Sets a support ticket's status and appends an internal note to it.",
  input,
  risk: () => "write",
  timeoutMs: 5_000,
  // A retry would append the note twice and record the wrong previous status.
  idempotent: false,
  async execute(args, ctx) {
    ctx.signal.throwIfAborted();
    return ctx.db.transaction(async (tx) => {
      const where = and(eq(demoTickets.tenantId, ctx.tenantId), eq(demoTickets.id, args.ticket_id));
      const [ticket] = await tx
        .select({ status: demoTickets.status })
        .from(demoTickets)
        .where(where)
        .for("update");
      if (!ticket)
        throw new ToolInputError(
          `No ticket with id ${args.ticket_id} exists. Ticket ids look like "T-1001".`,
        );
      const note = { at: new Date().toISOString(), note: args.note, by: `run:${ctx.runId}` };
      ctx.signal.throwIfAborted();
      await tx
        .update(demoTickets)
        .set({
          status: args.status,
          notes: sql`${demoTickets.notes} || jsonb_build_array(${JSON.stringify(note)}::jsonb)`,
          updatedAt: sql`now()`,
        })
        .where(where);
      return {
        output: { ticket_id: args.ticket_id, previous_status: ticket.status, status: args.status },
        receipt: { ticket_id: args.ticket_id, previous_status: ticket.status, new_status: args.status },
      };
    });
  },
  compensate: restoreTicket,
};

/**
 * Undo of a ticket update: the status the receipt recorded before the change, and a note saying it
 * was reverted and why. Refused when the ticket's status changed since, as restoring would silently
 * overwrite that later change. Idempotent by the compensation's key (the note records it).
 */
async function restoreTicket(receipt: Receipt, ctx: CompensationContext & { reason?: string }) {
  const ticketId = String(receipt.ticket_id ?? "");
  const previous = String(receipt.previous_status ?? "");
  const changedTo = String(receipt.new_status ?? "");
  if (!ticketId || !previous || !changedTo)
    throw new ToolInputError("The receipt does not record the ticket's previous status.");
  ctx.signal.throwIfAborted();
  return ctx.db.transaction(async (tx) => {
    const where = and(eq(demoTickets.tenantId, ctx.tenantId), eq(demoTickets.id, ticketId));
    const [ticket] = await tx
      .select({ status: demoTickets.status, notes: demoTickets.notes })
      .from(demoTickets)
      .where(where)
      .for("update");
    if (!ticket) throw new ToolInputError(`Ticket ${ticketId} does not exist any more.`);
    const by = `undo:${ctx.idempotencyKey}`;
    const done = { ticket_id: ticketId, previous_status: changedTo, restored_status: previous };
    if (ticket.status === previous && ticket.notes.some((n) => n.by === by))
      return { output: done, receipt: done };
    if (ticket.status !== changedTo)
      throw new ToolInputError(
        `Ticket ${ticketId} is now "${ticket.status}", not "${changedTo}" as this update left it: it changed since, so restoring "${previous}" would overwrite that change.`,
      );
    const note = {
      at: new Date().toISOString(),
      note: `Reverted: ${ctx.reason ?? "undone by an operator"}`,
      by,
    };
    ctx.signal.throwIfAborted();
    await tx
      .update(demoTickets)
      .set({
        status: previous,
        notes: sql`${demoTickets.notes} || jsonb_build_array(${JSON.stringify(note)}::jsonb)`,
        updatedAt: sql`now()`,
      })
      .where(where);
    return { output: done, receipt: done };
  });
}
