import type postgres from "postgres";
import { DEMO_AGENTS } from "@/lib/demo/seed-agents";

/**
 * Bulk load for the dashboards at scale: realistic runs with their steps, spans, receipts and
 * approvals, generated inside PostgreSQL (`insert … select generate_series`), one transaction per
 * batch. The rows have the shape the engine writes (lib/telemetry/spans.ts, policy-gate.ts,
 * step-batch.ts), into a tenant of their own so no other tenant's receipt chain is touched.
 */
export type LoadOptions = {
  runs: number;
  tenantName?: string;
  days?: number;
  batchSize?: number;
  log?: (line: string) => void;
};

export type LoadResult = {
  tenantId: string;
  runs: number;
  steps: number;
  spans: number;
  receipts: number;
  approvals: number;
  seconds: number;
  runsPerSecond: number;
  rowsPerSecond: number;
};

// Each agent's tool sequence: the n-th tool call of a run uses the n-th tool (cycling).
const TOOL_SEQUENCES: Record<string, string[]> = {
  "support-triage": ["get_ticket", "get_order", "search_kb", "issue_refund", "send_email", "update_ticket"],
  "ops-health": ["http_request", "run_command", "run_command", "write_file", "run_command", "http_request"],
};
const WRITE_TOOLS = ["issue_refund", "send_email", "update_ticket", "write_file"];

// Model mix, cumulative weights; the last one has no price: its runs are unpriced (cost null).
const MODELS: [string, number][] = [
  ["sim:default", 0.3],
  ["openai:gpt-5-mini", 0.55],
  ["openai:gpt-4.1-mini", 0.65],
  ["openai:gpt-5", 0.73],
  ["anthropic:claude-sonnet-4-5", 0.85],
  ["anthropic:claude-haiku-4-5", 0.97],
  ["compat:llama3.1", 1],
];

export async function ensureLoadTenant(sql: postgres.Sql, name: string): Promise<string> {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const [tenant] = await sql<{ id: string }[]>`
    insert into tenants (slug, name) values (${slug}, ${name})
    on conflict (slug) do update set name = tenants.name returning id`;
  if (!tenant) throw new Error("The load tenant could not be created.");
  for (const agent of DEMO_AGENTS) {
    await sql`
      insert into agents (tenant_id, name, description, model, instructions, tools, dry_run)
      values (${tenant.id}, ${agent.name}, ${agent.description ?? ""}, ${agent.model}, ${agent.instructions},
        ${JSON.stringify(agent.tools ?? [])}::jsonb, false)
      on conflict (tenant_id, name) do nothing`;
  }
  // The demo tenant's people may look at it with the role they hold there.
  await sql`
    insert into memberships (tenant_id, user_id, role)
    select ${tenant.id}, m.user_id, m.role from memberships m join tenants t on t.id = m.tenant_id
    where t.slug = 'acme-support'
    on conflict do nothing`;
  return tenant.id;
}

