import { cents, num, record, str, usd } from "./steps";

export type Ticket = { id: string; orderId?: string; subject: string; body: string; status?: string };
export type Order = {
  id: string;
  name?: string;
  email?: string;
  status?: string;
  total: number;
  refunded: number;
};
export type RefundOutcome =
  | { kind: "none" }
  | { kind: "issued"; amount: number; ledgerId: string }
  | { kind: "over"; amount: number; remaining: number }
  | { kind: "failed"; amount: number; error: string };

export function asTicket(value: unknown, fallbackId: string): Ticket {
  const v = record(value);
  return {
    id: str(v.ticket_id) ?? fallbackId,
    orderId: str(v.order_id),
    subject: str(v.subject) ?? "",
    body: str(v.body) ?? "",
    status: str(v.status),
  };
}

export function asOrder(value: unknown, fallbackId: string): Order {
  const v = record(value);
  return {
    id: str(v.order_id) ?? fallbackId,
    name: str(v.customer_name),
    email: str(v.customer_email),
    status: str(v.status),
    total: num(v.total_usd) ?? Number(v.total_usd ?? 0),
    refunded: num(v.refunded_usd) ?? Number(v.refunded_usd ?? 0),
  };
}

export const remainingOf = (order: Order): number => (cents(order.total) - cents(order.refunded)) / 100;

const MONEY = /\$\s?(\d{1,3}(?:,\d{3})+|\d+)(\.\d{1,2})?/;
const REFUND_WORDS = /refund|money back|reimburs/i;

/**
 * The amount the customer asks back, from the first sentence that asks for a refund and states `$<amount>`.
 * Sentences that name another order are skipped: a refund aimed elsewhere is not this customer's request.
 */
export function refundAsk(ticket: Ticket): number | undefined {
  for (const sentence of sentences(`${ticket.subject}\n${ticket.body}`)) {
    if (!REFUND_WORDS.test(sentence)) continue;
    const others = (sentence.match(/\bO-\d+\b/g) ?? []).filter((id) => id !== ticket.orderId);
    if (others.length > 0) continue;
    const money = sentence.match(MONEY);
    if (money) return Number(`${(money[1] ?? "0").replaceAll(",", "")}${money[2] ?? ""}`);
  }
  return undefined;
}

export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function customerEmail(ticket: Ticket, order: Order, refund: RefundOutcome) {
  const hello = `Hello${order.name ? ` ${order.name}` : ""},`;
  const about = `About your ticket ${ticket.id}`;
  const sign = "Kind regards,\nThe support team";
  const lines: Record<RefundOutcome["kind"], string> = {
    issued: `We have refunded ${usd(refund.kind === "issued" ? refund.amount : 0)} on your order ${order.id}. It should reach your account within 5-10 business days.`,
    over: `We received your refund request for order ${order.id}. It is more than the amount still refundable on this order (${usd(refund.kind === "over" ? refund.remaining : 0)}), so a member of our team will review it and get back to you.`,
    failed: `We could not process your refund on order ${order.id} automatically. A member of our team will follow up shortly.`,
    none: `Thanks for your message${ticket.subject ? ` about "${ticket.subject}"` : ""}. Your order ${order.id} is currently ${order.status ?? "being processed"}; we will follow up if anything else is needed.`,
  };
  return { to: order.email ?? "", subject: about, body: `${hello}\n\n${lines[refund.kind]}\n\n${sign}` };
}

/** What a person reading the ticket later needs to know, with the ids to check. */
export function ticketNote(
  refund: RefundOutcome,
  order: Order | undefined,
  outboxId: string | undefined,
): string {
  const parts: string[] = [];
  if (refund.kind === "issued")
    parts.push(`Refunded ${usd(refund.amount)} on ${order?.id} (ledger ${refund.ledgerId}).`);
  if (refund.kind === "over") {
    parts.push(
      `Refund of ${usd(refund.amount)} exceeds the ${usd(refund.remaining)} still refundable; needs review.`,
    );
  }
  if (refund.kind === "failed")
    parts.push(`Refund of ${usd(refund.amount)} failed: ${refund.error}; needs review.`);
  parts.push(outboxId ? `Customer emailed (outbox ${outboxId}).` : "Customer not emailed.");
  return `Triaged by the agent. ${parts.join(" ")}`;
}

const LEFT_TO_US = /\bnot sure\b|leave (?:the amount|it) to you|whatever (?:is|you think is) fair/i;

/** A refund asked with no amount, the amount left to the shop: a person decides it, not the agent. */
export const unstatedRefund = (ticket: Ticket): boolean =>
  REFUND_WORDS.test(`${ticket.subject}\n${ticket.body}`) &&
  LEFT_TO_US.test(ticket.body) &&
  refundAsk(ticket) === undefined;

/** The first amount in a person's answer ("Refund $20", "20 USD"); none: they gave no amount. */
export function amountIn(answer: string): number | undefined {
  const match = answer.match(/\$?\s?(\d+(?:\.\d{1,2})?)/);
  return match ? Number(match[1]) : undefined;
}
