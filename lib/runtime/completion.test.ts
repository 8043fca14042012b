import { describe, expect, it } from "vitest";
import { disprovenClaims, parseCompletion } from "./completion";

const refund = {
  toolName: "issue_refund",
  args: { order_id: "O-5001", amount_usd: 18.5 },
  result: { refund_id: 7, amount_usd: "18.50" },
};
const claimable = new Map([["c2", refund]]);
const check = (facts: Record<string, string | number | boolean>) =>
  disprovenClaims([{ tool_call_id: "c2", tool: "issue_refund", facts }], claimable, new Set());

describe("claims against receipts", () => {
  it("match facts in the call's result or arguments, amounts to the cent, text ignoring case", () => {
    expect(check({ amount_usd: 18.5, order_id: "o-5001", refund_id: "7" })).toEqual([]);
    expect(check({ amount_usd: "18.501" })).toEqual([]);
    expect(check({ amount_usd: 18.51 })).toEqual(['issue_refund call c2: amount_usd is "18.50", not 18.51']);
    expect(check({ order_id: "O-5002" })).toEqual([
      'issue_refund call c2: order_id is "O-5001", not "O-5002"',
    ]);
    expect(check({ currency: "EUR" })).toEqual(["issue_refund call c2: shows no currency"]);
    expect(check({ amount_usd: true })).toHaveLength(1);
  });

  it("read no inherited keys as facts", () => {
    expect(check({ constructor: "x" })).toEqual(["issue_refund call c2: shows no constructor"]);
  });

  it("fail on an undone effect or a call of another tool", () => {
    expect(
      disprovenClaims([{ tool_call_id: "c2", tool: "issue_refund" }], claimable, new Set(["c2"])),
    ).toEqual(["issue_refund call c2: its effect was undone"]);
    expect(disprovenClaims([{ tool_call_id: "c2", tool: "send_email" }], claimable, new Set())).toEqual([
      "send_email call c2: that call was issue_refund",
    ]);
  });
});

describe("the completion's input", () => {
  it("takes an answer and claims, and names what is malformed", () => {
    expect(parseCompletion({ answer: " Done. " })).toEqual({ ok: true, answer: "Done.", claims: [] });
    expect(parseCompletion({ answer: "Done.", claims: [{ tool: "x" }] })).toMatchObject({
      ok: false,
      error: expect.stringContaining("claims.0.tool_call_id"),
    });
    expect(parseCompletion("Done.")).toMatchObject({ ok: false });
  });
});