/** The SQL that turns the batch parameters into temp tables of runs and steps. */
function stageSql(tenantId: string, days: number, from: number, to: number, bigTrace = false) {
  const modelCase = MODELS.map(([model, upTo]) => `when u_model < ${upTo} then '${model}'`).join(" ");
  const agentTools = Object.entries(TOOL_SEQUENCES)
    .map(([agent, tools]) => `when '${agent}' then array[${tools.map((t) => `'${t}'`).join(",")}]`)
    .join(" ");
  return `
    create temp table lt_runs on commit drop as
    select g, gen_random_uuid() as id, gen_random_uuid() as approval_id, md5(g::text || clock_timestamp()::text || random()::text) as trace_id,
      a.id as agent_id, a.name as agent_name, a.version as agent_version, a.tools as agent_tools,
      m.model, st.status::run_status as status, st.stop_reason::stop_reason as stop_reason,
      -- 8 to 12 steps; a run that ends with an answer ends on a model step (odd count).
      st.nsteps, date_trunc('milliseconds', now() - (u_age * interval '${days} days')) as created_at,
      u_approval
    from (
      select g, random() as u_agent, random() as u_model, random() as u_status, random() as u_steps,
        random() as u_age, random() as u_approval
      from generate_series(${Math.floor(from)}, ${Math.floor(to)}) g
    ) u
    cross join lateral (
      select * from agents where tenant_id = '${tenantId}' and name in (${Object.keys(TOOL_SEQUENCES)
        .map((a) => `'${a}'`)
        .join(",")})
      order by name desc offset (case when u_agent < 0.65 then 0 else 1 end) limit 1
    ) a
    cross join lateral (select case ${modelCase} end as model) m
    cross join lateral (
      select s.status, s.stop_reason,
        case when s.ends_on_answer then 9 + 2 * floor(u_steps * 2)::int else 8 + 2 * floor(u_steps * 3)::int end as nsteps
      from (select
        case when u_status < 0.82 then 'succeeded' when u_status < 0.88 then 'failed'
          when u_status < 0.92 then 'stopped' when u_status < 0.935 then 'killed'
          when u_status < 0.97 then 'unverified' when u_status < 0.985 then 'waiting_approval'
          else 'stopped' end as status,
        case when u_status < 0.82 then 'completed'
          when u_status < 0.88 then (case when u_steps < 0.5 then 'tool_failed' else 'model_failed' end)
          when u_status < 0.92 then (case when u_steps < 0.4 then 'budget_steps' when u_steps < 0.7 then 'budget_cost' else 'loop_detected' end)
          when u_status < 0.935 then 'killed' when u_status < 0.97 then 'completed'
          when u_status < 0.985 then null else 'approval_rejected' end as stop_reason,
        u_status < 0.82 or (u_status >= 0.935 and u_status < 0.97) as ends_on_answer) s
    ) st;
    ${bigTrace ? BIG_TRACE_SQL(tenantId) : ""}

    create temp table lt_steps on commit drop as
    with raw as (
      select r.g, r.id as run_id, r.trace_id, r.agent_name, r.model, r.status, r.created_at, r.nsteps, s.seq,
        (s.seq + 1) / 2 as turn, case when s.seq % 2 = 1 then 'model' else 'tool' end::step_kind as kind,
        (case r.agent_name ${agentTools} end)[((s.seq / 2 - 1 + 6) % 6) + 1] as step_tool,
        (case r.agent_name ${agentTools} end)[(((s.seq + 1) / 2 - 1) % 6) + 1] as proposed_tool,
        random() as u1, random() as u2
      from lt_runs r cross join lateral generate_series(1, r.nsteps) s(seq)
    ), timed as (
      select raw.*,
        case when kind = 'model' then 1200 + turn * 650 + floor(u1 * 900)::int else 0 end as input_tokens,
        case when kind = 'model' and turn > 1 then 600 + turn * 500 else 0 end as cached_tokens,
        case when kind = 'model' then 60 + floor(u2 * 340)::int else 0 end as output_tokens,
        case when kind = 'model' and model like 'openai:gpt-5%' then floor(u2 * 200)::int else 0 end as reasoning_tokens,
        (case when kind = 'model' then 350 + u1 * 2600 else 15 + u2 * 700 end) * interval '1 millisecond' as duration,
        case when kind = 'tool' and seq = nsteps and status in ('failed', 'stopped') then 'error' else 'ok' end as tool_status
      from raw
    )
    select timed.*,
      date_trunc('milliseconds', created_at + interval '300 milliseconds'
        + coalesce(sum(duration) over (partition by run_id order by seq rows between unbounded preceding and 1 preceding), interval '0')) as started_at,
      date_trunc('milliseconds', created_at + interval '300 milliseconds'
        + sum(duration) over (partition by run_id order by seq)) as ended_at,
      case when kind = 'model' and p.model is not null then round(((greatest(0, input_tokens - cached_tokens) * p.input_per_mtok
        + cached_tokens * p.cached_input_per_mtok + (output_tokens - reasoning_tokens) * p.output_per_mtok
        + reasoning_tokens * coalesce(p.reasoning_per_mtok, p.output_per_mtok)) / 1000000)::numeric, 6) end as cost_usd,
      p.model is null and kind = 'model' as unpriced
    from timed left join lateral (
      select * from model_prices mp where mp.model = timed.model and mp.effective_from <= timed.created_at::date
        and mp.tenant_id is null -- list prices: another tenant's corrections are not the load tenant's
      order by mp.effective_from desc limit 1
    ) p on true;
  `;
}

// One run of 5,001 steps (2,501 turns): 10,003 spans, the run page's worst case.
const BIG_TRACE_SQL = (tenantId: string) => `
  update lt_runs set nsteps = 5001, status = 'succeeded', stop_reason = 'completed', created_at = date_trunc('milliseconds', now() - interval '1 hour'),
    agent_id = a.id, agent_name = a.name, agent_version = a.version, agent_tools = a.tools
  from agents a where a.tenant_id = '${tenantId}' and a.name = 'ops-health';
`;

