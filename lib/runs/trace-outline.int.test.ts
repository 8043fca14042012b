import { describe, expect, it, vi } from "vitest";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import type { Actor } from "@/lib/auth/actor";
import { seedDemoBusiness } from "@/lib/demo/seed-demo";
import { seedModelPrices } from "@/lib/models/pricing";
import { executeRun } from "@/lib/runtime/execute-run";
import { claimUntil, testEngine } from "@/lib/runtime/testing/engine-harness";
import { seedBigTrace } from "@/scripts/bench/scale-seed";
import { OUTLINE_ATTRIBUTES } from "./live-view";
import { getRun, getRunSpans } from "./queries";
import { startRun } from "./start-run";
import { FIRST_OUTLINE_PAGE, getInitialTrace, getOutlinePage, OUTLINE_PAGE } from "./trace-outline";

// The outline route reads the signed-in session: here it is whoever `signedIn` names.
let signedIn: Actor | null = null;
vi.mock("server-only", () => ({}));
vi.mock("@/lib/sign-in/session", () => ({
  currentSession: async () => (signedIn ? { actor: signedIn, user: {}, tenants: [] } : null),
}));
const outlineRoute = await import("@/app/api/runs/[id]/outline/route");
const stepRoute = await import("@/app/api/runs/[id]/steps/[seq]/route");
const spanRoute = await import("@/app/api/runs/[id]/spans/[spanId]/route");

const { db, sql } = await createTestDatabase();
await seedModelPrices(db);
const tenant = await createTenant(db);
await seedDemoBusiness(db, tenant.id);
const operator = await createMember(db, tenant, "operator");
const viewer = await createMember(db, tenant, "viewer");
const stranger = await createMember(db, await createTenant(db), "admin");
const big = await seedBigTrace(sql, tenant.id);

const getOutline = (runId: string, query: string) =>
  outlineRoute.GET(new Request(`http://localhost/api/runs/${runId}/outline?${query}`), {
    params: Promise.resolve({ id: runId }),
  });

