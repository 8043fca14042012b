import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, runs } from "@/db/schema";
import { createMember } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { demoTenant, runToEnd, testEngine } from "@/lib/runtime/testing/engine-harness";
import { setRunOutcome } from "./run-outcome";
import { startRun } from "./start-run";

const { db } = await createTestDatabase();

describe("the outcome layer", () => {
  it("records a person's verdict on a finished run, audited, and can change it", async () => {
    const { operator } = await demoTenant(db);
    const run = await runToEnd(db, testEngine(db), operator, {
      agent: "support-triage",
      input: "Resolve ticket T-1001",
    });
    await setRunOutcome(db, operator, run.id, { outcome: "accepted" });
    await expect(setRunOutcome(db, operator, run.id, { outcome: "corrected" })).rejects.toThrow(
      /Say what was corrected/,
    );
    await setRunOutcome(db, operator, run.id, {
      outcome: "corrected",
      note: "Refund should have been 20 USD",
    });
    const [row] = await db.select().from(runs).where(eq(runs.id, run.id));
    expect(row).toMatchObject({
      outcome: "corrected",
      outcomeNote: "Refund should have been 20 USD",
      outcomeBy: operator.label,
    });
    const audit = await db.select().from(auditLog).where(eq(auditLog.targetId, run.id));
    expect(audit.filter((a) => a.action === "run.outcome_recorded")).toHaveLength(2);
  });

  it("refuses unfinished runs, viewers and other tenants", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const queued = await startRun(db, operator, { agent: "support-triage", input: "Resolve ticket T-1001" });
    await expect(setRunOutcome(db, operator, queued.id, { outcome: "accepted" })).rejects.toMatchObject({
      code: "conflict",
    });
    const viewer = await createMember(db, { id: tenantId, name: "Demo" }, "viewer");
    await expect(setRunOutcome(db, viewer, queued.id, { outcome: "accepted" })).rejects.toMatchObject({
      code: "forbidden",
    });
    const other = await demoTenant(db);
    await expect(setRunOutcome(db, other.operator, queued.id, { outcome: "accepted" })).rejects.toMatchObject(
      {
        code: "not_found",
      },
    );
  });
});
