import { describe, expect, it } from "vitest";
import { createTestDatabase } from "@/db/testing/test-database";
import { demoTenant } from "@/lib/runtime/testing/engine-harness";
import { listRuns } from "./queries";
import { startRun } from "./start-run";

const { db } = await createTestDatabase();

describe("sessions", () => {
  it("groups the runs started with the same session key, newest first, in the tenant only", async () => {
    const { operator } = await demoTenant(db);
    // The first start reads the agent; the later ones start from what the process remembers.
    const first = await startRun(db, operator, {
      agent: "support-triage",
      input: "a",
      externalId: " T-1004 ",
    });
    const other = await startRun(db, operator, { agent: "support-triage", input: "b", externalId: "T-2000" });
    const second = await startRun(db, operator, {
      agent: "support-triage",
      input: "c",
      externalId: "T-1004",
    });
    const none = await startRun(db, operator, { agent: "support-triage", input: "d", externalId: "" });
    expect([first.externalId, other.externalId, second.externalId, none.externalId]).toEqual([
      "T-1004",
      "T-2000",
      "T-1004",
      null,
    ]);
    const stranger = await demoTenant(db);
    await startRun(db, stranger.operator, { agent: "support-triage", input: "e", externalId: "T-1004" });

    const session = await listRuns(db, operator, { session: "T-1004" });
    expect(session.runs.map((r) => r.id)).toEqual([second.id, first.id]);
    await expect(
      startRun(db, operator, { agent: "support-triage", input: "f", externalId: "x".repeat(201) }),
    ).rejects.toThrow(/session key under 200/);
  });
});