describe("a long run's trace", () => {
  it("is served with its first outlines and the totals, then pages through every span and step once", async () => {
    const run = await getRun(db, operator, big.runId);
    const first = await getInitialTrace(db, operator, run, false);
    expect(first.totals).toEqual({ steps: 5_001, spans: 10_003 });
    expect(first.spans).toHaveLength(FIRST_OUTLINE_PAGE.spans);
    expect(first.steps).toHaveLength(FIRST_OUTLINE_PAGE.steps);
    expect(first.spans.every((s) => s.partial)).toBe(true);
    expect(first.steps.every((s) => s.partial)).toBe(true);

    const spans = [...first.spans];
    const steps = [...first.steps];
    let requests = 0;
    while (spans.length < 10_003 || steps.length < 5_001) {
      const page = await getOutlinePage(db, operator, big.runId, {
        spansOffset: spans.length < 10_003 ? spans.length : undefined,
        stepsAfter: steps.length < 5_001 ? steps.at(-1)?.seq : undefined,
      });
      expect((page.spans?.length ?? 0) + (page.steps?.length ?? 0)).toBeGreaterThan(0);
      expect(page.spans?.length ?? 0).toBeLessThanOrEqual(OUTLINE_PAGE.spans);
      spans.push(...(page.spans ?? []));
      steps.push(...(page.steps ?? []));
      requests++;
    }
    expect(requests).toBe(Math.ceil((10_003 - FIRST_OUTLINE_PAGE.spans) / OUTLINE_PAGE.spans));
    // Exactly the stored spans, in the page's order, and steps 1…5,001 without a gap.
    const stored = await getRunSpans(db, operator, big.runId);
    expect(spans.map((s) => s.spanId)).toEqual(stored.map((s) => s.spanId));
    expect(steps.map((s) => s.seq)).toEqual(Array.from({ length: 5_001 }, (_, i) => i + 1));
  });

  it("carries outlines only: names, timings, statuses and costs, no payload text, and the attributes the waterfall and its filters read", async () => {
    const page = await getOutlinePage(db, operator, big.runId, { spansOffset: 0, stepsAfter: 0 });
    const model = page.steps?.find((s) => s.kind === "model");
    const tool = page.steps?.find((s) => s.kind === "tool");
    expect(model?.kind === "model" && model.payload.text).toBe("");
    expect(model?.kind === "model" && model.payload.usage.inputTokens).toBeGreaterThan(0);
    expect(tool?.kind === "tool" && [tool.payload.args, tool.payload.result]).toEqual([null, null]);
    expect(tool?.kind === "tool" && tool.payload.toolName).toBeTruthy();
    for (const span of page.spans ?? [])
      expect(Object.keys(span.attributes).every((k) => OUTLINE_ATTRIBUTES.includes(k))).toBe(true);
  });

  it("is answered over HTTP to members of the tenant only, with clear errors", async () => {
    signedIn = null;
    expect((await getOutline(big.runId, "spans_offset=0")).status).toBe(401);

    signedIn = viewer;
    const ok = await getOutline(big.runId, "spans_offset=9000&steps_after=5000");
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body.spans).toHaveLength(1_003);
    expect(body.steps.map((s: { seq: number }) => s.seq)).toEqual([5_001]);
    // A part left out of the query is not read.
    expect(await (await getOutline(big.runId, "steps_after=4999")).json()).toEqual({
      steps: [expect.objectContaining({ seq: 5_000 }), expect.objectContaining({ seq: 5_001 })],
    });

    const bad = await getOutline(big.runId, "spans_offset=-1");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/whole numbers/);
    expect((await getOutline("not-a-run", "spans_offset=0")).status).toBe(404);

    signedIn = stranger;
    expect((await getOutline(big.runId, "spans_offset=0")).status).toBe(404);
  });

  it("sends one step or span in full when it is opened, to members of the tenant only", async () => {
    const getStep = (seq: string) =>
      stepRoute.GET(new Request("http://localhost/"), { params: Promise.resolve({ id: big.runId, seq }) });
    const getSpan = (spanId: string) =>
      spanRoute.GET(new Request("http://localhost/"), { params: Promise.resolve({ id: big.runId, spanId }) });
    const [span] = await getRunSpans(db, operator, big.runId, { offset: 0, limit: 1 });
    if (!span) throw new Error("the big trace has no spans");

    signedIn = operator;
    expect(await (await getStep("5001")).json()).toMatchObject({ seq: 5_001 });
    expect(await (await getSpan(span.spanId)).json()).toMatchObject({ spanId: span.spanId });
    expect((await getStep("0")).status).toBe(400);
    expect((await getStep("5002")).status).toBe(404);
    expect((await getSpan("not-a-span")).status).toBe(404);

    signedIn = null;
    expect((await getStep("1")).status).toBe(401);
    signedIn = stranger;
    expect((await getStep("1")).status).toBe(404);
    expect((await getSpan(span.spanId)).status).toBe(404);
  });
});

describe("a short run's trace", () => {
  it("comes whole (payloads, not outlines), redacted for a viewer", async () => {
    const { id: runId } = await startRun(db, operator, {
      agent: "support-triage",
      input: "Resolve ticket T-1005",
    });
    const engine = testEngine(db);
    await executeRun(engine, await claimUntil(db, engine, runId), new AbortController().signal);
    const run = await getRun(db, operator, runId);

    const full = await getInitialTrace(db, operator, run, false);
    expect(full.totals).toBeNull();
    expect(full.steps.length).toBeGreaterThan(2);
    expect(full.steps.some((s) => s.partial)).toBe(false);
    expect(full.spans.some((s) => s.partial)).toBe(false);
    const refund = full.steps.find((s) => s.kind === "tool" && s.payload.toolName === "issue_refund");
    expect(refund?.kind === "tool" && refund.payload.args).toMatchObject({ amount_usd: 42 });

    const redacted = await getInitialTrace(db, viewer, run, true);
    const hidden = redacted.steps.find((s) => s.kind === "tool" && s.payload.toolName === "issue_refund");
    expect(hidden?.kind === "tool" && hidden.payload.args).toMatchObject({ order_id: "[redacted]" });
  });
});