// The settings a load-test run starts with (one row per agent in agent_snapshots) and its hash, as
// startRun stores them.
const SNAPSHOT_SQL = `jsonb_build_object('instructions', '(load test)', 'tools', r.agent_tools, 'maxSteps', 30,
  'maxSeconds', 300, 'onReject', 'continue', 'dryRun', false)`;
const SNAPSHOT_HASH_SQL = `encode(sha256(convert_to((${SNAPSHOT_SQL})::text, 'UTF8')), 'hex')`;

const INSERT_SQL = (tenantId: string, writeTools: string) => `
  insert into agent_snapshots (tenant_id, hash, snapshot)
  select distinct '${tenantId}'::uuid, ${SNAPSHOT_HASH_SQL}, ${SNAPSHOT_SQL} from lt_runs r
  on conflict do nothing;

  insert into runs (id, tenant_id, agent_id, agent_name, agent_version, agent_snapshot_hash, model, input, status,
    stop_reason, output, error, last_seq, model_calls, tool_calls, input_tokens, cached_input_tokens,
    output_tokens, reasoning_tokens, cost_usd, trace_id, approval, created_by, created_at, started_at, ended_at)
  select r.id, '${tenantId}'::uuid, r.agent_id, r.agent_name, r.agent_version, ${SNAPSHOT_HASH_SQL},
    r.model, 'Load test run #' || r.g, r.status, r.stop_reason,
    case when r.status in ('succeeded', 'unverified') then 'Done: handled request #' || r.g end,
    case when r.status = 'failed' then 'The tool reported an error.' end,
    a.last_seq, a.model_calls, a.tool_calls, a.input_tokens, a.cached_tokens, a.output_tokens, a.reasoning_tokens,
    case when a.unpriced then null else a.cost end, r.trace_id,
    case when r.status = 'waiting_approval' then jsonb_build_object('approvalId', r.approval_id, 'toolCallId',
      'call_' || (a.last_seq + 1), 'status', 'pending', 'parkedAt', to_char(a.ended_at at time zone 'UTC',
      'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'kind', 'approval') end,
    'load@flightdeck.test', r.created_at, r.created_at + interval '300 milliseconds',
    case when r.status <> 'waiting_approval' then a.ended_at end
  from lt_runs r
  join (select run_id, max(seq) as last_seq, count(*) filter (where kind = 'model')::int as model_calls,
      count(*) filter (where kind = 'tool')::int as tool_calls, sum(input_tokens)::int as input_tokens,
      sum(cached_tokens)::int as cached_tokens, sum(output_tokens)::int as output_tokens,
      sum(reasoning_tokens)::int as reasoning_tokens, coalesce(sum(cost_usd), 0) as cost, bool_or(unpriced) as unpriced,
      max(ended_at) as ended_at
    from lt_steps group by run_id) a on a.run_id = r.id;

  insert into run_steps (run_id, seq, turn, kind, payload, cost_usd, started_at, ended_at)
  select run_id, seq, turn, kind,
    case when kind = 'model' then jsonb_build_object(
      'text', case when seq = nsteps then 'Resolved: see the summary above.' else '' end,
      'toolCalls', case when seq < nsteps or status = 'waiting_approval' then jsonb_build_array(jsonb_build_object(
        'toolCallId', 'call_' || (seq + 1), 'toolName', proposed_tool, 'input', jsonb_build_object('ref', 'T-' || g))) else '[]'::jsonb end,
      'finishReason', case when seq < nsteps then 'tool-calls' else 'stop' end,
      'usage', jsonb_build_object('inputTokens', input_tokens, 'cachedInputTokens', cached_tokens,
        'outputTokens', output_tokens, 'reasoningTokens', reasoning_tokens),
      'costUsd', cost_usd)
    else jsonb_build_object('toolCallId', 'call_' || seq, 'toolName', step_tool, 'args', jsonb_build_object('ref', 'T-' || g),
      'status', tool_status, 'result', case when tool_status = 'ok' then jsonb_build_object('ok', true) else to_jsonb('Upstream error'::text) end,
      'receipt', case when tool_status = 'ok' and step_tool in (${writeTools}) then jsonb_build_object('reference', step_tool || '-' || g || '-' || seq) end,
      'idempotencyKey', run_id || ':' || turn || ':call_' || seq,
      'risk', case when step_tool in (${writeTools}) then 'write' else 'read' end,
      'policy', jsonb_build_object('effect', 'allow', 'policyIds', jsonb_build_array('default'), 'version', 1,
        'message', '', 'resource', step_tool, 'facts', '{}'::jsonb, 'provenance', '{}'::jsonb, 'ms', 0.2))
    end, cost_usd, started_at, ended_at
  from lt_steps;

  insert into spans (span_id, trace_id, parent_span_id, run_id, tenant_id, name, seq, start_time, end_time, status, attributes)
  select left(r.trace_id, 16), r.trace_id, null::text, r.id, '${tenantId}'::uuid, 'invoke_agent ' || r.agent_name, null::int,
    r.created_at + interval '300 milliseconds', case when r.status <> 'waiting_approval' then e.ended_at end,
    case when r.status = 'succeeded' then 'ok' when r.status in ('failed', 'killed', 'stopped') then 'error' else 'unset' end::span_status,
    jsonb_build_object('gen_ai.operation.name', 'invoke_agent', 'gen_ai.agent.name', r.agent_name, 'gen_ai.request.model', r.model)
  from lt_runs r join (select run_id, max(ended_at) as ended_at from lt_steps group by run_id) e on e.run_id = r.id
  union all
  select lpad(to_hex(('x' || right(trace_id, 16))::bit(64)::bigint # turn), 16, '0'), trace_id, left(trace_id, 16),
    run_id, '${tenantId}'::uuid, 'step ' || turn, null::int, min(started_at), max(ended_at), 'ok',
    jsonb_build_object('flightdeck.turn', turn)
  from lt_steps group by run_id, trace_id, turn
  union all
  select left(md5(run_id::text || ':' || seq), 16), trace_id, lpad(to_hex(('x' || right(trace_id, 16))::bit(64)::bigint # turn), 16, '0'),
    run_id, '${tenantId}',
    case when kind = 'model' then 'chat ' || split_part(model, ':', 2) else 'execute_tool ' || step_tool end, seq,
    started_at, ended_at, case when tool_status = 'ok' then 'ok' else 'error' end::span_status,
    case when kind = 'model' then jsonb_build_object('gen_ai.operation.name', 'chat',
      'gen_ai.provider.name', case split_part(model, ':', 1) when 'openai' then 'openai' when 'anthropic' then 'anthropic' else split_part(model, ':', 1) end,
      'gen_ai.request.model', split_part(model, ':', 2), 'gen_ai.usage.input_tokens', input_tokens,
      'gen_ai.usage.output_tokens', output_tokens, 'gen_ai.usage.cache_read.input_tokens', cached_tokens,
      'gen_ai.usage.reasoning.output_tokens', reasoning_tokens,
      'gen_ai.response.finish_reasons', case when seq < nsteps then 'tool-calls' else 'stop' end, 'flightdeck.attempts', 1)
      || case when cost_usd is null then jsonb_build_object('flightdeck.cost.unpriced', true) else jsonb_build_object('flightdeck.cost_usd', cost_usd) end
    else jsonb_build_object('gen_ai.operation.name', 'execute_tool', 'gen_ai.tool.name', step_tool,
      'gen_ai.tool.call.id', 'call_' || seq, 'flightdeck.tool.status', tool_status, 'flightdeck.attempts', 1) end
  from lt_steps
  union all
  select left(md5(run_id::text || ':p' || seq), 16), trace_id, lpad(to_hex(('x' || right(trace_id, 16))::bit(64)::bigint # turn), 16, '0'),
    run_id, '${tenantId}'::uuid, 'policy ' || step_tool, seq, started_at, started_at, 'ok',
    jsonb_build_object('flightdeck.operation.name', 'policy_decision', 'gen_ai.tool.name', step_tool,
      'flightdeck.policy.decision', 'allow', 'flightdeck.policy.ids', 'default', 'flightdeck.policy.version', 1)
  from lt_steps where kind = 'tool';

  -- Approvals: some refunds and file writes were approved (or rejected) by a person; waiting runs have one pending.
  insert into approvals (id, tenant_id, run_id, agent_name, seq, tool_call_id, tool_name, risk, args, provenance,
    policy_ids, policy_version, reason, status, expires_at, created_at, decided_at, decided_by)
  select gen_random_uuid(), '${tenantId}'::uuid, s.run_id, s.agent_name, s.seq, 'call_' || s.seq, s.step_tool, 'write',
    jsonb_build_object('ref', 'T-' || s.g), '{}'::jsonb, '["default"]'::jsonb, 1, 'Within policy.',
    case when r.u_approval < 0.9 then 'approved' else 'rejected' end::approval_status,
    s.started_at + interval '1 day', s.started_at - interval '2 minutes', s.started_at, 'operator@acme.test'
  from lt_steps s join lt_runs r on r.id = s.run_id
  where s.kind = 'tool' and s.step_tool in ('issue_refund', 'write_file') and r.u_approval < 0.3
  union all
  select (x.approval->>'approvalId')::uuid, '${tenantId}'::uuid, x.id, x.agent_name, x.last_seq + 1, x.approval->>'toolCallId',
    'issue_refund', 'write', '{}'::jsonb, '{}'::jsonb, '["default"]'::jsonb, 1, 'Refund above the limit.', 'pending',
    greatest(x.created_at, now()) + interval '3 days', x.created_at + interval '1 minute', null, null
  from runs x join lt_runs r on r.id = x.id where x.status = 'waiting_approval';
`;

