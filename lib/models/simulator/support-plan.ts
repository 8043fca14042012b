import { cents, firstLine, idOf, record, type StepRunner, str, usd } from "./steps";
import {
  amountIn,
  asOrder,
  asTicket,
  customerEmail,
  type Order,
  type RefundOutcome,
  refundAsk,
  remainingOf,
  type Ticket,
  ticketNote,
  unstatedRefund,
} from "./support-texts";
import type { Decision, Transcript } from "./types";

export const TICKET_ID = /\bT-\d+\b/i;

/** support-triage: read the ticket, check the order, refund within policy, email the customer, update the ticket. */
export function planSupport(t: Transcript, run: StepRunner): Decision {
  const ticketId = (t.goal.match(TICKET_ID) ?? t.instructions.match(TICKET_ID))?.[0].toUpperCase();
  if (!ticketId) {
    return final(["The goal names no ticket (an id such as T-1004), so there was nothing to triage."]);
  }
  const read = run({
    reason: `Reading ticket ${ticketId} to see what the customer needs.`,
    call: { toolName: "get_ticket", input: { ticket_id: ticketId } },
    sloppy: { toolName: "get_ticket", input: { ticket_id: `${ticketId}0` } },
  });
  if (read.status === "next") return read.decision;
  if (read.status === "failed")
    return final([`Could not read ticket ${ticketId} (${firstLine(read.error)}); stopped.`]);
  const ticket = asTicket(read.value, ticketId);
  const asked = refundAsk(ticket);
  let ask = asked !== undefined && asked > 0 ? asked : undefined;
  if ((ticket.status === "closed" || ticket.status === "resolved") && ask === undefined) {
    return final([
      `Ticket ${ticket.id} is already ${ticket.status} and asks for nothing more; left as it is.`,
    ]);
  }
  const notes = [`Handled ticket ${ticket.id}${ticket.subject ? ` ("${ticket.subject}")` : ""}.`];

  let order: Order | undefined;
  if (ticket.orderId) {
    const load = run({
      reason: `The ticket is about order ${ticket.orderId}; checking its total and what was already refunded.`,
      call: { toolName: "get_order", input: { order_id: ticket.orderId } },
      sloppy: { toolName: "get_order", input: { id: ticket.orderId } },
    });
    if (load.status === "next") return load.decision;
    if (load.status === "failed")
      notes.push(`Could not load order ${ticket.orderId}: ${firstLine(load.error)}.`);
    else order = asOrder(load.value, ticket.orderId);
  } else {
    notes.push(`Ticket ${ticket.id} has no order attached.`);
  }

  if (ask === undefined && order && unstatedRefund(ticket)) {
    const decided = askHowMuch(ticket, order, run, notes);
    if ("decision" in decided) return decided.decision;
    ask = decided.amount;
  }

  let refund: RefundOutcome = { kind: "none" };
  if (ask !== undefined && !order) {
    notes.push(
      `The ticket asks for ${usd(ask)} back but there is no order to refund against; left for a person.`,
    );
  } else if (ask !== undefined && order) {
    const remaining = remainingOf(order);
    if (cents(ask) <= cents(remaining)) {
      const args = {
        order_id: order.id,
        amount_usd: Number(ask.toFixed(2)),
        reason: `Refund requested in ${ticket.id}`,
      };
      const issue = run({
        reason: `The customer asks for ${usd(ask)} back and ${usd(remaining)} of order ${order.id} is still refundable, so the refund is within policy.`,
        call: { toolName: "issue_refund", input: args },
        sloppy: { toolName: "refund_money", input: { ...args, amount_usd: usd(ask) } },
      });
      if (issue.status === "next") return issue.decision;
      refund =
        issue.status === "done"
          ? { kind: "issued", amount: ask, ledgerId: idOf(record(issue.value).refund_id) ?? "unknown" }
          : { kind: "failed", amount: ask, error: firstLine(issue.error) };
    } else {
      refund = { kind: "over", amount: ask, remaining };
      notes.push(
        `Did not refund: the ticket asks for ${usd(ask)} but only ${usd(remaining)} of order ${order.id} is still refundable (total ${usd(order.total)}, already refunded ${usd(order.refunded)}).`,
      );
    }
  } else {
    notes.push(`Ticket ${ticket.id} asks for no refund.`);
  }

  let outboxId: string | undefined;
  if (order?.email) {
    const email = customerEmail(ticket, order, refund);
    const send = run({
      reason: `Letting the customer know at ${order.email} what was done.`,
      call: { toolName: "send_email", input: email },
    });
    if (send.status === "next") return send.decision;
    if (send.status === "done") outboxId = idOf(record(send.value).outbox_id);
  } else {
    notes.push("No customer email address was available, so the customer was not emailed.");
  }

  // Resolved only when the customer got what they asked and was told so; anything else waits for a person.
  const settled = refund.kind === "issued" || (refund.kind === "none" && ask === undefined);
  const status = settled && outboxId !== undefined ? "resolved" : "pending";
  const update = run({
    reason:
      status === "resolved"
        ? `Marking ticket ${ticket.id} resolved with a note of what was done.`
        : `Setting ticket ${ticket.id} to pending so a person can follow up.`,
    call: {
      toolName: "update_ticket",
      input: { ticket_id: ticket.id, status, note: ticketNote(refund, order, outboxId) },
    },
  });
  if (update.status === "next") return update.decision;
  return final(notes);
}

const final = (notes: string[]): Decision => ({ kind: "final", notes });

/** The customer leaves the amount to the shop: a person says how much (ask_person), never a guess. */
function askHowMuch(
  ticket: Ticket,
  order: Order,
  run: StepRunner,
  notes: string[],
): { decision: Decision } | { amount: number | undefined } {
  const step = run({
    reason: `The customer wants money back on order ${order.id} but leaves the amount to us: asking a person rather than guessing.`,
    call: {
      toolName: "ask_person",
      input: {
        question: `How much should I refund on order ${order.id} (total ${usd(order.total)}, ${usd(remainingOf(order))} still refundable) for ticket ${ticket.id}?`,
        context: `Ticket ${ticket.id} ("${ticket.subject}") asks for some money back without naming an amount.`,
      },
    },
  });
  if (step.status === "next") return { decision: step.decision };
  if (step.status === "failed") {
    notes.push(
      `The ticket asks for money back without an amount and nobody could say how much: left for a person.`,
    );
    return { amount: undefined };
  }
  const reply = record(step.value);
  const answer = str(reply.answer) ?? "";
  notes.push(
    `Asked a person how much to refund; ${str(reply.answered_by) ?? "a person"} answered "${firstLine(answer, 200)}".`,
  );
  const amount = amountIn(answer);
  return { amount: amount !== undefined && amount > 0 ? amount : undefined };
}
