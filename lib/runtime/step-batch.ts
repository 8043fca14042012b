import type postgres from "postgres";
import { COMMIT_CONNECTIONS } from "@/db/client";
import { commitPoolOf } from "@/db/commit-pool";
import { RECEIPT_COLUMN_FIELDS } from "@/db/schema/receipts";
import type { ToolStepPayload } from "@/db/schema/run-steps";
import { receiptOf } from "@/lib/receipts/canonical";
import { runSpanId } from "@/lib/telemetry/spans";
import { splitStepSpans } from "@/lib/telemetry/step-spans";
import type { StepCommit } from "./persist-step";
import { isInvalidCall, isSecurityAttempt } from "./security-attempts";

// Group commit: the steps that concurrent runs finish while earlier batches are being written are
// written by ONE statement, so one transaction, one round trip and one WAL flush serve them all.
// Keeping only a couple of batches in flight is what makes the batches large under load; at low
// load a step is written at once. Each run still waits for its own step to be durable before it
// goes on. Measured in docs/benchmarks.md.
const MAX_BATCH = 64;
const MAX_IN_FLIGHT = COMMIT_CONNECTIONS;

type Pending = {
  commit: StepCommit;
  resolve: (committed: boolean) => void;
  reject: (error: unknown) => void;
};

class StepCommitter {
  private queue: Pending[] = [];
  private scheduled = false;
  private inFlight = 0;

  constructor(private readonly sql: postgres.Sql) {}

  /** Resolves true when committed, false when the fencing check refused it (the lease was lost). */
  submit(commit: StepCommit): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ commit, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.queue.length === 0 || this.inFlight >= MAX_IN_FLIGHT) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    while (this.queue.length > 0 && this.inFlight < MAX_IN_FLIGHT) {
      this.write(this.queue.splice(0, MAX_BATCH));
    }
  }

  private write(batch: Pending[]): void {
    this.inFlight++;
    writeBatch(
      this.sql,
      batch.map((p) => p.commit),
    )
      .then(
        (committed) => {
          for (const p of batch) p.resolve(committed.has(p.commit.run.id));
        },
        (error) => {
          // One bad step (say, text PostgreSQL refuses) must not fail the other runs' steps: retry
          // them one by one, so only the culprit sees the error.
          if (batch.length === 1) batch[0]?.reject(error);
          else for (const p of batch) this.write([p]);
        },
      )
      .finally(() => {
        this.inFlight--;
        this.schedule();
      });
  }
}

const committers = new WeakMap<postgres.Sql, StepCommitter>();

/** The committer of `sql`'s database, writing through its commit pool (see `connect`). */
export function stepCommitter(sql: postgres.Sql): StepCommitter {
  let committer = committers.get(sql);
  if (!committer) {
    committer = new StepCommitter(commitPoolOf(sql));
    committers.set(sql, committer);
  }
  return committer;
}

/**
 * Every part is conditional on the run's update, which matches only the lease holder's fencing
 * token and the expected sequence number: a lost lease or a replayed step writes nothing.
 */