// Receipts: one per write tool call that succeeded, sealed into the tenant's chain in the same
// transaction (content hash over the canonical JSON text, as lib/receipts/canonical.ts makes it with lib/canonical-json.ts).
const RECEIPTS_SQL = (tenantId: string, writeTools: string) => `
  create temp table lt_receipts on commit drop as
  select row_number() over (order by s.g, s.seq) as ord, s.run_id, s.seq, s.step_tool, s.turn, s.started_at, s.ended_at, c.text,
    encode(sha256(convert_to(c.text, 'UTF8')), 'hex') as content_hash, null::text as prev_hash, null::text as chain_hash,
    null::bigint as chain_seq
  from lt_steps s cross join lateral (select
    '{"argsHash":' || to_json(md5('{"ref":"T-' || s.g || '"}'))::text
    || ',"endedAt":' || to_json(to_char(s.ended_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text
    || ',"idempotencyKey":' || to_json(s.run_id || ':' || s.turn || ':call_' || s.seq)::text
    || ',"receipt":{"reference":' || to_json(s.step_tool || '-' || s.g || '-' || s.seq)::text || '}'
    || ',"runId":' || to_json(s.run_id::text)::text || ',"seq":' || s.seq
    || ',"startedAt":' || to_json(to_char(s.started_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text
    || ',"tenantId":"${tenantId}","tool":' || to_json(s.step_tool)::text
    || ',"toolCallId":' || to_json('call_' || s.seq)::text || '}' as text) c
  where s.kind = 'tool' and s.tool_status = 'ok' and s.step_tool in (${writeTools});

  do $$
  declare
    prev text; n bigint; r record;
    ords bigint[] := '{}'; prevs text[] := '{}'; chains text[] := '{}'; seqs bigint[] := '{}';
  begin
    perform pg_advisory_xact_lock(hashtext('flightdeck-load-chain'));
    select chain_hash, chain_seq into prev, n from receipt_links
      where tenant_id = '${tenantId}' order by chain_seq desc limit 1;
    prev := coalesce(prev, repeat('0', 64)); n := coalesce(n, 0);
    for r in select ord, content_hash from lt_receipts order by ord loop
      n := n + 1;
      ords := ords || r.ord; prevs := prevs || prev; seqs := seqs || n;
      prev := encode(sha256(convert_to(prev || r.content_hash, 'UTF8')), 'hex');
      chains := chains || prev;
    end loop;
    update lt_receipts l set prev_hash = u.p, chain_hash = u.c, chain_seq = u.n
      from unnest(ords, prevs, chains, seqs) as u(o, p, c, n) where l.ord = u.o;
  end $$;

  with inserted as (
    insert into receipts (tenant_id, run_id, seq, tool, idempotency_key, content, content_hash, kind, risk, created_at)
    select '${tenantId}', run_id, seq, step_tool, run_id || ':' || turn || ':call_' || seq, text::jsonb, content_hash,
      'action', 'write', ended_at
    from lt_receipts order by ord
    returning id, run_id, seq)
  insert into receipt_links (receipt_id, tenant_id, chain_seq, chain_hash, sealed_at)
  select i.id, '${tenantId}', l.chain_seq, l.chain_hash, l.ended_at
  from inserted i join lt_receipts l on l.run_id = i.run_id and l.seq = i.seq;

  delete from unsealed_receipts u using receipt_links k
  where k.receipt_id = u.receipt_id and u.tenant_id = '${tenantId}';
`;

