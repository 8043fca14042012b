import { describe, expect, it } from "vitest";
import { trajectoryDiff } from "./trajectory-diff";

const call = (tool: string, args: Record<string, unknown>, status = "ok") => ({
  tool,
  args,
  status,
  receipt: true,
});
const result = (id: string, pass: boolean, calls: ReturnType<typeof call>[] | null) => ({
  id,
  pass,
  calls,
  suiteRunId: `run-${id}`,
});

describe("a failing case's trajectory against its last pass", () => {
  it("lines up the calls: the same, a changed argument, one missing, one new", () => {
    const passed = result("p", true, [
      call("get_ticket", { ticket_id: "T-1" }),
      call("issue_refund", { order_id: "O-1", amount_usd: 20 }),
      call("update_ticket", { ticket_id: "T-1", status: "resolved" }),
    ]);
    const failed = result("f", false, [
      call("get_ticket", { ticket_id: "T-1" }),
      call("issue_refund", { order_id: "O-1", amount_usd: 200 }),
      call("send_email", { to: "archive@evil-mail.test" }, "denied"),
    ]);
    const diff = trajectoryDiff([failed, result("older-fail", false, []), passed]);
    expect(diff?.lastPass.id).toBe("p");
    expect(diff?.rows.map((r) => r.kind)).toEqual(["same", "changed", "missing", "new"]);
    expect(diff?.rows[1]).toMatchObject({ diff: [{ name: "amount_usd", a: "20", b: "200" }] });
  });

  it("has nothing to show when the latest passed, or no earlier pass kept its calls", () => {
    expect(trajectoryDiff([result("p", true, [])])).toBeNull();
    expect(trajectoryDiff([result("f", false, []), result("old", true, null)])).toBeNull();
    expect(trajectoryDiff([])).toBeNull();
  });
});
