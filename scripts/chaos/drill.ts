import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq, inArray, sql } from "drizzle-orm";
import { connect, type Database } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { openPostgres } from "@/db/open-postgres";
import { agents, demoOrders, demoTickets, runs } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { seedDemoBusiness } from "@/lib/demo/seed-demo";
import { seedModelPrices } from "@/lib/models/pricing";
import { startRun } from "@/lib/runs/start-run";
import { type ChaosDatabase, embeddedChaosDatabase, externalChaosDatabase } from "./database";
import { checkInvariants, type Invariants } from "./invariants";
import { startChaosModelServer } from "./model-server";
import { type ChaosWeb, startWeb } from "./web";
import { type ChaosWorker, startWorker } from "./workers";

export type ChaosOptions = {
  runs: number;
  workers: number;
  /** Runs each worker takes at once. */
  concurrency: number;
  leaseSeconds: number;
  /** How long runs are started for, with the faults spread over that time. */
  driveSeconds: number;
  faults: { kills: number; stops: number; databaseRestarts: number; lockHolds: number; webKills: number };
  /**
   * A web process (`npm start`, needs a build) takes part: half the runs are started through its API
   * with an Idempotency-Key, retried across its kills (`webKills`) as a client would.
   */
  web: boolean;
  /** Share of model requests that fail (429, 500, 503, dropped connection). */
  modelFaultRate: number;
  /** A PostgreSQL the operator owns instead of an embedded one, and the command that restarts it. */
  database?: { url: string; restartCommand?: string };
  log?: (line: string) => void;
};

