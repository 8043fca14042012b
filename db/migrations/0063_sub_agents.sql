ALTER TYPE "public"."run_status" ADD VALUE 'waiting_child' BEFORE 'paused';--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "parent_run_id" uuid;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "parent_seq" integer;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "ancestor_run_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "runs_parent_step_idx" ON "runs" USING btree ("parent_run_id","parent_seq") WHERE parent_run_id is not null;--> statement-breakpoint
CREATE INDEX "runs_ancestors_idx" ON "runs" USING gin ("ancestor_run_ids");--> statement-breakpoint
-- Statuses compared as text: the enum changed in this transaction, and its values are only usable once it commits.
-- A child run's end queues its parent again, whatever ended it (its last step, a kill, recovery):
-- the parent resumes on any worker with the child's result. Only a parent still waiting moves.
CREATE OR REPLACE FUNCTION runs_child_ended() RETURNS trigger AS $$
BEGIN
  UPDATE runs SET status = 'queued'
    WHERE id = NEW.parent_run_id AND status = 'waiting_child';
  IF FOUND THEN
    PERFORM pg_notify('flightdeck_runs', NEW.parent_run_id::text);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER runs_child_ended AFTER UPDATE OF status ON runs
  FOR EACH ROW
  WHEN (NEW.parent_run_id IS NOT NULL
    AND NEW.status::text IN ('succeeded', 'unverified', 'failed', 'killed', 'stopped')
    AND OLD.status::text NOT IN ('succeeded', 'unverified', 'failed', 'killed', 'stopped'))
  EXECUTE FUNCTION runs_child_ended();
