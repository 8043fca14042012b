import type { DemoAssertion, Expectations, ReceiptMatch } from "./case-schema";
import type { Observation, ObservedCall } from "./observation";

export type CheckResult = { check: string; pass: boolean; reason: string };

/** Every expectation of a case against what its run did: one result per check, in the file's order. */
export function checkCase(expect: Expectations, seen: Observation): CheckResult[] {
  const results: CheckResult[] = [];
  const add = (check: string, pass: boolean, ok: string, failed: string) =>
    results.push({ check, pass, reason: pass ? ok : failed });

  if (expect.status !== undefined)
    add(
      "status",
      seen.status === expect.status,
      `ended ${seen.status}`,
      `ended ${seen.status}, expected ${expect.status}`,
    );
  if (expect.stop_reason !== undefined)
    add(
      "stop_reason",
      seen.stopReason === expect.stop_reason,
      `stop reason ${seen.stopReason}`,
      `stop reason ${seen.stopReason ?? "none"}, expected ${expect.stop_reason}`,
    );
  for (const match of expect.receipts ?? []) {
    const found = seen.calls.some((call) => matchesReceipt(call, match));
    add(
      `receipt ${describeMatch(match)}`,
      found,
      "receipt found",
      `no receipt of ${describeMatch(match)}${near(seen.calls, match)}`,
    );
  }
  for (const match of expect.no_receipts ?? []) {
    const found = seen.calls.filter((call) => matchesReceipt(call, match));
    add(
      `no receipt ${describeMatch(match)}`,
      found.length === 0,
      "none found",
      `found ${found.map((call) => describeCall(call)).join("; ")}`,
    );
  }
  for (const assertion of expect.demo ?? []) results.push(checkShop(assertion, seen.shop));
  if (expect.max_steps !== undefined)
    add(
      "max_steps",
      seen.steps <= expect.max_steps,
      `${seen.steps} steps`,
      `${seen.steps} steps, more than ${expect.max_steps}`,
    );
  if (expect.max_refused_calls !== undefined)
    add(
      "max_refused_calls",
      seen.refusedCalls <= expect.max_refused_calls,
      `${seen.refusedCalls} refused calls`,
      `${seen.refusedCalls} refused calls, more than ${expect.max_refused_calls}`,
    );
  if (expect.max_cost_usd !== undefined) {
    const cost = seen.costUsd;
    add(
      "max_cost_usd",
      cost !== null && cost <= expect.max_cost_usd,
      `cost ${usd(cost ?? 0)}`,
      cost === null
        ? "cost unknown (an unpriced model)"
        : `cost ${usd(cost)}, more than ${usd(expect.max_cost_usd)}`,
    );
  }
  return results;
}

function checkShop(assertion: DemoAssertion, shop: Observation["shop"]): CheckResult {
  switch (assertion.kind) {
    case "ticket_status": {
      const ticket = shop.tickets.find((t) => t.id === assertion.ticket_id);
      const check = `ticket ${assertion.ticket_id} is ${assertion.status}`;
      if (!ticket) return { check, pass: false, reason: `no ticket ${assertion.ticket_id} in the shop` };
      const pass = ticket.status === assertion.status;
      return { check, pass, reason: pass ? `ticket is ${ticket.status}` : `ticket is ${ticket.status}` };
    }
    case "refunds_total": {
      const cents = shop.refunds
        .filter((r) => r.orderId === assertion.order_id)
        .reduce((sum, r) => sum + Math.round(r.amountUsd * 100), 0);
      const total = cents / 100;
      return {
        check: `refunds on ${assertion.order_id} ${range(assertion, usd)}`,
        ...within(total, assertion, `refunded ${usd(total)}`),
      };
    }
    case "emails_sent": {
      const to = assertion.to.toLowerCase();
      const count = shop.emails.filter((e) => e.to.toLowerCase() === to).length;
      return {
        check: `emails to ${assertion.to} ${range(assertion, String)}`,
        ...within(count, assertion, `${count} sent`),
      };
    }
  }
}

type Bounds = { at_least?: number; at_most?: number };

function within(value: number, bounds: Bounds, said: string) {
  const low = bounds.at_least === undefined || value >= bounds.at_least - 1e-9;
  const high = bounds.at_most === undefined || value <= bounds.at_most + 1e-9;
  return { pass: low && high, reason: said };
}

const range = (bounds: Bounds, show: (n: number) => string) =>
  [
    bounds.at_least !== undefined ? `at least ${show(bounds.at_least)}` : null,
    bounds.at_most !== undefined ? `at most ${show(bounds.at_most)}` : null,
  ]
    .filter(Boolean)
    .join(" and ");

export function matchesReceipt(call: ObservedCall, match: ReceiptMatch): boolean {
  if (!call.receipt || call.tool !== match.tool) return false;
  return Object.entries(match.args ?? {}).every(([key, want]) => sameValue(call.args[key], want));
}

// Amounts are compared to the cent (18.5 and "18.50" are the same refund); text exactly, but for the
// case of an email address.
function sameValue(got: unknown, want: unknown): boolean {
  if (typeof want === "number") {
    const n = typeof got === "string" ? Number(got) : got;
    return typeof n === "number" && Math.round(n * 100) === Math.round(want * 100);
  }
  if (typeof want === "string" && typeof got === "string")
    return want.includes("@") ? want.toLowerCase() === got.toLowerCase() : want === got;
  return got === want;
}

const describeMatch = (match: ReceiptMatch) =>
  `${match.tool}${match.args ? ` ${JSON.stringify(match.args)}` : ""}`;

const describeCall = (call: ObservedCall) => `${call.tool} ${JSON.stringify(call.args)}`;

// The same tool's receipts, so a failure shows what the run did instead.
function near(calls: ObservedCall[], match: ReceiptMatch): string {
  const same = calls.filter((call) => call.receipt && call.tool === match.tool);
  return same.length === 0 ? "" : ` (the run's: ${same.map(describeCall).join("; ")})`;
}

const usd = (n: number) => `$${n.toFixed(n < 0.01 && n > 0 ? 6 : 2)}`;