async function writeBatch(sql: postgres.Sql, commits: StepCommit[]): Promise<Set<string>> {
  const records = commits.map(toRecord);
  const rows = await sql`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as i(
        run_id uuid, token bigint, seq int, turn int, kind text, payload jsonb, derived_spans smallint, step_cost numeric,
        started_at timestamptz, ended_at timestamptz, d_model int, d_tool int, d_in int, d_cached int,
        d_out int, d_reasoning int, d_cost numeric, d_security int, d_invalid int, unpriced boolean, end_status text, end_reason text,
        end_output text, end_error text, end_attributes jsonb, spans jsonb, turn_span text,
        turn_end timestamptz, run_span text, tenant_id uuid, trace_id text, settle_day date,
        settle_reserved numeric, settle_spent numeric, settle_reserved_tokens bigint,
        settle_spent_tokens bigint, receipt jsonb, content_hash text,
        receipt_kind text, receipt_risk text)
    ), r as (
      update runs set
        last_seq = i.seq,
        model_calls = runs.model_calls + i.d_model,
        tool_calls = runs.tool_calls + i.d_tool,
        input_tokens = runs.input_tokens + i.d_in,
        cached_input_tokens = runs.cached_input_tokens + i.d_cached,
        output_tokens = runs.output_tokens + i.d_out,
        reasoning_tokens = runs.reasoning_tokens + i.d_reasoning,
        cost_usd = case when i.unpriced then null else runs.cost_usd + i.d_cost end,
        security_attempts = runs.security_attempts + coalesce(i.d_security, 0),
        invalid_calls = runs.invalid_calls + coalesce(i.d_invalid, 0),
        pending_tool_call = null,
        status = coalesce(i.end_status::run_status, runs.status),
        stop_reason = coalesce(i.end_reason::stop_reason, runs.stop_reason),
        output = case when i.end_status is null then runs.output else i.end_output end,
        error = case when i.end_status is null then runs.error else i.end_error end,
        ended_at = case when i.end_status is null then runs.ended_at else now() end,
        lease_owner = case when i.end_status is null then runs.lease_owner end,
        lease_expires_at = case when i.end_status is null then runs.lease_expires_at end
      from input i
      -- By key, whatever the planner guesses of the batch size (100 rows for any function output,
      -- which made it scan a small runs table whole). A lone step, the usual case at low load, is
      -- matched by equality: the plan PostgreSQL caches for an array of unknown length can still
      -- be a scan of the table, chosen while it was small and kept as it grows.
      where ${
        commits.length === 1
          ? sql`runs.id = ${commits[0]?.run.id ?? null}::uuid`
          : sql`runs.id = any(${commits.map((c) => c.run.id)}::uuid[])`
      }
        and runs.id = i.run_id and runs.fencing_token = i.token and runs.last_seq = i.seq - 1
      returning runs.id
    ), committed as (
      select i.* from input i join r on r.id = i.run_id
    ), new_steps as (
      insert into run_steps (run_id, seq, turn, kind, payload, derived_spans, cost_usd, started_at, ended_at)
      select run_id, seq, turn, kind::step_kind, payload, coalesce(derived_spans, 0), step_cost, started_at, ended_at from committed
    )${optionalParts(sql, records)}
    select id from r`;
  return new Set(rows.map((row) => row.id as string));
}

type StepRecord = ReturnType<typeof toRecord>;

// A step's spans are its run's: the statement writes the run, tenant and trace ids once per step.
function spanRecord(run: StepCommit["run"], s: StepCommit["newSpans"][number]) {
  if (s.runId !== run.id || s.traceId !== run.traceId || s.tenantId !== run.tenantId)
    throw new Error(`Span ${s.spanId} does not belong to run ${run.id}`);
  return {
    span_id: s.spanId,
    parent_span_id: s.parentSpanId ?? undefined,
    name: s.name,
    seq: s.seq ?? undefined,
    start_time: s.startTime.toISOString(),
    end_time: s.endTime?.toISOString(),
    status: s.status ?? "unset",
    attributes: s.attributes ?? {},
  };
}
type Fragment = postgres.PendingQuery<postgres.Row[]>;

/**
 * Only the parts this batch needs: PostgreSQL sets up (and locks the tables of) every part of a
 * statement on each execution, used or not. Each combination is prepared once per connection.
 */
function optionalParts(sql: postgres.Sql, records: StepRecord[]): Fragment {
  const needs = (field: keyof StepRecord) => records.some((r) => r[field] !== undefined);
  return sql`${needs("spans") ? newSpansPart(sql) : sql``}${needs("turn_span") ? turnSpansPart(sql) : sql``}${
    needs("end_status") ? runSpansPart(sql) : sql``
  }${needs("settle_day") ? settledPart(sql) : sql``}${needs("receipt") ? receiptsPart(sql) : sql``}`;
}

const newSpansPart = (sql: postgres.Sql) => sql`, new_spans as (
      insert into spans (span_id, trace_id, parent_span_id, run_id, tenant_id, name, seq, start_time, end_time, status, attributes)
      select x.span_id, c.trace_id, x.parent_span_id, c.run_id, c.tenant_id, x.name, x.seq, x.start_time, x.end_time, x.status::span_status, x.attributes
      from committed c cross join lateral jsonb_to_recordset(c.spans) as x(
        span_id text, parent_span_id text, name text, seq int, start_time timestamptz,
        end_time timestamptz, status text, attributes jsonb)
      where c.spans is not null
    )`;

const turnSpansPart = (sql: postgres.Sql) => sql`, turn_spans as (
      update spans set end_time = c.turn_end from committed c
      where c.turn_span is not null and spans.span_id = c.turn_span
    )`;

const runSpansPart = (sql: postgres.Sql) => sql`, run_spans as (
      update spans set end_time = now(),
        status = (case when c.end_status = 'succeeded' then 'ok' else 'error' end)::span_status,
        attributes = spans.attributes || c.end_attributes
      from committed c
      where c.end_status is not null and spans.span_id = c.run_span
    )`;