export type ChaosReport = {
  options: ChaosOptions;
  invariants: Invariants;
  /** The commonest errors of failed runs, with their counts. */
  failures: { error: string; n: number }[];
  /** Start requests over HTTP that retries with their Idempotency-Key never got taken (5 minutes). */
  requestsNeverTaken: number;
  /** Runs started twice by a client's retry of the same request (same Idempotency-Key). */
  duplicatedRuns: number;
  workersAlive: number;
  /** Runs by status and stop reason, e.g. "failed (model_failed)". */
  statuses: Record<string, number>;
  runsPerSecond: number;
  takeoverMs: number[];
  firstClaimAfterRestartMs: number[];
  faultsDone: Record<string, number>;
  modelRequests: { requests: number; injected: Record<string, number> };
  seconds: number;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const SETTLED = ["succeeded", "failed", "stopped", "killed", "unverified", "waiting_approval"];

/**
 * The chaos drill: workers under their supervisors, a PostgreSQL this drill owns, a model server
 * that fails a share of calls, and faults — workers killed and frozen past their lease, the database
 * restarted, demo tables locked so writes time out — while runs of the demo support agent refund,
 * email and close tickets. Then it checks that nothing was lost, doubled or left unproven.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => {});
  const began = Date.now();
  const dir = await mkdtemp(path.join(tmpdir(), "flightdeck-chaos-"));
  let postgresql: ChaosDatabase | undefined;
  let database: Database | undefined;
  const workers: ChaosWorker[] = [];
  let web: ChaosWeb | undefined;
  let apiKey: string | undefined;
  const model = await startChaosModelServer({ rate: options.modelFaultRate });
  try {
    postgresql = options.database
      ? externalChaosDatabase(options.database.url, options.database.restartCommand)
      : await embeddedChaosDatabase(dir);
    const url = postgresql.url;
    await runMigrations(url);
    database = connect(url, { max: 5 });
    const { db } = database;
    const tenant = await createTenant(db);
    await seedModelPrices(db);
    await seedDemoBusiness(db, tenant.id);
    const operator = await createMember(db, tenant, "operator");
    const tickets = await seedChaosTickets(db, tenant.id, options.runs);
    // The support agent answers through the fault-injecting server (its simulator, 30 ms a call).
    await db
      .update(agents)
      .set({ model: "compat:default:30", maxSeconds: 600 })
      .where(eq(agents.tenantId, tenant.id));

    const processEnv = {
      DATABASE_URL: url,
      OPENAI_COMPATIBLE_BASE_URL: model.baseUrl,
      FLIGHTDECK_LEASE_SECONDS: String(options.leaseSeconds),
      FLIGHTDECK_WORKER_CONCURRENCY: String(options.concurrency),
      FLIGHTDECK_MODEL_TIMEOUT_SECONDS: "10",
      // The drill fails a fifth of model calls at random. At the default (5 failures in a row) a
      // worker's breaker opens by chance in about 7 % of short drills (~300 requests) and fails every
      // run it takes for 30 s; at 12 the odds are ~4·10⁻⁹ per request. The breaker has tests of its own.
      FLIGHTDECK_BREAKER_FAILURES: "12",
    };
    for (let i = 0; i < options.workers; i++) workers.push(await startWorker(dir, i, processEnv));
    if (options.web) {
      web = await startWeb(dir, { ...processEnv, NEXTAUTH_SECRET: randomBytes(32).toString("base64url") });
      const admin = await createMember(db, tenant, "admin");
      apiKey = (await createApiKey(db, admin, { name: "chaos drill", role: "operator" })).key;
    }

    const restart = postgresql.restart;
    const takeoverMs: number[] = [];
    const firstClaimAfterRestartMs: number[] = [];
    const faultsDone: Record<string, number> = Object.fromEntries(
      Object.keys(options.faults).map((kind) => [kind, 0]),
    );
    const pending: Promise<void>[] = [];

    const fault = {
      kills: async () => {
        // An engine killed while it holds runs, so the takeover is measured: the busiest one.
        const engines = await Promise.all(
          workers.map(async (w) => ({ worker: w, pid: await w.enginePid() })),
        );
        const live = engines.filter((e): e is { worker: ChaosWorker; pid: number } => e.pid !== null);
        const busiest = await busiestOf(
          db,
          live.map((e) => e.pid),
        );
        const { worker, pid: engine } = live.find((e) => e.pid === busiest) ?? pick(live) ?? {};
        if (!worker || !engine) return;
        const held = await runsHeldBy(db, engine).catch(() => []);
        process.kill(engine, "SIGKILL");
        const at = Date.now();
        faultsDone.kills = (faultsDone.kills ?? 0) + 1;
        log(`killed worker ${worker.index}'s engine (pid ${engine}) holding ${held.length} runs`);
        pending.push(watchTakeover(db, engine, held, at, takeoverMs));
      },
      stops: async () => {
        const worker = pick(workers);
        const engine = await worker.enginePid();
        if (!engine) return;
        process.kill(engine, "SIGSTOP");
        log(`froze worker ${worker.index}'s engine past its lease`);
        await sleep(options.leaseSeconds * 1000 + 1500);
        process.kill(engine, "SIGCONT");
        faultsDone.stops = (faultsDone.stops ?? 0) + 1;
      },
      databaseRestarts: async () => {
        if (!restart) return;
        const before = await claimsSoFar(db);
        log("restarting PostgreSQL");
        await restart();
        const back = Date.now();
        faultsDone.databaseRestarts = (faultsDone.databaseRestarts ?? 0) + 1;
        const claimed = await waitForClaim(db, before, 30_000);
        if (claimed !== null) firstClaimAfterRestartMs.push(claimed - back);
      },
      webKills: async () => {
        if (!web) return;
        const pid = web.pid();
        if (pid) await busiestOf(db, [pid]);
        const held = pid ? await runsHeldBy(db, pid).catch(() => []) : [];
        log(`killing the web process, holding ${held.length} runs`);
        const killed = web.killAndRestart();
        if (pid) pending.push(watchTakeover(db, pid, held, Date.now(), takeoverMs));
        await killed;
        faultsDone.webKills = (faultsDone.webKills ?? 0) + 1;
      },
      lockHolds: async () => {
        log("locking the demo tables past the write tools' time-outs");
        const holder = openPostgres(url, { max: 1, onnotice: () => {} });
        try {
          await holder.begin(async (tx) => {
            await tx`lock table demo_refunds, demo_outbox, demo_tickets in share row exclusive mode`;
            await tx`select pg_sleep(12)`;
          });
          faultsDone.lockHolds = (faultsDone.lockHolds ?? 0) + 1;
        } catch {
          // A database restart ended the hold early.
        } finally {
          await holder.end({ timeout: 1 }).catch(() => {});
        }
      },
    };

    const schedule = faultSchedule(options);
    const driveMs = options.driveSeconds * 1000;
    const started = Date.now();
    const faultLoop = (async () => {
      for (const event of schedule) {
        await sleep(Math.max(0, started + event.atMs - Date.now()));
        await fault[event.kind]().catch((error) => log(`fault ${event.kind} failed: ${String(error)}`));
      }
    })();
    // Runs are started evenly over the drive, each retried until it is taken: every other one
    // through the web's API when it takes part, the rest in this process.
    const httpStarts: Promise<boolean>[] = [];
    const viaHttp: string[] = [];
    for (let i = 0; i < tickets.length; i++) {
      await sleep(Math.max(0, started + (i * driveMs) / tickets.length - Date.now()));
      const input = `Resolve ticket ${tickets[i]}`;
      if (web && apiKey && i % 2 === 0) {
        viaHttp.push(input);
        httpStarts.push(startOverHttp(web.baseUrl, apiKey, input, `chaos-${tickets[i]}`, log));
        continue;
      }
      for (let attempt = 0; ; attempt++) {
        try {
          await startRun(db, operator, { agent: "support-triage", input });
          break;
        } catch (error) {
          if (attempt > 100) throw error;
          await sleep(200);
        }
      }
    }
    const requestsNeverTaken = (await Promise.all(httpStarts)).filter((taken) => !taken).length;
    await faultLoop;
    await Promise.all(pending);
    const settledAt = await waitForSettled(db, tenant.id, 180_000);
    const runsPerSecond = options.runs / ((settledAt - started) / 1000);
    log(`all runs settled in ${((settledAt - started) / 1000).toFixed(1)} s`);

    // Checked over fresh connections: the drill's own ones may have died with a restart.
    await database.close();
    database = connect(url, { max: 5 });
    const checks = database.db;
    const statuses = Object.fromEntries(
      (
        await checks
          .select({ status: runs.status, reason: runs.stopReason, n: sql<number>`count(*)::int` })
          .from(runs)
          .where(eq(runs.tenantId, tenant.id))
          .groupBy(runs.status, runs.stopReason)
      ).map((r) => [`${r.status}${r.reason ? ` (${r.reason})` : ""}`, r.n]),
    );
    const failures = await checks
      .select({ error: sql<string>`left(coalesce(${runs.error}, ''), 160)`, n: sql<number>`count(*)::int` })
      .from(runs)
      .where(sql`${runs.tenantId} = ${tenant.id} and ${runs.status} = 'failed'`)
      .groupBy(sql`1`)
      .orderBy(sql`2 desc`)
      .limit(8);
    const workersAlive = (await Promise.all(workers.map((w) => w.alive()))).filter(Boolean).length;
    const invariants = await checkInvariants(checks, tenant.id);
    const [duplicated] = await checks.select({ n: sql<number>`count(*)::int` }).from(
      checks
        .select({ input: runs.input })
        .from(runs)
        .where(and(eq(runs.tenantId, tenant.id), inArray(runs.input, viaHttp.length > 0 ? viaHttp : [""])))
        .groupBy(runs.input)
        .having(sql`count(*) > 1`)
        .as("d"),
    );
    return {
      options,
      invariants,
      duplicatedRuns: duplicated?.n ?? 0,
      requestsNeverTaken,
      failures,
      workersAlive,
      statuses,
      runsPerSecond,
      takeoverMs,
      firstClaimAfterRestartMs,
      faultsDone,
      modelRequests: model.stats(),
      seconds: (Date.now() - began) / 1000,
    };
  } finally {
    await web?.stop();
    await Promise.all(workers.map((w) => w.stop()));
    await model.close();
    await database?.close().catch(() => {});
    await postgresql?.stop().catch(() => {});
    await rm(dir, { recursive: true, force: true });
  }
}

/** POST /api/v1/runs as a careful client: the same Idempotency-Key on every retry, until it is taken. */
async function startOverHttp(
  baseUrl: string,
  key: string,
  input: string,
  idempotencyKey: string,
  log: (l: string) => void,
) {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const response = await fetch(`${baseUrl}/api/v1/runs`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${key}`,
        "content-type": "application/json",
        "idempotency-key": idempotencyKey,
      },
      body: JSON.stringify({ agent: "support-triage", input }),
      signal: AbortSignal.timeout(10_000),
    }).catch(() => null);
    if (response && (response.status === 200 || response.status === 201)) return true;
    // 409: the first request under this key is still being answered.
    if (response && ![409, 429].includes(response.status) && response.status < 500) {
      log(`starting "${input}" was refused: ${response.status} ${await response.text()}`);
      return false;
    }
    const wait = Number(response?.headers.get("retry-after") ?? "0.5");
    await sleep(Math.max(200, Math.min(5_000, wait * 1000)));
  }
  log(`starting "${input}" over HTTP did not succeed in 5 minutes`);
  return false;
}

/** One small refund each (well under the autonomous and hourly caps): a ticket and its order per run. */
async function seedChaosTickets(db: Database["db"], tenantId: string, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, (_, i) => 90_000 + i);
  await db.insert(demoOrders).values(
    ids.map((i) => ({
      tenantId,
      id: `O-${i}`,
      customerId: "C-1001",
      totalUsd: 5,
      status: "delivered",
      items: [{ sku: "CHAOS-1", name: "Chaos drill item", quantity: 1, priceUsd: 5 }],
      placedAt: new Date(Date.now() - 3 * 86_400_000),
    })),
  );
  await db.insert(demoTickets).values(
    ids.map((i) => ({
      tenantId,
      id: `T-${i}`,
      customerId: "C-1001",
      orderId: `O-${i}`,
      subject: "Part missing",
      body: `Hello, a small part was missing from order O-${i}. I'd like a refund of $0.40 for it, please.\n\nMaria`,
      status: "open",
    })),
  );
  return ids.map((i) => `T-${i}`);
}

