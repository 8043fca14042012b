import type { Db } from "@/db/client";
import { createMember, createTenant } from "@/db/testing/factories";
import { seedDemoBusiness } from "@/lib/demo/seed-demo";
import { insertRuns, type RunFixture } from "./insert-runs";

export const T = "support-triage";
export const O = "ops-health";
export const FIXTURES: RunFixture[] = [
  {
    agent: T,
    status: "succeeded",
    stopReason: "completed",
    cost: 1,
    at: "2026-03-01T10:00:00Z",
    seconds: 10,
    tokens: [100, 10, 50, 5],
    steps: [
      { kind: "model", ms: 2000 },
      { kind: "tool", tool: "lookup", status: "ok", ms: 1000 },
      { kind: "tool", tool: "send_email", status: "error", ms: 3000 },
      { kind: "model", ms: 4000 },
    ],
  },
  {
    agent: T,
    status: "failed",
    stopReason: "tool_failed",
    cost: 3,
    at: "2026-03-01T23:59:59Z",
    seconds: 20,
    tokens: [200, 0, 20, 0],
    steps: [{ kind: "tool", tool: "lookup", status: "invalid", ms: 500 }],
  },
  {
    agent: T,
    status: "succeeded",
    stopReason: "completed",
    cost: null,
    at: "2026-03-03T08:00:00Z",
    seconds: 30,
  },
  {
    agent: T,
    status: "succeeded",
    stopReason: "completed",
    cost: 2,
    at: "2026-03-03T09:00:00Z",
    seconds: 40,
  },
  {
    agent: O,
    model: "sim:fast",
    status: "stopped",
    stopReason: "budget_steps",
    cost: 0.5,
    at: "2026-03-03T12:00:00Z",
    seconds: 5,
    tokens: [7, 0, 3, 1],
  },
  { agent: O, model: "sim:fast", status: "running", cost: 0.25, at: "2026-03-04T12:00:00Z" },
  {
    agent: T,
    status: "succeeded",
    stopReason: "completed",
    cost: 50,
    at: "2026-02-28T23:59:59Z",
    seconds: 1,
  },
];
export const RANGE = { from: "2026-03-01", to: "2026-03-05" };
export const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
export const priced = (fs: RunFixture[]) => fs.flatMap((f) => (f.cost === null ? [] : [f.cost]));
/** Linear interpolation between closest ranks: what percentile_cont computes. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const rank = p * (s.length - 1);
  const lo = Math.floor(rank);
  return (s[lo] ?? 0) + ((s[Math.ceil(rank)] ?? 0) - (s[lo] ?? 0)) * (rank - lo);
}
export const terminal = (f: RunFixture) => ["succeeded", "failed", "killed", "stopped"].includes(f.status);

/** Two tenants with demo agents; the first holds FIXTURES, the second one expensive run in range. */
export async function seedScenario(db: Db) {
  const tenant = await createTenant(db);
  await seedDemoBusiness(db, tenant.id);
  const viewer = await createMember(db, tenant, "viewer");
  const other = await createTenant(db);
  await seedDemoBusiness(db, other.id);
  const ids = await insertRuns(db, tenant.id, FIXTURES);
  await insertRuns(db, other.id, [
    {
      agent: T,
      status: "succeeded",
      stopReason: "completed",
      cost: 100,
      at: "2026-03-02T10:00:00Z",
      seconds: 1,
      steps: [{ kind: "tool", tool: "lookup", status: "error", ms: 99_000 }],
    },
  ]);
  const inRange = FIXTURES.map((f, i) => ({ ...f, id: ids[i] })).filter((f) => f.at >= RANGE.from);
  return { tenant, viewer, other, inRange };
}
