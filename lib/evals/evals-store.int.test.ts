import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, evalCaseResults } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { DEFAULT_RESILIENCE } from "@/lib/resilience/settings";
import { startRun } from "@/lib/runs/start-run";
import { demoTenant, runToEnd, testEngine } from "@/lib/runtime/testing/engine-harness";
import { SUITE_FORMAT } from "./case-schema";
import { evalCli } from "./eval-cli";
import { saveRunAsTestCase } from "./save-test-case";
import { caseHistory, listSuites } from "./suite-runs";
import { casesOf, exportSuite, importSuite, suiteByName } from "./suite-store";
import { trajectoryDiff } from "./trajectory-diff";

const { db } = await createTestDatabase();
const engine = testEngine(db, {
  resilience: { ...DEFAULT_RESILIENCE, baseDelayMs: 5, maxDelayMs: 50, breakerFailures: 1_000_000 },
});
const { operator, tenantId } = await demoTenant(db, { keepRequiredEvidence: true });
const tenant = { id: tenantId, name: operator.tenantName };
const viewer = await createMember(db, tenant, "viewer");
const outsider = await createMember(db, await createTenant(db), "admin");

const suiteFile = {
  format: SUITE_FORMAT,
  name: "stored",
  description: "kept in the tenant",
  cases: [
    {
      name: "mug",
      agent: { name: "support-triage" },
      goal: "Resolve ticket T-1001.",
      expect: { status: "succeeded", receipts: [{ tool: "issue_refund", args: { amount_usd: 18.5 } }] },
    },
  ],
};

describe("stored suites", () => {
  it("imports a suite file and exports the same file; viewers read, only operators write", async () => {
    await expect(importSuite(db, viewer, suiteFile)).rejects.toThrow(/does not allow this \(evals:write\)/);
    const first = await importSuite(db, operator, suiteFile);
    expect(first).toMatchObject({ cases: 1, replaced: false });
    expect(await exportSuite(db, viewer, "stored")).toEqual(suiteFile);
    const again = await importSuite(db, operator, { ...suiteFile, description: "changed" });
    expect(again).toMatchObject({ replaced: true });
    const audits = await db.select().from(auditLog).where(eq(auditLog.action, "eval_suite.imported"));
    expect(audits.map((a) => a.details)).toEqual([
      { name: "stored", cases: 1, replaced: false },
      { name: "stored", cases: 1, replaced: true },
    ]);
  });

  it("refuses a bad file with the place of each problem, and hides a suite from another tenant", async () => {
    await expect(importSuite(db, operator, { ...suiteFile, cases: [{ name: "x" }] })).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("cases.0.agent"),
    });
    await expect(exportSuite(db, outsider, "stored")).rejects.toMatchObject({ code: "not_found" });
    expect(await listSuites(db, outsider)).toEqual([]);
  });
});

describe("Save as test case", () => {
  it("turns a run's goal and effects into a draft case that the runner then passes", async () => {
    const run = await runToEnd(db, engine, operator, {
      agent: "support-triage",
      input: "Resolve ticket T-1005.",
    });
    expect(run.status).toBe("succeeded");
    const saved = await saveRunAsTestCase(db, operator, run.id, { suite: "from-runs", name: "skillet" });
    expect(saved.definition).toMatchObject({
      name: "skillet",
      agent: { name: "support-triage" },
      goal: "Resolve ticket T-1005.",
      expect: {
        status: "succeeded",
        stop_reason: "completed",
        max_steps: run.lastSeq,
        receipts: expect.arrayContaining([
          { tool: "issue_refund", args: { order_id: "O-5005", amount_usd: 42 } },
          { tool: "update_ticket", args: { ticket_id: "T-1005", status: "resolved" } },
        ]),
      },
    });
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, "eval_case.saved"));
    expect(audit).toMatchObject({
      targetId: saved.testCase.id,
      details: { suite: "from-runs", run_id: run.id },
    });

    // The draft, exported and run: it passes in a scratch tenant, and the results are kept.
    const lines: string[] = [];
    const file = path.join(await mkdtemp(path.join(tmpdir(), "evals-")), "from-runs.json");
    await writeFile(file, JSON.stringify(await exportSuite(db, operator, "from-runs")));
    const code = await evalCli(
      db,
      ["--suite", file, "--tenant", tenant.name, "--save", "--baseline", `${file}.none`],
      {
        engine,
        log: (line) => lines.push(line),
      },
    );
    expect(lines.join("\n")).toContain("1 of 1 passed");
    expect(code).toBe(0);
    const [listed] = (await listSuites(db, viewer)).filter((s) => s.name === "from-runs");
    expect(listed).toMatchObject({ cases: 1, lastRun: { passed: 1, failed: 0 } });
    const history = await caseHistory(db, viewer, saved.testCase.id);
    expect(history.results).toHaveLength(1);
    expect(history.results[0]?.result).toMatchObject({ pass: true, caseName: "skillet" });
    expect(history.results[0]?.result.calls?.map((c) => c.tool)).toContain("issue_refund");
    expect(trajectoryDiff(history.results.map((r) => r.result))).toBeNull();

    // The same case on a model that goes round in circles fails; its calls line up against the pass.
    const again = await evalCli(
      db,
      [
        "--suite",
        file,
        "--tenant",
        tenant.name,
        "--save",
        "--baseline",
        `${file}.none`,
        "--model",
        "sim:looping",
      ],
      { engine, log: (line) => lines.push(line) },
    );
    expect(again).toBe(1);
    const after = await caseHistory(db, viewer, saved.testCase.id);
    const diff = trajectoryDiff(after.results.map((r) => r.result));
    expect(diff?.lastPass.pass).toBe(true);
    expect(diff?.failing.pass).toBe(false);
    expect(diff?.rows.some((row) => row.kind !== "same")).toBe(true);
    await expect(caseHistory(db, outsider, saved.testCase.id)).rejects.toMatchObject({ code: "not_found" });
  });

  it("refuses a second case of the same name, a run still going, another tenant's run and a viewer", async () => {
    const run = await runToEnd(db, engine, operator, {
      agent: "support-triage",
      input: "Resolve ticket T-1002.",
    });
    await saveRunAsTestCase(db, operator, run.id, { suite: "dupes", name: "same" });
    await expect(
      saveRunAsTestCase(db, operator, run.id, { suite: "dupes", name: "same" }),
    ).rejects.toMatchObject({
      code: "conflict",
      message: 'The suite dupes already has a case named "same".',
    });
    const queued = await startRun(db, operator, { agent: "support-triage", input: "Resolve ticket T-1003." });
    await expect(saveRunAsTestCase(db, operator, queued.id, { suite: "dupes" })).rejects.toMatchObject({
      code: "conflict",
    });
    await expect(saveRunAsTestCase(db, outsider, run.id, { suite: "dupes" })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(saveRunAsTestCase(db, viewer, run.id, { suite: "dupes" })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(saveRunAsTestCase(db, operator, run.id, { suite: "Bad Name!" })).rejects.toThrow();
    const suite = await suiteByName(db, operator, "dupes");
    expect(await casesOf(db, operator, suite.id)).toHaveLength(1);
    expect(
      await db.select().from(evalCaseResults).where(eq(evalCaseResults.tenantId, outsider.tenantId)),
    ).toEqual([]);
  });
});
