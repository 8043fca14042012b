import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { addDays } from "@/lib/day";
import { type MetricsFilter, type MetricsFilterInput, metricsFilterSchema } from "./filter";
import { runScope, utcDay } from "./run-scope";

/** Executed write actions (write or irreversible risk), how many were undone or marked reverted, and the share. */
export type UndoCount = { executed: number; undone: number; rate: number | null };
export type UndoRate = UndoCount & {
  byAgent: (UndoCount & { agent: string })[];
  byTool: (UndoCount & { tool: string })[];
  byDay: (UndoCount & { day: string })[];
};

type Row = {
  agent: string | null;
  tool: string | null;
  day: string | null;
  executed: number;
  undone: number;
};

const count = (executed: number, undone: number): UndoCount => ({
  executed,
  undone,
  rate: executed > 0 ? undone / executed : null,
});

/** Highest rate first, then most writes, then by name. */
const byRate =
  <T extends UndoCount>(name: (c: T) => string) =>
  (a: T, b: T) =>
    (b.rate ?? -1) - (a.rate ?? -1) || b.executed - a.executed || name(a).localeCompare(name(b));

/**
 * Executed write actions `a` of runs `r`, each with its revert `u` if any (found through the unique
 * `undoes_receipt_id` index); the caller adds its runs' scope to the `where`.
 */
export const WRITES_WITH_UNDOS = sql`from runs r
  join receipts a on a.run_id = r.id and a.tenant_id = r.tenant_id
  left join receipts u on u.undoes_receipt_id = a.id
  where a.kind = 'action' and a.risk in ('write', 'irreversible')`;

/**
 * Undo rate = undone write actions ÷ executed write actions, over the runs the filter selects (the
 * tenant, the days the runs were created, agent, model). One query, grouped by agent, tool and day at once.
 */
export async function undoRate(db: DbOrTx, actor: Actor, f: MetricsFilter): Promise<UndoRate> {
  const day = sql`to_char(${utcDay}, 'YYYY-MM-DD')`;
  const rows = await db.execute<Row>(sql`
    select r.agent_name as agent, a.tool, ${day} as day,
      count(*)::int as executed, count(u.id)::int as undone
    ${WRITES_WITH_UNDOS} and ${runScope(actor, f)}
    group by grouping sets ((r.agent_name), (a.tool), (r.agent_name, a.tool, ${day}))`);
  // The third set (agent, tool, day) is only there to sum days; the first two give agents and tools.
  const agents = rows.filter((r) => r.agent !== null && r.tool === null);
  const tools = rows.filter((r) => r.tool !== null && r.agent === null);
  const days = new Map<string, { executed: number; undone: number }>();
  for (const r of rows)
    if (r.day !== null && r.agent !== null && r.tool !== null) {
      const d = days.get(r.day) ?? { executed: 0, undone: 0 };
      days.set(r.day, { executed: d.executed + r.executed, undone: d.undone + r.undone });
    }
  const executed = agents.reduce((n, r) => n + r.executed, 0);
  const undone = agents.reduce((n, r) => n + r.undone, 0);
  const byDay: UndoRate["byDay"] = [];
  for (let day = f.from; day <= f.to; day = addDays(day, 1)) {
    const d = days.get(day);
    byDay.push({ day, ...count(d?.executed ?? 0, d?.undone ?? 0) });
  }
  return {
    ...count(executed, undone),
    byAgent: agents
      .map((r) => ({ agent: r.agent ?? "", ...count(r.executed, r.undone) }))
      .sort(byRate((c) => c.agent)),
    byTool: tools
      .map((r) => ({ tool: r.tool ?? "", ...count(r.executed, r.undone) }))
      .sort(byRate((c) => c.tool)),
    byDay,
  };
}

/** The dashboards' and the agent page's undo rate (30 days by default), for the actor's tenant only. */
export async function getUndoRate(db: DbOrTx, actor: Actor, input: MetricsFilterInput): Promise<UndoRate> {
  assertScope(actor, "dashboards:read");
  return undoRate(db, actor, metricsFilterSchema.parse(input));
}
