import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import { POST as reportRoute } from "@/app/api/v1/gate/runs/[id]/calls/[call_id]/result/route";
import { POST as askRoute } from "@/app/api/v1/gate/runs/[id]/calls/route";
import { connect, type Database } from "@/db/client";
import { startEmbeddedPostgres } from "@/db/embedded";
import { runMigrations } from "@/db/migrate";
import { agents } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { authenticateApiKey, createApiKey } from "@/lib/api-keys/api-keys";
import { appBaseUrl } from "@/lib/app-base-url";
import type { Actor } from "@/lib/auth/actor";
import { seedDemoBusiness } from "@/lib/demo/seed-demo";
import { askGate } from "@/lib/gate/ask";
import { openGateRun } from "@/lib/gate/open-run";
import { reportGateResult } from "@/lib/gate/report";
import type { GateDecision } from "@/lib/gate/schemas";
import { seedModelPrices } from "@/lib/models/pricing";
import { stealMeter } from "./cpu-steal";
import { cpuReferenceMs } from "./engine";
import { renderGate } from "./report";

export type GateLatency = {
  asks: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Measured asks per second, each followed by its result report. */
  asksPerSecond: number;
  /** The hypervisor's steal time during the measurement, in %: null where the system does not tell. */
  steal: number | null;
};

export type GateFigures = {
  callers: number;
  asksPerCaller: number;
  warmUpPerCaller: number;
  /** What each agent spends in its model between two tool calls. */
  thinkMs: number;
  /** Every caller asking back to back, no model time between: how many asks the gate can take. */
  saturated: GateLatency;
  /** Through `POST /api/v1/gate/runs/:id/calls`: key, rate limit, Idempotency-Key, JSON in and out. */
  route: GateLatency;
  /** `askGate` called directly: the decision alone, without the HTTP adapter. */
  library: GateLatency;
};

const AGENT = "support-triage";
const GOAL = "Look at order O-5001";
// A read the default policy allows: the order id comes from the goal.
const CALL = { tool: "get_order", args: { order_id: "O-5001" } };
const RESULT = {
  status: "ok" as const,
  output: { order_id: "O-5001", status: "shipped", total_usd: 58 },
  receipt: { order_id: "O-5001" },
};

type Caller = { key: string; actor: Actor; runId: string };
/** One ask and its result report: the time of the ask alone, in ms. */
type Exchange = (caller: Caller) => Promise<number>;

/**
 * The gate's decision latency: `callers` agents at once, each with its own run of the demo support
 * agent and its own API key, ask before a call the default policy allows (get_order on the goal's
 * order) and report the call's result, so the run's steps grow as in real use. Only the asks are
 * timed, first through the route handler (in process, without a socket), then with `askGate`.
 */
export async function measureGate(
  database: Database,
  options = { callers: 50, asks: 30, warmUp: 3, thinkMs: 1_000 },
): Promise<GateFigures> {
  const { db } = database;
  // The route handlers use the process-wide database: the bench's, for the time of the measurement.
  const global = globalThis as { flightdeckDatabase?: Database };
  const previous = global.flightdeckDatabase;
  global.flightdeckDatabase = database;
  try {
    await seedModelPrices(db);
    const tenant = await createTenant(db, "Gate bench");
    await seedDemoBusiness(db, tenant.id);
    // Every reported result is a step: the demo agent's 30 steps would end a run mid-bench.
    await db.update(agents).set({ maxSteps: 10_000, maxSeconds: 3600 }).where(eq(agents.tenantId, tenant.id));
    const admin = await createMember(db, tenant, "admin");
    // A key per caller, as separate agents have: the per-key rate limit stays as shipped.
    const keys = await Promise.all(
      Array.from({ length: options.callers }, async (_, i) => {
        const { key } = await createApiKey(db, admin, { name: `gate bench ${i}`, role: "operator" });
        const actor = await authenticateApiKey(db, key);
        if (!actor) throw new Error("The bench's API key does not authenticate.");
        return { key, actor };
      }),
    );
    const open = () =>
      Promise.all(
        keys.map(async ({ key, actor }) => {
          const run = await openGateRun(db, actor, { agent: AGENT, input: GOAL, model: undefined });
          return { key, actor, runId: run.id };
        }),
      );

    const throughRoute: Exchange = async (caller) => {
      const t0 = performance.now();
      const decision = await post<GateDecision>(
        askRoute,
        `/api/v1/gate/runs/${caller.runId}/calls`,
        caller.key,
        CALL,
        { id: caller.runId },
      );
      const elapsed = performance.now() - t0;
      const callId = allowed(decision);
      await post(
        reportRoute,
        `/api/v1/gate/runs/${caller.runId}/calls/${callId}/result`,
        caller.key,
        RESULT,
        { id: caller.runId, call_id: callId },
      );
      return elapsed;
    };
    const route = await measure(database, await open(), options, throughRoute);
    const library = await measure(database, await open(), options, async (caller) => {
      const t0 = performance.now();
      const { body: decision } = await askGate(db, caller.actor, caller.runId, CALL, appBaseUrl());
      const elapsed = performance.now() - t0;
      await reportGateResult(db, caller.actor, caller.runId, allowed(decision), RESULT);
      return elapsed;
    });
    const saturated = await measure(database, await open(), { ...options, thinkMs: 0 }, throughRoute);
    return {
      callers: options.callers,
      asksPerCaller: options.asks,
      warmUpPerCaller: options.warmUp,
      thinkMs: options.thinkMs,
      saturated,
      route,
      library,
    };
  } finally {
    global.flightdeckDatabase = previous;
  }
}