async function countBatch(tx: postgres.TransactionSql) {
  const [c] = await tx<{ steps: number; spans: number; receipts: number; approvals: number }[]>`
    select (select count(*)::int from lt_steps) as steps,
      (select count(*)::int from lt_runs) + (select count(*)::int from lt_steps)
        + (select count(*)::int from (select distinct run_id, turn from lt_steps) t)
        + (select count(*)::int from lt_steps where kind = 'tool') as spans,
      (select count(*)::int from lt_receipts) as receipts,
      (select count(*)::int from approvals a join lt_runs r on r.id = a.run_id) as approvals`;
  return c ?? { steps: 0, spans: 0, receipts: 0, approvals: 0 };
}

async function loadBatch(
  sql: postgres.Sql,
  tenantId: string,
  days: number,
  from: number,
  to: number,
  bigTrace = false,
) {
  const writeTools = WRITE_TOOLS.map((t) => `'${t}'`).join(",");
  return sql.begin(async (tx) => {
    // Durable at the end like any commit; only the wait for each batch's WAL flush is skipped.
    await tx.unsafe("set local synchronous_commit = off");
    await tx.unsafe(stageSql(tenantId, days, from, to, bigTrace));
    await tx.unsafe(INSERT_SQL(tenantId, writeTools));
    await tx.unsafe(RECEIPTS_SQL(tenantId, writeTools));
    return countBatch(tx);
  });
}

