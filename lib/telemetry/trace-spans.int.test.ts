import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { runSteps } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { demoTenant, runToEnd, testEngine } from "@/lib/runtime/testing/engine-harness";
import { countTraceSpans, readTraceSpans, readTraceSpansChangedSince } from "./trace-spans";

const { db } = await createTestDatabase();

describe("a trace read back from its steps", () => {
  it("counts, pages and follows the same spans as it reads whole", async () => {
    const { operator } = await demoTenant(db);
    const run = await runToEnd(db, testEngine(db), operator, {
      agent: "support-triage",
      input: "Resolve ticket T-1005",
      model: "sim:default",
    });
    const whole = await readTraceSpans(db, run);
    expect(whole.length).toBeGreaterThan(6);
    expect(await countTraceSpans(db, run.id)).toBe(whole.length);

    // Pages cut from the one order, each span once.
    const paged = [
      ...(await readTraceSpans(db, run, { offset: 0, limit: 4 })),
      ...(await readTraceSpans(db, run, { offset: 4, limit: 4 })),
      ...(await readTraceSpans(db, run, { offset: 8, limit: 1_000 })),
    ];
    expect(paged).toEqual(whole);

    // A reader that has the trace as of step 3 gets exactly the spans that ended at or after it,
    // the turn spans among them with their final end.
    const steps = await db
      .select()
      .from(runSteps)
      .where(eq(runSteps.runId, run.id))
      .orderBy(asc(runSteps.seq));
    const since = steps[2]?.endedAt;
    if (!since) throw new Error("too few steps");
    const changed = await readTraceSpansChangedSince(db, run, since);
    const expected = whole.filter((s) => s.endTime === null || s.endTime >= since);
    expect(changed.map((s) => s.spanId).sort()).toEqual(expected.map((s) => s.spanId).sort());
    for (const span of changed) expect(span).toEqual(whole.find((s) => s.spanId === span.spanId));
    expect(changed.length).toBeLessThan(whole.length);
  });
});