async function measure(
  database: Database,
  callers: Caller[],
  options: { asks: number; warmUp: number; thinkMs: number },
  exchange: Exchange,
): Promise<GateLatency> {
  // Each agent calls its model between two tool calls; the agents start at random moments of that
  // time, as agents that began their runs at different times do.
  const think = (share = 1) => new Promise((resolve) => setTimeout(resolve, options.thinkMs * share));
  const rounds = async (count: number, durations: number[]) =>
    Promise.all(
      callers.map(async (caller) => {
        await think(Math.random());
        for (let i = 0; i < count; i++) {
          durations.push(await exchange(caller));
          await think();
        }
      }),
    );
  // Unmeasured: statement plans, V8's optimised code and the tenant's caches, as in a server up a while.
  await rounds(options.warmUp, []);
  await database.sql`analyze`;
  const durations: number[] = [];
  const stolen = stealMeter();
  const started = performance.now();
  await rounds(options.asks, durations);
  const seconds = (performance.now() - started) / 1000;
  const steal = stolen();
  durations.sort((a, b) => a - b);
  const at = (q: number) => durations[Math.min(durations.length - 1, Math.floor(q * durations.length))] ?? 0;
  return {
    asks: durations.length,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    p99Ms: at(0.99),
    maxMs: durations[durations.length - 1] ?? 0,
    asksPerSecond: durations.length / seconds,
    steal,
  };
}

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** A POST as the TypeScript client sends it (bearer key, JSON, an Idempotency-Key), answered in process. */
async function post<T>(
  route: unknown,
  pathname: string,
  key: string,
  body: unknown,
  params: Record<string, string>,
): Promise<T> {
  const request = new Request(`http://127.0.0.1:3000${pathname}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${key}`,
      "content-type": "application/json",
      "idempotency-key": randomUUID(),
    },
    body: JSON.stringify(body),
  });
  const response = await (route as Handler)(request, { params: Promise.resolve(params) });
  const json = await response.json();
  if (!response.ok) throw new Error(`${pathname} answered ${response.status}: ${JSON.stringify(json)}`);
  return json as T;
}

function allowed(decision: GateDecision): string {
  if (decision.decision !== "allow" || !decision.call_id)
    throw new Error(`The gate answered ${decision.decision}, not allow: ${JSON.stringify(decision)}`);
  return decision.call_id;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

/** The one-line summary `npm run bench` prints. */
export const gateSummary = (g: GateFigures) =>
  `gate decision at ${g.callers} callers: route p50 ${ms(g.route.p50Ms)}, p95 ${ms(g.route.p95Ms)}; ` +
  `askGate p50 ${ms(g.library.p50Ms)}, p95 ${ms(g.library.p95Ms)}; back to back ${g.saturated.asksPerSecond.toFixed(0)} asks/s`;

// `npx tsx scripts/bench/gate.ts`: this measurement alone, on a fresh embedded PostgreSQL; it prints
// its section and writes nothing (`npm run bench` measures it after the engine, into docs/benchmarks.md).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = await mkdtemp(path.join(tmpdir(), "flightdeck-bench-gate-"));
  const embedded = await startEmbeddedPostgres(dir);
  try {
    await runMigrations(embedded.url);
    // The same pool size as the app.
    const database = connect(embedded.url, { max: 10 });
    const before = cpuReferenceMs();
    const figures = await measureGate(database);
    const after = cpuReferenceMs();
    await database.close();
    console.log(gateSummary(figures));
    // The engine section's yardstick of this machine's speed: compare runs at similar figures.
    console.log(`CPU reference: ${before.toFixed(0)} ms before, ${after.toFixed(0)} ms after`);
    console.log(`\n${renderGate(figures).join("\n")}`);
  } finally {
    await embedded.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
