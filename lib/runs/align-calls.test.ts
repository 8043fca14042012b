import { describe, expect, it } from "vitest";
import { alignCalls, argDiff, type CallView } from "./align-calls";

const call = (seq: number, toolName: string, args: unknown = {}): CallView => ({
  seq,
  toolName,
  args,
  status: "ok",
  policy: "allow",
  policyVersion: 0,
  inherited: false,
  recorded: false,
});

describe("alignCalls", () => {
  it("pairs identical trajectories as the same, step by step", () => {
    const a = [call(2, "get_ticket", { ticket_id: "T-1" }), call(4, "get_order", { order_id: "O-1" })];
    const b = [call(2, "get_ticket", { ticket_id: "T-1" }), call(4, "get_order", { order_id: "O-1" })];
    expect(alignCalls(a, b).map((r) => r.kind)).toEqual(["same", "same"]);
  });

  it("names changed arguments, and calls missing from or new in the second run", () => {
    const a = [
      call(2, "get_ticket", { ticket_id: "T-1" }),
      call(4, "issue_refund", { order_id: "O-1", amount_usd: 42 }),
      call(5, "send_email", { to: "a@example.com" }),
    ];
    const b = [
      call(2, "get_ticket", { ticket_id: "T-1" }),
      call(4, "issue_refund", { order_id: "O-1", amount_usd: 40 }),
      call(6, "update_ticket", { ticket_id: "T-1" }),
    ];
    const rows = alignCalls(a, b);
    expect(rows.map((r) => r.kind)).toEqual(["same", "changed", "missing", "new"]);
    expect(rows[1]).toMatchObject({ diff: [{ name: "amount_usd", a: "42", b: "40" }] });
  });

  it("keeps the common calls aligned around an inserted one", () => {
    const a = [call(1, "get_ticket"), call(2, "update_ticket")];
    const b = [call(1, "get_ticket"), call(2, "search_kb"), call(3, "update_ticket")];
    expect(alignCalls(a, b).map((r) => r.kind)).toEqual(["same", "new", "same"]);
    expect(alignCalls(b, a).map((r) => r.kind)).toEqual(["same", "missing", "same"]);
  });

  it("handles empty runs", () => {
    expect(alignCalls([], [])).toEqual([]);
    expect(alignCalls([call(1, "get_ticket")], []).map((r) => r.kind)).toEqual(["missing"]);
  });
});

describe("argDiff", () => {
  it("ignores key order and reports added and removed arguments", () => {
    expect(argDiff({ a: 1, b: { x: 1, y: 2 } }, { b: { y: 2, x: 1 }, a: 1 })).toEqual([]);
    expect(argDiff({ a: 1 }, { b: 2 })).toEqual([
      { name: "a", a: "1", b: undefined },
      { name: "b", a: undefined, b: "2" },
    ]);
    expect(argDiff("x", "y")).toEqual([{ name: "arguments", a: '"x"', b: '"y"' }]);
  });
});
