import { isBrokenCircuitError } from "cockatiel";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db, DbOrTx } from "@/db/client";
import { isDatabaseUnavailable } from "@/db/connection-errors";
import type { ProposedToolCall, ToolStepPayload } from "@/db/schema";
import { breakerFor } from "@/lib/resilience/breakers";
import { callSignal } from "@/lib/resilience/call-signal";
import { type Attempts, withRetries } from "@/lib/resilience/retry";
import type { ResilienceSettings } from "@/lib/resilience/settings";
import { getTool } from "@/lib/tools/registry";
import { type AnyTool, type ToolContext, ToolInputError, ToolOutcomeUnknownError } from "@/lib/tools/types";
import { LeaseLostError } from "./lease";

export type ToolCallResult = {
  payload: ToolStepPayload;
  startedAt: Date;
  endedAt: Date;
  workMs: number;
  tool?: AnyTool;
};

export class ToolTimeoutError extends Error {
  constructor(tool: string, ms: number) {
    super(`${tool} did not finish within ${ms} ms.`);
    this.name = "ToolTimeoutError";
  }
}

/** Looks the tool up and validates the arguments: invalid or unknown calls are never executed. */
export function prepareToolCall(call: ProposedToolCall, allowed: string[], tenantId: string) {
  const tool = allowed.includes(call.toolName) ? getTool(call.toolName, tenantId) : undefined;
  if (!tool) {
    return {
      ok: false as const,
      status: "unknown_tool" as const,
      error: `There is no tool named "${call.toolName}". Available tools: ${allowed.join(", ")}.`,
    };
  }
  const parsed = (tool.input as z.ZodType).safeParse(call.input);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `${i.path.join(".") || "arguments"}: ${i.message}`)
      .join("; ");
    return {
      ok: false as const,
      status: "invalid" as const,
      error: `Invalid arguments for ${tool.name}: ${problems}`,
    };
  }
  return { ok: true as const, tool, args: parsed.data as unknown };
}

/** The run was stopped during the call: not the tool's failure, so no breaker counts it. */
class RunAbortedError extends Error {}

const isToolFault = (error: Error) =>
  !(error instanceof ToolInputError) &&
  !(error instanceof RunAbortedError) &&
  !(error instanceof ToolOutcomeUnknownError) &&
  !(error instanceof LeaseLostError) &&
  // Flightdeck's own database going away is no fault of the tool's: no breaker counts it.
  !isDatabaseUnavailable(error) &&
  error.name !== "AbortError" &&
  !isBrokenCircuitError(error);

export type ExecuteToolInput = {
  db: Db;
  tool: AnyTool;
  call: ProposedToolCall;
  args: unknown;
  tenantId: string;
  runId: string;
  idempotencyKey: string;
  signal: AbortSignal;
  appBaseUrl: string;
  resilience: ResilienceSettings;
  /** Dry run: call the tool's preview instead of making the effect. */
  preview?: boolean;
  /**
   * Decides the call again inside the write's transaction, after the tool locked its targets, and
   * throws if policy now denies it (another run changed what it was decided on).
   */
  recheck?: (tx: DbOrTx) => Promise<void>;
  /**
   * The run's fencing token: a write commits only while this process still holds the run, so a
   * process frozen past its lease cannot land an effect after another one took the run over.
   */
  fencingToken?: number;
  /** The step and the arguments' provenance, handed to the tool (ToolContext.call). */
  step?: ToolContext["call"];
};

/**
 * Runs a validated call with the tool's timeout, the run's abort signal and the idempotency key.
 * A ToolInputError goes back to the model as a readable error; anything else is a tool failure.
 * Idempotent tools are retried on failures with the same key (they cannot double an effect);
 * a tool that keeps failing opens its circuit breaker and fails fast for a cool-off period.
 */
export async function executeTool(input: ExecuteToolInput): Promise<ToolCallResult & { failed: boolean }> {
  const { tool, call, resilience } = input;
  const startedAt = new Date();
  const clock = performance.now();
  const base = {
    toolCallId: call.toolCallId,
    toolName: tool.name,
    args: input.args,
    idempotencyKey: input.idempotencyKey,
    risk: tool.risk(input.args),
    ...(input.preview ? { preview: true } : {}),
  };
  const record: Attempts = { attempts: 0, waitsMs: [] };
  // An MCP server's tools fail together (the server is down): one breaker per server.
  const breaker =
    tool.source?.kind === "mcp"
      ? breakerFor("mcp", tool.source.server, resilience, isToolFault, input.tenantId)
      : breakerFor("tool", tool.name, resilience, isToolFault);
  try {
    const outcome = await withRetries({
      maxAttempts: tool.idempotent ? resilience.toolAttempts : 1,
      settings: resilience,
      isTransient: isToolFault,
      signal: input.signal,
      record,
      // runOnce settles a stopped write itself (committed, rolled back or unknown): wait for it.
      // A read has nothing to settle: it is let go at once.
      settleAttempt: !input.preview && base.risk !== "read",
      attempt: (signal) => breaker.execute(() => runOnce(input, signal)),
    });
    return {
      tool,
      failed: false,
      startedAt,
      endedAt: new Date(),
      workMs: performance.now() - clock,
      payload: { ...base, status: "ok", result: outcome.output, receipt: outcome.receipt, ...tries(record) },
    };
  } catch (error) {
    // Unknown outcomes wait for a person; a database that went away leaves the run to resume later.
    if (
      error instanceof ToolOutcomeUnknownError ||
      error instanceof LeaseLostError ||
      isDatabaseUnavailable(error)
    )
      throw error;
    if (input.signal.aborted) throw input.signal.reason;
    const readable = error instanceof ToolInputError;
    const message = isBrokenCircuitError(error)
      ? `circuit open: ${tool.name} failed ${resilience.breakerFailures} times in a row, so calls to it pause for ${Math.round(resilience.breakerCooldownMs / 1000)} s.`
      : error instanceof Error
        ? error.message
        : String(error);
    return {
      tool,
      failed: !readable,
      startedAt,
      endedAt: new Date(),
      workMs: performance.now() - clock,
      payload: { ...base, status: "error", result: { error: message }, receipt: null, ...tries(record) },
    };
  }
}