type FaultKind = keyof ChaosOptions["faults"];

/** Faults spread evenly over the drive, kinds interleaved, none in its first or last tenth. */
function faultSchedule(options: ChaosOptions): { atMs: number; kind: FaultKind }[] {
  const kinds = (Object.keys(options.faults) as FaultKind[]).flatMap((kind) =>
    Array.from({ length: options.faults[kind] }, (_, i) => ({
      kind,
      order: (i + 0.5) / options.faults[kind],
    })),
  );
  kinds.sort((a, b) => a.order - b.order);
  const span = options.driveSeconds * 1000 * 0.8;
  return kinds.map((k, i) => ({
    kind: k.kind,
    atMs: options.driveSeconds * 100 + (span * i) / Math.max(1, kinds.length),
  }));
}

const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)] as T;

/** How long until every run the killed engine held has been claimed by another (or has ended). */
async function watchTakeover(db: Database["db"], pid: number, ids: string[], at: number, into: number[]) {
  const open = new Set(ids);
  const deadline = at + 60_000;
  while (open.size > 0 && Date.now() < deadline) {
    const rows = await db
      .select({ id: runs.id, owner: runs.leaseOwner, status: runs.status })
      .from(runs)
      .where(inArray(runs.id, [...open]))
      .catch(() => []);
    for (const row of rows)
      if (row.status !== "running" || !row.owner?.includes(`:${pid}:`)) {
        open.delete(row.id);
        into.push(Date.now() - at);
      }
    await sleep(50);
  }
}

