ALTER TABLE "agents" ADD COLUMN "remember_runs" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- A run's end leaves its summary in its agent's memory when the agent keeps them: the key
-- `last_run` (its session's item when the run has an external id, else the agent's own), a new
-- version each run so the history is the list of runs. Written in the transaction that ends the run,
-- whatever ends it (its answer, a budget, a kill, a person), so no end is missed or written twice.
-- Dry runs and replays leave none. The answer is a model's text: the item is marked untrusted.
CREATE OR REPLACE FUNCTION runs_remember_ended() RETURNS trigger AS $$
DECLARE
  effects jsonb;
  summary jsonb;
  origin jsonb;
  item record;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM agents WHERE id = NEW.agent_id AND remember_runs) THEN
    RETURN NULL;
  END IF;
  SELECT coalesce(jsonb_agg(jsonb_build_object('tool', e.tool, 'receipt', e.content->'receipt') ORDER BY e.seq), '[]'::jsonb)
    INTO effects
    FROM (SELECT tool, content, seq FROM receipts
          WHERE run_id = NEW.id AND kind = 'action' AND risk IN ('write', 'irreversible')
          ORDER BY seq LIMIT 20) e;
  summary := jsonb_build_object(
    'run_id', NEW.id,
    'status', NEW.status,
    'stop_reason', NEW.stop_reason,
    'goal', left(NEW.input, 1000),
    'answer', left(coalesce(NEW.output, NEW.error, ''), 4000),
    'ended_at', NEW.ended_at,
    'effects', effects);
  -- Memory holds at most 16 KiB of JSON: large receipts give way to the tools' names.
  IF octet_length(summary::text) > 15000 THEN
    summary := jsonb_set(summary, '{effects}',
      coalesce((SELECT jsonb_agg(jsonb_build_object('tool', x->>'tool')) FROM jsonb_array_elements(effects) x), '[]'::jsonb));
  END IF;
  origin := jsonb_build_object('kind', 'run', 'runId', NEW.id, 'seq', NEW.last_seq, 'toolCallId', '');
  INSERT INTO agent_memory AS m (tenant_id, agent_name, session_key, key, value, version, untrusted, source)
    VALUES (NEW.tenant_id, NEW.agent_name, coalesce(NEW.external_id, ''), 'last_run', summary, 1, true, origin)
    ON CONFLICT (tenant_id, agent_name, session_key, key) DO UPDATE
      SET value = excluded.value, version = m.version + 1, untrusted = true, source = excluded.source,
          updated_at = now(), deleted_at = null
    RETURNING m.id, m.version INTO item;
  INSERT INTO agent_memory_versions (item_id, tenant_id, version, value, untrusted, source, idempotency_key)
    VALUES (item.id, NEW.tenant_id, item.version, summary, true, origin, 'run-summary:' || NEW.id);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER runs_remember_ended AFTER UPDATE OF status ON runs
  FOR EACH ROW
  WHEN (NOT NEW.dry_run AND NEW.replay_of IS NULL
    AND NEW.status::text IN ('succeeded', 'unverified', 'failed', 'killed', 'stopped')
    AND OLD.status::text NOT IN ('succeeded', 'unverified', 'failed', 'killed', 'stopped'))
  EXECUTE FUNCTION runs_remember_ended();
