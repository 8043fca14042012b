import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as undoRoute from "@/app/api/v1/metrics/undo/route";
import { receipts } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { utcToday } from "@/lib/day";
import { markRevertedManually, undoReceipt } from "@/lib/receipts/undo";
import { demoTenant, runToEnd, testEngine } from "@/lib/runtime/testing/engine-harness";
import { getUndoRate } from "./undo-rate";

const { db } = await createTestDatabase();
const engine = testEngine(db);
const { operator, tenantId } = await demoTenant(db);
const admin = await createMember(db, { id: tenantId, name: operator.tenantName }, "admin");
const stranger = await createMember(db, await createTenant(db), "viewer");

async function receiptsOf(ticket: string) {
  const run = await runToEnd(db, engine, operator, {
    agent: "support-triage",
    input: `Resolve ticket ${ticket}`,
    model: "sim:default",
  });
  const rows = await db.select().from(receipts).where(eq(receipts.runId, run.id));
  return (tool: string) => rows.find((r) => r.tool === tool)?.id ?? 0;
}

// Two runs, each a refund, an email and a ticket update (3 writes); one refund undone, one email marked reverted.
const first = await receiptsOf("T-1001");
const second = await receiptsOf("T-1005");
await undoReceipt(db, operator, first("issue_refund"), { reason: "Customer kept the item" });
await markRevertedManually(db, operator, second("send_email"), { note: "Phoned the customer instead" });

describe("undo rate", () => {
  it("is undone writes ÷ executed writes, overall and by agent, tool and day", async () => {
    const rate = await getUndoRate(db, operator, {});
    expect(rate).toMatchObject({ executed: 6, undone: 2, rate: 2 / 6 });
    expect(rate.byAgent).toEqual([{ agent: "support-triage", executed: 6, undone: 2, rate: 2 / 6 }]);
    expect(rate.byTool).toEqual([
      { tool: "issue_refund", executed: 2, undone: 1, rate: 0.5 },
      { tool: "send_email", executed: 2, undone: 1, rate: 0.5 },
      { tool: "update_ticket", executed: 2, undone: 0, rate: 0 },
    ]);
    expect(rate.byDay).toHaveLength(30);
    expect(rate.byDay.at(-1)).toEqual({ day: utcToday(), executed: 6, undone: 2, rate: 2 / 6 });
    expect(rate.byDay[0]).toMatchObject({ executed: 0, rate: null });
  });

  it("follows the filters and the tenant", async () => {
    expect(await getUndoRate(db, operator, { agent: "ops-health" })).toMatchObject({
      executed: 0,
      undone: 0,
      rate: null,
      byAgent: [],
    });
    expect(await getUndoRate(db, stranger, {})).toMatchObject({ executed: 0, rate: null });
  });

  it("is served by GET /api/v1/metrics/undo with the dashboards' filter", async () => {
    const { key } = await createApiKey(db, admin, { name: "dash", role: "viewer" });
    const get = (query: string) =>
      undoRoute.GET(
        new Request(`http://localhost/api/v1/metrics/undo?${query}`, {
          headers: { authorization: `Bearer ${key}` },
        }),
        { params: Promise.resolve({}) },
      );
    const response = await get("agent=support-triage");
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.undo_rate).toMatchObject({ executed: 6, undone: 2 });
    expect(body.undo_rate.by_tool[0]).toEqual({ tool: "issue_refund", executed: 2, undone: 1, rate: 0.5 });
    expect(body.filter).toMatchObject({ agent: "support-triage", to: utcToday() });
    expect((await get("from=2026-13-01")).status).toBe(400);
  });
});