const settledPart = (sql: postgres.Sql) => sql`, settled as (
      update tenant_spend_days d set
        reserved_usd = greatest(0, d.reserved_usd - s.reserved),
        spent_usd = d.spent_usd + s.spent,
        reserved_tokens = greatest(0, d.reserved_tokens - s.reserved_tokens),
        spent_tokens = d.spent_tokens + s.spent_tokens
      from (
        select tenant_id, settle_day, sum(settle_reserved) as reserved, sum(settle_spent) as spent,
          sum(settle_reserved_tokens) as reserved_tokens, sum(settle_spent_tokens) as spent_tokens
        from committed where settle_day is not null group by tenant_id, settle_day
      ) s
      where d.tenant_id = s.tenant_id and d.day = s.settle_day
    )`;

// Stored without what its columns hold (see storedReceiptContent).
const COLUMN_FIELDS = `'{${RECEIPT_COLUMN_FIELDS.join(",")}}'::text[]`;

const receiptsPart = (sql: postgres.Sql) => sql`, new_receipts as (
      insert into receipts (tenant_id, run_id, seq, tool, idempotency_key, content, content_hash, kind, risk)
      select tenant_id, run_id, seq, receipt->>'tool', receipt->>'idempotencyKey',
        receipt - ${sql.unsafe(COLUMN_FIELDS)}, content_hash,
        receipt_kind, receipt_risk
      from committed where receipt is not null
    )`;

function toRecord({ run, step, totals, ending, newSpans, extendTurnSpan, settle }: StepCommit) {
  // A tool call that executed leaves a receipt, hashed here and written by the same statement.
  const receipt =
    step.kind === "tool"
      ? receiptOf({
          tenantId: run.tenantId,
          runId: run.id,
          seq: step.seq,
          payload: step.payload as ToolStepPayload,
          startedAt: step.startedAt,
          endedAt: step.endedAt,
        })
      : null;
  const spans = splitStepSpans(run, step, newSpans);
  // Absent fields are left out rather than sent as null (PostgreSQL reads a missing key as null):
  // the batch is parsed as one JSON document, and most steps leave most of these empty.
  return {
    run_id: run.id,
    token: run.fencingToken,
    seq: step.seq,
    turn: step.turn,
    kind: step.kind,
    payload: step.payload,
    derived_spans: spans.derivedSpans || undefined,
    step_cost: step.costUsd ?? undefined,
    started_at: step.startedAt.toISOString(),
    ended_at: step.endedAt.toISOString(),
    d_model: totals.modelCalls ?? 0,
    d_tool: totals.toolCalls ?? 0,
    d_in: totals.inputTokens ?? 0,
    d_cached: totals.cachedInputTokens ?? 0,
    d_out: totals.outputTokens ?? 0,
    d_reasoning: totals.reasoningTokens ?? 0,
    d_cost: totals.costUsd ?? 0,
    d_security:
      step.kind === "tool" && isSecurityAttempt((step.payload as ToolStepPayload).status) ? 1 : undefined,
    d_invalid:
      step.kind === "tool" && isInvalidCall((step.payload as ToolStepPayload).status) ? 1 : undefined,
    unpriced: totals.costUsd === null,
    end_status: ending?.status,
    end_reason: ending?.stopReason,
    end_output: ending?.output ?? undefined,
    end_error: ending?.error ?? undefined,
    end_attributes: ending
      ? {
          "flightdeck.run.status": ending.status,
          "flightdeck.stop_reason": ending.stopReason,
          ...(ending.aborted ? { "flightdeck.aborted": true } : {}),
        }
      : undefined,
    // A step's spans are its run's: the statement writes the run, tenant and trace ids once per step.
    spans: spans.stored.length === 0 ? undefined : spans.stored.map((span) => spanRecord(run, span)),
    turn_span: extendTurnSpan?.spanId,
    turn_end: extendTurnSpan?.end.toISOString(),
    run_span: ending ? runSpanId(run.traceId) : undefined,
    tenant_id: run.tenantId,
    trace_id: run.traceId,
    settle_day: settle?.day,
    settle_reserved: settle?.reservedUsd.toFixed(6),
    settle_spent: settle?.spentUsd.toFixed(6),
    settle_reserved_tokens: settle?.reservedTokens,
    settle_spent_tokens: settle?.spentTokens,
    receipt: receipt?.content,
    content_hash: receipt?.contentHash,
    receipt_kind: receipt ? ((step.payload as ToolStepPayload).preview ? "preview" : "action") : undefined,
    receipt_risk: receipt ? ((step.payload as ToolStepPayload).risk ?? undefined) : undefined,
  };
}
