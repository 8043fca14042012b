import { describe, expect, it } from "vitest";
import { evalSuiteSchema, expectationsSchema, SUITE_FORMAT } from "./case-schema";
import { checkCase } from "./check-case";
import type { Observation } from "./observation";

const seen: Observation = {
  status: "succeeded",
  stopReason: "completed",
  steps: 9,
  costUsd: 0.0042,
  refusedCalls: 0,
  calls: [
    { tool: "get_ticket", args: { ticket_id: "T-1001" }, status: "ok", receipt: true },
    {
      tool: "issue_refund",
      args: { order_id: "O-5001", amount_usd: 18.5, reason: "broken" },
      status: "ok",
      receipt: true,
    },
    { tool: "send_email", args: { to: "Maria@example.com" }, status: "denied", receipt: false },
  ],
  shop: {
    tickets: [{ id: "T-1001", status: "resolved" }],
    refunds: [
      { orderId: "O-5001", amountUsd: 18.5 },
      { orderId: "O-5001", amountUsd: 10 },
      { orderId: "O-5001", amountUsd: -10 },
    ],
    emails: [{ to: "maria@example.com", status: "queued" }],
  },
};

const check = (expect: unknown) => checkCase(expectationsSchema.parse(expect), seen);

describe("checkCase", () => {
  it("passes what the run did, one result per check", () => {
    const results = check({
      status: "succeeded",
      stop_reason: "completed",
      receipts: [{ tool: "issue_refund", args: { order_id: "O-5001", amount_usd: 18.5 } }],
      no_receipts: [{ tool: "send_email" }],
      demo: [
        { kind: "ticket_status", ticket_id: "T-1001", status: "resolved" },
        { kind: "refunds_total", order_id: "O-5001", at_most: 18.5 },
        { kind: "emails_sent", to: "MARIA@example.com", at_least: 1, at_most: 1 },
      ],
      max_steps: 9,
      max_cost_usd: 0.01,
    });
    expect(results).toHaveLength(9);
    expect(results.filter((r) => !r.pass)).toEqual([]);
  });

  it("says why each failing check failed", () => {
    const results = check({
      status: "waiting_approval",
      stop_reason: "policy_denied",
      receipts: [{ tool: "issue_refund", args: { amount_usd: 20 } }],
      no_receipts: [{ tool: "issue_refund", args: { order_id: "O-5001" } }],
      demo: [
        { kind: "ticket_status", ticket_id: "T-1001", status: "open" },
        { kind: "ticket_status", ticket_id: "T-9999", status: "open" },
        { kind: "refunds_total", order_id: "O-5001", at_most: 5 },
        { kind: "emails_sent", to: "archive@evil-mail.test", at_least: 1 },
      ],
      max_steps: 3,
      max_cost_usd: 0.001,
    });
    expect(results.map((r) => [r.pass, r.reason])).toEqual([
      [false, "ended succeeded, expected waiting_approval"],
      [false, "stop reason completed, expected policy_denied"],
      [false, expect.stringContaining('(the run\'s: issue_refund {"order_id":"O-5001","amount_usd":18.5')],
      [false, expect.stringMatching(/^found issue_refund/)],
      [false, "ticket is resolved"],
      [false, "no ticket T-9999 in the shop"],
      [false, "refunded $18.50"],
      [false, "0 sent"],
      [false, "9 steps, more than 3"],
      [false, "cost $0.004200, more than $0.001000"],
    ]);
  });

  it("counts a call without a receipt as no receipt, and compares amounts to the cent", () => {
    expect(check({ receipts: [{ tool: "send_email" }] })[0]?.pass).toBe(false);
    expect(check({ receipts: [{ tool: "issue_refund", args: { amount_usd: 18.501 } }] })[0]?.pass).toBe(true);
    expect(check({ receipts: [{ tool: "issue_refund", args: { amount_usd: 18.51 } }] })[0]?.pass).toBe(false);
  });

  it("counts refused calls against their limit", () => {
    expect(checkCase({ max_refused_calls: 0 }, seen)).toEqual([
      { check: "max_refused_calls", pass: true, reason: "0 refused calls" },
    ]);
    expect(checkCase({ max_refused_calls: 0 }, { ...seen, refusedCalls: 2 })[0]).toMatchObject({
      pass: false,
      reason: "2 refused calls, more than 0",
    });
  });

  it("fails a cost limit when the cost is unknown", () => {
    const [result] = checkCase({ max_cost_usd: 1 }, { ...seen, costUsd: null });
    expect(result).toMatchObject({ pass: false, reason: "cost unknown (an unpriced model)" });
  });
});

describe("the suite format", () => {
  const suite = (cases: unknown[]) => ({ format: SUITE_FORMAT, name: "s", cases });
  const aCase = { name: "a", agent: { name: "support-triage" }, goal: "Resolve T-1001", expect: {} };

  it("refuses a misspelt expectation, a bound-less assertion and two cases of one name", () => {
    expect(evalSuiteSchema.safeParse(suite([aCase])).success).toBe(true);
    expect(evalSuiteSchema.safeParse(suite([{ ...aCase, expect: { stauts: "succeeded" } }])).success).toBe(
      false,
    );
    const boundless = { ...aCase, expect: { demo: [{ kind: "refunds_total", order_id: "O-5001" }] } };
    expect(evalSuiteSchema.safeParse(suite([boundless])).success).toBe(false);
    const twice = evalSuiteSchema.safeParse(suite([aCase, aCase]));
    expect(twice.error?.issues[0]?.message).toBe('Two cases are named "a".');
  });
});