/** The runs a process's engine is running: its lease owner names its process id. */
async function runsHeldBy(db: Database["db"], pid: number): Promise<string[]> {
  const rows = await db
    .select({ id: runs.id })
    .from(runs)
    .where(sql`${runs.status} = 'running' and ${runs.leaseOwner} like ${`%:${pid}:%`}`);
  return rows.map((r) => r.id);
}

/** Of these engines, the one holding the most runs, waiting up to 5 s for one to hold any. */
async function busiestOf(db: Database["db"], pids: number[]): Promise<number | null> {
  const deadline = Date.now() + 5_000;
  while (pids.length > 0 && Date.now() < deadline) {
    // While PostgreSQL restarts nothing can be counted: any engine will do.
    const held = (pid: number) => runsHeldBy(db, pid).catch(() => []);
    const counts = await Promise.all(pids.map(async (pid) => ({ pid, n: (await held(pid)).length })));
    const top = counts.sort((a, b) => b.n - a.n)[0];
    if (top && top.n > 0) return top.pid;
    await sleep(100);
  }
  return null;
}

/** Claims so far: each claim raises a run's fencing token. */
async function claimsSoFar(db: Database["db"]): Promise<number> {
  const [row] = await db.select({ n: sql<string>`coalesce(sum(${runs.fencingToken}), 0)::text` }).from(runs);
  return Number(row?.n ?? 0);
}

async function waitForClaim(db: Database["db"], before: number, timeoutMs: number): Promise<number | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await claimsSoFar(db).catch(() => before)) > before) return Date.now();
    await sleep(25);
  }
  return null;
}

async function waitForSettled(db: Database["db"], tenantId: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await db
      .select({ open: sql<number>`count(*) filter (where ${runs.status} not in ${SETTLED})::int` })
      .from(runs)
      .where(eq(runs.tenantId, tenantId))
      .catch(() => [{ open: -1 }]);
    if (row?.open === 0) return Date.now();
    if (Date.now() > deadline) return Date.now();
    await sleep(200);
  }
}
