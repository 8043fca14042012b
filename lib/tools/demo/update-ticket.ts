import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { demoTickets } from "@/db/schema";
import { type ToolDefinition, ToolInputError } from "@/lib/tools/types";
import { demoId } from "./ids";

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
};