const tries = (record: Attempts) => (record.attempts > 1 ? { attempts: record.attempts } : {});

export { ToolOutcomeUnknownError };

/** How long a stopped attempt may still take to settle (roll back, or commit with its receipt). */
export const SETTLE_GRACE_MS = 5_000;
const IDLE_MARGIN_MS = 2_000;

/**
 * A write tool's database work runs in one transaction whose statements and lock waits are cut off
 * by PostgreSQL before the tool's own timeout: a blocked write rolls back rather than landing later.
 */
export const dbBudgetMs = (timeoutMs: number): number =>
  Math.max(50, timeoutMs - Math.min(2_000, Math.max(100, Math.round(timeoutMs * 0.2))));

/**
 * One attempt, with its own timeout. A stopped attempt is never abandoned: the engine waits for it
 * to settle, so what it did is known — rolled back (a failure), or committed (its result and receipt
 * count, late as they are) — and only an attempt that does not settle in the grace is unknown.
 */
async function runOnce(input: ExecuteToolInput, runSignal: AbortSignal): ReturnType<AnyTool["execute"]> {
  const { tool } = input;
  const act = input.preview ? tool.preview : tool.execute;
  if (!act) throw new ToolInputError(`${tool.name} has no dry-run preview, so it cannot run in a dry run.`);
  const call = callSignal(runSignal, tool.timeoutMs);
  const { signal } = call;
  const context = {
    db: input.db,
    tenantId: input.tenantId,
    runId: input.runId,
    idempotencyKey: input.idempotencyKey,
    signal,
    appBaseUrl: input.appBaseUrl,
    call: input.step,
  };
  const writes = !input.preview && tool.risk(input.args) !== "read";
  const work = writes
    ? input.db.transaction(async (tx) => {
        const budget = String(dbBudgetMs(tool.timeoutMs));
        // A frozen process's open transaction is ended by PostgreSQL, so its locks cannot outlive it;
        // only once the engine's grace is surely over (timers run late on a busy host): ended
        // inside the grace, a write still stuck would read as rolled back, a plain failure.
        const idle = String(tool.timeoutMs + SETTLE_GRACE_MS + IDLE_MARGIN_MS);
        await tx.execute(
          sql`select set_config('statement_timeout', ${budget}, true), set_config('lock_timeout', ${budget}, true),
            set_config('idle_in_transaction_session_timeout', ${idle}, true)`,
        );
        const inTx = { ...context, db: tx as unknown as Db };
        const replay = (await tool.lockTargets?.(input.args, inTx)) === "replay";
        if (!replay) await input.recheck?.(tx);
        const outcome = await act(input.args, inTx);
        if (input.fencingToken !== undefined) await holdRun(tx, input.runId, input.fencingToken);
        return outcome;
      })
    : act(input.args, context);
  const stopped = new Promise<"stopped">((resolve) =>
    signal.addEventListener("abort", () => resolve("stopped"), { once: true }),
  );
  try {
    const first = await Promise.race([work, stopped]);
    if (first !== "stopped") return first;
    const settled = await settleWithin(work, SETTLE_GRACE_MS);
    if (settled.status === "fulfilled") return settled.value;
    // The tool itself knows its effect may have happened (a remote write that got no answer).
    if (settled.status === "rejected" && settled.error instanceof ToolOutcomeUnknownError)
      throw settled.error;
    if (settled.status === "pending") {
      if (writes) throw new ToolOutcomeUnknownError(tool.name);
    }
    throw call.timedOut() ? new ToolTimeoutError(tool.name, tool.timeoutMs) : new RunAbortedError("aborted");
  } finally {
    call.dispose();
  }
}

/**
 * The write's last statement: proves this process still holds the run, and holds the run's row until
 * the commit, so no other process can take the run over between this check and the commit.
 */
async function holdRun(tx: DbOrTx, runId: string, fencingToken: number): Promise<void> {
  const held = await tx.execute(
    sql`select 1 from runs where id = ${runId} and fencing_token = ${fencingToken} for share`,
  );
  if (held.length === 0) throw new LeaseLostError(runId);
}

async function settleWithin<T>(
  work: Promise<T>,
  ms: number,
): Promise<
  { status: "fulfilled"; value: T } | { status: "rejected"; error: unknown } | { status: "pending" }
> {
  let timer: NodeJS.Timeout | undefined;
  const pending = new Promise<{ status: "pending" }>((resolve) => {
    timer = setTimeout(() => resolve({ status: "pending" }), ms);
  });
  try {
    return await Promise.race([
      work.then(
        (value) => ({ status: "fulfilled" as const, value }),
        (error: unknown) => ({ status: "rejected" as const, error }),
      ),
      pending,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
