import { describe, expect, it } from "vitest";
import { planLead } from "./lead-plan";
import { stepRunner } from "./steps";
import type { PastCall, Transcript } from "./types";

const LEAD = "You lead the support desk. Delegate every ticket to `support-triage`, then report.";

const transcript = (history: PastCall[] = [], instructions = LEAD): Transcript => ({
  instructions,
  goal: "Please handle ticket t-1004 today.",
  toolNames: ["delegate"],
  turn: history.length + 1,
  history,
});

const handed = {
  toolCallId: "c1",
  toolName: "delegate",
  input: {
    agent: "support-triage",
    goal: "Resolve ticket T-1004. From the support lead: Please handle ticket t-1004 today.",
  },
};

describe("simulator support-lead plan", () => {
  it("hands the ticket to the agent its instructions name", () => {
    const t = transcript();
    expect(planLead(t, stepRunner(t, false))).toEqual({
      kind: "call",
      reason: "Handing ticket T-1004 to support-triage, who works the support tickets.",
      call: { toolName: "delegate", input: handed.input },
    });
  });

  it("reports how the child run ended without repeating what it did", () => {
    const t = transcript([
      {
        ...handed,
        result: {
          ok: true,
          value: { child_run_id: "0123456789abcdef", status: "succeeded", receipts: [{}, {}, {}] },
        },
      },
    ]);
    const decision = planLead(t, stepRunner(t, false));
    expect(decision).toEqual({
      kind: "final",
      notes: [
        "Ticket T-1004 was handed to support-triage; its run 01234567 ended succeeded with 3 receipts. Its own answer and evidence are on that run.",
      ],
    });
  });

  it("says so when the child did not finish, or when no agent is named", () => {
    const t = transcript([
      { ...handed, result: { ok: false, error: "support-triage did not finish the task" } },
    ]);
    expect(planLead(t, stepRunner(t, false))).toMatchObject({
      kind: "final",
      notes: [expect.stringContaining("which did not finish it: support-triage did not finish the task")],
    });
    const lost = transcript([], "You lead the support desk.");
    expect(planLead(lost, stepRunner(lost, false))).toMatchObject({ kind: "final" });
  });
});
