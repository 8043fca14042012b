import { describe, expect, it } from "vitest";
import { type Baseline, regressions } from "./baseline";
import type { CaseResult } from "./run-case";
import type { SuiteResult } from "./run-suite";

const caseResult = (name: string, over: Partial<CaseResult> = {}): CaseResult => ({
  name,
  agent: "support-triage",
  agentVersion: 1,
  model: "sim:default",
  pass: true,
  status: "succeeded",
  stopReason: "completed",
  steps: 8,
  costUsd: 0.001,
  durationMs: 10,
  setupMs: 5,
  runId: null,
  checks: [],
  ...over,
});

const suite = (cases: CaseResult[]): SuiteResult => ({
  suite: "s",
  startedAt: "",
  durationMs: 0,
  model: null,
  cases,
  passed: cases.filter((c) => c.pass).length,
  failed: cases.filter((c) => !c.pass).length,
  costUsd: 0,
});

const baseline: Baseline = {
  suite: "s",
  cases: {
    a: { pass: true, steps: 8, cost_usd: 0.001 },
    known: { pass: false, steps: 3, cost_usd: 0.001 },
  },
};

describe("regressions", () => {
  it("finds a case that passed and now fails, with its failed checks", () => {
    const failed = caseResult("a", {
      pass: false,
      checks: [{ check: "status", pass: false, reason: "ended failed" }],
    });
    expect(regressions(suite([failed]), baseline)).toEqual([
      { case: "a", reason: "passed in the baseline, now fails: status: ended failed" },
    ]);
  });

  it("lets a case that already failed fail, and judges a new case by its checks", () => {
    expect(regressions(suite([caseResult("known", { pass: false })]), baseline)).toEqual([]);
    expect(regressions(suite([caseResult("new", { pass: false, error: "No agent x" })]), baseline)).toEqual([
      { case: "new", reason: "fails: No agent x" },
    ]);
  });

  it("allows steps and cost within the tolerance, not beyond", () => {
    expect(regressions(suite([caseResult("a", { steps: 10, costUsd: 0.00125 })]), baseline)).toEqual([]);
    expect(regressions(suite([caseResult("a", { steps: 11, costUsd: 0.0013 })]), baseline)).toEqual([
      { case: "a", reason: "11 steps, baseline 8 (at most 10 allowed)" },
      { case: "a", reason: "cost $0.001300, baseline $0.001000 (+25 % allowed)" },
    ]);
    expect(regressions(suite([caseResult("a", { steps: 9 })]), baseline, 0)).toHaveLength(1);
  });

  it("without a baseline, counts every failing case", () => {
    expect(regressions(suite([caseResult("a"), caseResult("b", { pass: false })]), null)).toHaveLength(1);
  });
});
