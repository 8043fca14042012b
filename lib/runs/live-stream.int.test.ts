import { describe, expect, it, vi } from "vitest";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { seedDemoBusiness } from "@/lib/demo/seed-demo";
import { seedModelPrices } from "@/lib/models/pricing";
import { seedBigTrace } from "@/scripts/bench/scale-seed";
import type { RunView, SpanView } from "./live-view";

vi.mock("server-only", () => ({}));
const { runEventStream } = await import("./live");

const { db, sql } = await createTestDatabase();
const tenant = await createTenant(db);
await seedModelPrices(db);
await seedDemoBusiness(db, tenant.id);
const viewer = await createMember(db, tenant, "viewer");
const big = await seedBigTrace(sql, tenant.id);

type Event = { event: string; data: unknown };

/** Reads a finished run's stream to its end: one pump, then `end`. */
async function readStream(after: number): Promise<Event[]> {
  const response = runEventStream(db, viewer, big.runId, after, new AbortController().signal);
  const text = await response.text();
  return text
    .split("\n\n")
    .filter((block) => block.includes("event: "))
    .map((block) => {
      const lines = block.split("\n");
      const event = lines.find((l) => l.startsWith("event: "))?.slice(7) ?? "";
      const data = lines.find((l) => l.startsWith("data: "))?.slice(6) ?? "null";
      return { event, data: JSON.parse(data) };
    });
}

describe("a run's live stream", () => {
  it("sends every span to a reader starting from nothing", async () => {
    const events = await readStream(0);
    const run = events.find((e) => e.event === "run")?.data as { run: RunView; spans: SpanView[] };
    expect(run.spans).toHaveLength(10_003);
    expect(events.filter((e) => e.event === "step")).toHaveLength(5_001);
    expect(events.at(-1)?.event).toBe("end");
  });

  it("sends a reader resuming late in a long run only the spans that changed since, not the whole trace", async () => {
    const events = await readStream(5_000);
    expect(events.filter((e) => e.event === "step").map((e) => (e.data as { seq: number }).seq)).toEqual([
      5_001,
    ]);
    const run = events.find((e) => e.event === "run")?.data as { run: RunView; spans: SpanView[] };
    expect(run.run.status).toBe("succeeded");
    // The root span (it ended with the run) and the last minute's spans, out of 10,003.
    expect(run.spans.length).toBeGreaterThan(1);
    expect(run.spans.length).toBeLessThan(200);
    expect(run.spans.some((s) => s.parentSpanId === null)).toBe(true);
  });
});
