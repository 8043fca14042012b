import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type KillScope, killSwitches, runs } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { startRun } from "@/lib/runs/start-run";
import { demoTenant } from "@/lib/runtime/testing/engine-harness";
import {
  type CoveredRun,
  coversRun,
  ENGAGED_HOLD_OVER_RUN_SQL,
  ENGAGED_SWITCH_OVER_RUN_SQL,
  isHold,
  runsCoveredBy,
  type SwitchPlace,
  switchCoversRunSql,
  switchesCovering,
} from "./coverage";

const { db } = await createTestDatabase();

type Switch = SwitchPlace & { id: string };

/**
 * Two tenants, two agents each, two runs of each agent; in each tenant the second run is a child of
 * the first and the third a grandchild (delegated runs: a run switch covers the runs below it).
 */
async function someRuns(): Promise<CoveredRun[]> {
  const ids: string[] = [];
  for (let tenant = 0; tenant < 2; tenant++) {
    const { operator } = await demoTenant(db);
    const tenantRuns: string[] = [];
    for (const agent of ["ops-health", "support-triage", "ops-health", "support-triage"])
      tenantRuns.push((await startRun(db, operator, { agent, input: "Check" })).id);
    const [root, child, grandchild] = tenantRuns as [string, string, string];
    await db
      .update(runs)
      .set({ parentRunId: root, parentSeq: 2, ancestorRunIds: [root] })
      .where(eq(runs.id, child));
    await db
      .update(runs)
      .set({ parentRunId: child, parentSeq: 2, ancestorRunIds: [child, root] })
      .where(eq(runs.id, grandchild));
    ids.push(...tenantRuns);
  }
  return db
    .select({
      id: runs.id,
      agentId: runs.agentId,
      tenantId: runs.tenantId,
      ancestorRunIds: runs.ancestorRunIds,
    })
    .from(runs)
    .where(inArray(runs.id, ids));
}

/**
 * Every scope, aimed at every run, agent and tenant there is, its own tenant's and the other's:
 * stored released, so each can be engaged alone.
 */
async function everySwitch(all: CoveredRun[]): Promise<Switch[]> {
  const tenants = [...new Set(all.map((r) => r.tenantId))];
  const agents = [...new Set(all.map((r) => r.agentId))];
  const places: SwitchPlace[] = [
    { scope: "global", tenantId: null, target: null },
    ...tenants.flatMap((tenantId) => [
      { scope: "tenant" as const, tenantId, target: null },
      ...agents.map((target) => ({ scope: "agent" as const, tenantId, target })),
      ...all.map((r) => ({ scope: "run" as const, tenantId, target: r.id })),
    ]),
  ];
  return db
    .insert(killSwitches)
    .values(places.map((p) => ({ ...p, reason: "coverage", engagedBy: "test", releasedAt: new Date() })))
    .returning({
      id: killSwitches.id,
      scope: killSwitches.scope,
      tenantId: killSwitches.tenantId,
      target: killSwitches.target,
    });
}

const sorted = (ids: Iterable<string>) => [...ids].sort();

