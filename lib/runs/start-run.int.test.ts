import { and, eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { agents, runs, spans } from "@/db/schema";
import { countedPools } from "@/db/testing/counted-pools";
import { createTestDatabase } from "@/db/testing/test-database";
import { engageKillSwitch } from "@/lib/kill/engage-kill-switch";
import { releaseKillSwitch } from "@/lib/kill/release-kill-switch";
import { demoTenant } from "@/lib/runtime/testing/engine-harness";
import { startRun } from "./start-run";

const { url } = await createTestDatabase();
// Two pools, as two processes would have: A starts runs, B changes what a start depends on.
const { a, b, statementsOf, close } = countedPools(url);
afterAll(close);

const start = (operator: Awaited<ReturnType<typeof demoTenant>>["operator"], extra = {}) =>
  startRun(a, operator, { agent: "ops-health", input: "Check the app", ...extra });

describe("starting a run", () => {
  it("takes one statement once the process knows the agent, and writes the same run, span and snapshot", async () => {
    const { operator } = await demoTenant(b.db);
    await start(operator);
    const { result: run, statements } = await statementsOf(() => start(operator));
    expect(statements).toHaveLength(1);
    const [stored] = await b.db.select().from(runs).where(eq(runs.id, run.id));
    expect(run).toEqual(stored);
    expect(run).toMatchObject({ status: "queued", agentName: "ops-health", createdBy: operator.label });
    const [span] = await b.db.select().from(spans).where(eq(spans.runId, run.id));
    expect(span).toMatchObject({
      name: "invoke_agent ops-health",
      traceId: run.traceId,
      startTime: run.createdAt,
    });
  });

  it("refuses at once a run under a switch engaged through another pool, and starts again on release", async () => {
    const { operator, tenantId } = await demoTenant(b.db);
    await start(operator);
    await engageKillSwitch(b.db, operator, { scope: "tenant", reason: "incident 7" });
    await expect(start(operator)).rejects.toMatchObject({
      code: "conflict",
      message: /is frozen by .*incident 7/,
    });
    await releaseKillSwitch(b.db, operator, { scope: "tenant", reason: "over" });
    expect((await start(operator)).status).toBe("queued");
    const [opsHealth] = await b.db
      .select()
      .from(agents)
      .where(and(eq(agents.tenantId, tenantId), eq(agents.name, "ops-health")));
    await engageKillSwitch(b.db, operator, { scope: "agent", target: opsHealth?.id, reason: "maintenance" });
    await expect(start(operator)).rejects.toThrow(/ops-health is paused by .*maintenance/);
    expect((await startRun(a, operator, { agent: "support-triage", input: "x" })).status).toBe("queued");
  });

  it("sees an agent changed by any writer: new settings, archived, gone", async () => {
    const { operator, tenantId } = await demoTenant(b.db);
    await start(operator);
    await b.sql`update agents set instructions = 'Changed behind its back.' where tenant_id = ${tenantId} and name = 'ops-health'`;
    const changed = await start(operator);
    const [snapshot] = await b.db.execute<{ instructions: string }>(
      sql`select snapshot->>'instructions' as instructions from agent_snapshots where hash = ${changed.agentSnapshotHash}`,
    );
    expect(snapshot?.instructions).toBe("Changed behind its back.");
    await b.sql`update agents set archived_at = now() where tenant_id = ${tenantId} and name = 'ops-health'`;
    await expect(start(operator)).rejects.toThrow(/is archived/);
    await b.sql`update agents set archived_at = null where tenant_id = ${tenantId} and name = 'ops-health'`;
    expect((await start(operator)).status).toBe("queued");
  });

  it("sees a price and a budget changed by any writer", async () => {
    const { operator, tenantId } = await demoTenant(b.db);
    const model = "openai:gpt-5-mini";
    const priced = { agent: "ops-health", input: "x", model, limits: { maxCostUsd: 0.5 } };
    await startRun(a, operator, priced);
    // The list price is gone (a tenant's own model with no price): a cost limit is refused at once.
    await b.sql`delete from model_prices where model = ${model}`;
    await expect(startRun(a, operator, priced)).rejects.toThrow(/is unpriced/);
    await b.sql`insert into model_prices (model, effective_from, input_per_mtok, cached_input_per_mtok, output_per_mtok, source)
      values (${model}, '2020-01-01', 0.25, 0.025, 2, 'test')`;
    await startRun(a, operator, priced);
    await b.sql`insert into tenant_budgets (tenant_id, daily_budget_usd, updated_by) values (${tenantId}, 0.000001, 'test')`;
    await expect(startRun(a, operator, priced)).rejects.toThrow(/daily budget .* is used up/);
  });
});
