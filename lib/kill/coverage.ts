import { and, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import { type KillScope, killSwitches } from "@/db/schema";

/**
 * Which runs a kill switch covers, in one place. The emergency stop (`global`) covers every run; a
 * tenant switch its tenant's runs; an agent or run switch the runs of its tenant that its target
 * names. The engine's in-memory check, the claim, the hold, engaging, releasing and starting a run
 * all read this table, in JS or in SQL, so they cannot disagree.
 */
const COVERAGE: Record<KillScope, { sameTenant: boolean; target?: "agentId" | "id" }> = {
  global: { sameTenant: false },
  tenant: { sameTenant: true },
  agent: { sameTenant: true, target: "agentId" },
  run: { sameTenant: true, target: "id" },
  run_pause: { sameTenant: true, target: "id" },
};

/** The broadest first: when several switches cover a run, the broadest names who stopped it. */
export const SCOPES_BROADEST_FIRST: readonly KillScope[] = ["global", "tenant", "agent", "run", "run_pause"];

/**
 * A paused agent, a frozen tenant or a run an operator took over holds its runs (they resume on
 * release); the others end them.
 */
const HOLD_SCOPES: readonly KillScope[] = ["agent", "tenant", "run_pause"];

/** `ancestorRunIds`: the runs that delegated to this one (a child run): a run's switch on any covers it. */
export type CoveredRun = {
  id: string;
  agentId: string;
  tenantId: string;
  ancestorRunIds?: readonly string[];
};
export type SwitchPlace = { scope: KillScope; tenantId: string | null; target: string | null };

const RUN_COLUMNS = { id: "id", agentId: "agent_id", tenantId: "tenant_id" } as const;

export const isHold = (s: Pick<SwitchPlace, "scope">): boolean => HOLD_SCOPES.includes(s.scope);

/** Whether the switch covers the run. */
export function coversRun(s: SwitchPlace, run: CoveredRun): boolean {
  const rule = COVERAGE[s.scope];
  if (rule.sameTenant && s.tenantId !== run.tenantId) return false;
  if (!rule.target) return true;
  if (s.target === run[rule.target]) return true;
  // A stopped (or taken-over) run stops (or holds) the runs it delegated to, and theirs.
  return rule.target === "id" && s.target !== null && (run.ancestorRunIds ?? []).includes(s.target);
}

/**
 * The same as SQL: whether the `kill_switches` row aliased `k` covers the `runs` row aliased `run`.
 * Plain text (no parameters), so Drizzle (`sql.raw`) and postgres.js (`sql.unsafe`) both embed it:
 * (k.scope = 'global' or (k.scope = 'tenant' and k.tenant_id = runs.tenant_id) or …).
 */
export function switchCoversRunSql(k = "k", run = "runs"): string {
  const scopes = SCOPES_BROADEST_FIRST.map((scope) => {
    const rule = COVERAGE[scope];
    const tests = [`${k}.scope = '${scope}'`];
    if (rule.sameTenant) tests.push(`${k}.tenant_id = ${run}.tenant_id`);
    if (rule.target === "id")
      tests.push(`(${k}.target = ${run}.id or ${k}.target = any(${run}.ancestor_run_ids))`);
    else if (rule.target) tests.push(`${k}.target = ${run}.${RUN_COLUMNS[rule.target]}`);
    return tests.length === 1 ? tests[0] : `(${tests.join(" and ")})`;
  });
  return `(${scopes.join(" or ")})`;
}

const engagedOverRun = (scopes?: readonly KillScope[]) =>
  `exists (select 1 from kill_switches k where k.released_at is null${
    scopes ? ` and k.scope in (${scopes.map((scope) => `'${scope}'`).join(", ")})` : ""
  } and ${switchCoversRunSql()})`;

/** Whether an engaged switch covers the `runs` row in scope: the claim skips queued runs under one. */
export const ENGAGED_SWITCH_OVER_RUN_SQL = engagedOverRun();

/** Whether an engaged pause or freeze covers the `runs` row in scope: a held run then waits, paused. */
export const ENGAGED_HOLD_OVER_RUN_SQL = engagedOverRun(HOLD_SCOPES);

/**
 * The runs one switch covers, as a condition on the `runs` table's own columns: a key look-up
 * (tenant and agent, or the run's id) rather than a join, for engaging and releasing.
 */
export function runsCoveredBy(place: SwitchPlace): SQL {
  const rule = COVERAGE[place.scope];
  const tests: SQL[] = [];
  if (rule.sameTenant) tests.push(sql`${sql.raw(RUN_COLUMNS.tenantId)} = ${place.tenantId}`);
  if (rule.target === "id")
    // The cardinality test lets the planner use the ancestors' index, which holds child runs only.
    tests.push(
      sql`(id = ${place.target} or (cardinality(ancestor_run_ids) > 0 and ancestor_run_ids @> array[${place.target}]::uuid[]))`,
    );
  else if (rule.target) tests.push(sql`${sql.raw(RUN_COLUMNS[rule.target])} = ${place.target}`);
  return tests.length === 0 ? sql`true` : sql.join(tests, sql` and `);
}

/**
 * The switches that cover a run (a run switch: on it or a run above it), as a Drizzle condition on
 * `kill_switches`. A run not started yet
 * has no id: only the switches that would cover it whatever its id (global, tenant, agent) count.
 */
export function switchesCovering(run: Omit<CoveredRun, "id"> & { id?: string }): SQL | undefined {
  const scopes = SCOPES_BROADEST_FIRST.flatMap((scope) => {
    const rule = COVERAGE[scope];
    const target = rule.target && run[rule.target];
    if (rule.target && target === undefined) return [];
    return [
      and(
        eq(killSwitches.scope, scope),
        rule.sameTenant ? eq(killSwitches.tenantId, run.tenantId) : undefined,
        target === undefined
          ? undefined
          : rule.target === "id"
            ? inArray(killSwitches.target, [target, ...(run.ancestorRunIds ?? [])])
            : eq(killSwitches.target, target),
      ),
    ];
  });
  return or(...scopes);
}

/** Orders switches broadest first, as SQL. */
export const broadestFirstSql = (): SQL =>
  sql`case ${killSwitches.scope} ${sql.join(
    SCOPES_BROADEST_FIRST.map((scope, i) => sql`when ${sql.raw(`'${scope}'`)} then ${sql.raw(String(i))}`),
    sql` `,
  )} end`;