describe("which kill switch covers which run", () => {
  it("is every run for the emergency stop, else a run of the switch's tenant that its target names", () => {
    const run = { id: "r1", agentId: "a1", tenantId: "t1" };
    const covers = (scope: KillScope, tenantId: string | null, target: string | null) =>
      coversRun({ scope, tenantId, target }, run);
    expect(covers("global", null, null)).toBe(true);
    expect([covers("tenant", "t1", null), covers("tenant", "t2", null)]).toEqual([true, false]);
    expect([covers("agent", "t1", "a1"), covers("agent", "t2", "a1"), covers("agent", "t1", "a2")]).toEqual([
      true,
      false,
      false,
    ]);
    expect([covers("run", "t1", "r1"), covers("run", "t2", "r1"), covers("run", "t1", "a1")]).toEqual([
      true,
      false,
      false,
    ]);
    const grandchild = { ...run, id: "r3", ancestorRunIds: ["r2", "r1"] };
    expect(
      ["r3", "r2", "r1", "r4"].map((target) =>
        coversRun({ scope: "run", tenantId: "t1", target }, grandchild),
      ),
    ).toEqual([true, true, true, false]);
    expect(coversRun({ scope: "run", tenantId: "t1", target: "r3" }, run)).toBe(false);
    expect((["global", "tenant", "agent", "run"] as const).map((scope) => isHold({ scope }))).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });

  it("is the same in JS and in every SQL form, for every scope, on the real database", async () => {
    const all = await someRuns();
    const switches = await everySwitch(all);
    const runIds = all.map((r) => r.id);
    const switchIds = switches.map((s) => s.id);
    const expected = (s: Switch) => sorted(all.filter((r) => coversRun(s, r)).map((r) => r.id));

    // Each scope covers some runs and, but for the emergency stop, leaves others out.
    for (const scope of ["global", "tenant", "agent", "run"] satisfies KillScope[]) {
      const pairs = switches.filter((s) => s.scope === scope).flatMap((s) => all.map((r) => coversRun(s, r)));
      expect(pairs).toContain(true);
      if (scope !== "global") expect(pairs).toContain(false);
    }

    // The join of a switch and a run.
    const joined = await db.execute<{ run_id: string; switch_id: string; covered: boolean }>(sql`
      select r.id as run_id, k.id as switch_id, ${sql.raw(switchCoversRunSql("k", "r"))} as covered
      from runs r cross join kill_switches k
      where r.id in ${runIds} and k.id in ${switchIds}`);
    expect(joined).toHaveLength(all.length * switches.length);
    for (const row of joined) {
      const s = switches.find((x) => x.id === row.switch_id) as Switch;
      const r = all.find((x) => x.id === row.run_id) as CoveredRun;
      expect([s.scope, row.covered]).toEqual([s.scope, coversRun(s, r)]);
    }

    // One switch engaged at a time: the claim's and the hold's checks, and the runs it covers.
    for (const s of switches) {
      await db.update(killSwitches).set({ releasedAt: null }).where(eq(killSwitches.id, s.id));
      const runsWhere = async (condition: ReturnType<typeof sql>) =>
        sorted(
          (
            await db.execute<{ id: string }>(sql`select id from runs where id in ${runIds} and ${condition}`)
          ).map((row) => row.id),
        );
      expect([s.scope, await runsWhere(sql.raw(ENGAGED_SWITCH_OVER_RUN_SQL))]).toEqual([
        s.scope,
        expected(s),
      ]);
      expect([s.scope, await runsWhere(sql.raw(ENGAGED_HOLD_OVER_RUN_SQL))]).toEqual([
        s.scope,
        isHold(s) ? expected(s) : [],
      ]);
      expect([s.scope, await runsWhere(runsCoveredBy(s))]).toEqual([s.scope, expected(s)]);
      await db.update(killSwitches).set({ releasedAt: new Date() }).where(eq(killSwitches.id, s.id));
    }

    // The switches over a run, and over a run not started yet (no id: a run switch cannot name it).
    for (const r of all) {
      const over = async (run: Omit<CoveredRun, "id"> & { id?: string }) =>
        sorted(
          (
            await db
              .select({ id: killSwitches.id })
              .from(killSwitches)
              .where(and(inArray(killSwitches.id, switchIds), switchesCovering(run)))
          ).map((row) => row.id),
        );
      const covering = switches.filter((s) => coversRun(s, r));
      expect(await over(r)).toEqual(sorted(covering.map((s) => s.id)));
      expect(await over({ tenantId: r.tenantId, agentId: r.agentId })).toEqual(
        sorted(covering.filter((s) => s.scope !== "run").map((s) => s.id)),
      );
    }
    expect(await db.select().from(killSwitches).where(isNull(killSwitches.releasedAt))).toEqual([]);
  });
});