/** Adds the load tenant's 10,003-span run (5,001 steps) and returns its id. */
export async function seedBigTrace(
  sql: postgres.Sql,
  tenantId: string,
): Promise<{ runId: string; spans: number }> {
  const [{ next } = { next: 1 }] = await sql<{ next: number }[]>`
    select count(*)::int + 1 as next from runs where tenant_id = ${tenantId}`;
  await loadBatch(sql, tenantId, 1, next, next, true);
  const [row] = await sql<{ id: string; spans: number }[]>`
    select r.id, (select count(*)::int from spans s where s.run_id = r.id) as spans
    from runs r where r.tenant_id = ${tenantId} and r.input = ${`Load test run #${next}`}`;
  if (!row) throw new Error("The large trace was not created.");
  return { runId: row.id, spans: row.spans };
}

export async function seedLoad(sql: postgres.Sql, options: LoadOptions): Promise<LoadResult> {
  const log = options.log ?? console.log;
  const days = Math.max(1, Math.floor(options.days ?? 90));
  const batchSize = options.batchSize ?? 10_000;
  const tenantId = await ensureLoadTenant(sql, options.tenantName ?? "Load test");
  if (!/^[0-9a-f-]{36}$/.test(tenantId)) throw new Error("Unexpected tenant id.");
  const [{ offset } = { offset: 0 }] = await sql<{ offset: number }[]>`
    select count(*)::int as offset from runs where tenant_id = ${tenantId}`;
  const totals = { steps: 0, spans: 0, receipts: 0, approvals: 0 };
  const started = performance.now();
  for (let done = 0; done < options.runs; done += batchSize) {
    const from = offset + done + 1;
    const to = offset + Math.min(options.runs, done + batchSize);
    const c = await loadBatch(sql, tenantId, days, from, to);
    totals.steps += c.steps;
    totals.spans += c.spans;
    totals.receipts += c.receipts;
    totals.approvals += c.approvals;
    const seconds = (performance.now() - started) / 1000;
    const runs = Math.min(options.runs, done + batchSize);
    const rows = runs + totals.steps + totals.spans + totals.receipts + totals.approvals;
    log(
      `${runs.toLocaleString("en-US")} runs, ${totals.spans.toLocaleString("en-US")} spans · ` +
        `${Math.round(runs / seconds).toLocaleString("en-US")} runs/s, ${Math.round(rows / seconds).toLocaleString("en-US")} rows/s`,
    );
  }
  await sql`analyze runs`;
  await sql`analyze run_steps`;
  await sql`analyze spans`;
  const seconds = (performance.now() - started) / 1000;
  const rows = options.runs + totals.steps + totals.spans + totals.receipts + totals.approvals;
  return {
    tenantId,
    runs: options.runs,
    ...totals,
    seconds,
    runsPerSecond: options.runs / seconds,
    rowsPerSecond: rows / seconds,
  };
}
