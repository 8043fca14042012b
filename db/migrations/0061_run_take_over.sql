ALTER TYPE "public"."kill_scope" ADD VALUE 'run_pause';--> statement-breakpoint
ALTER TYPE "public"."stop_reason" ADD VALUE 'finished_by_operator' BEFORE 'reported_error';--> statement-breakpoint
-- An operator taking a run over is not news for the receivers, as a run's own stop is not.
DROP TRIGGER kill_switches_webhook_engaged ON kill_switches;
--> statement-breakpoint
CREATE TRIGGER kill_switches_webhook_engaged
  AFTER INSERT ON kill_switches
  FOR EACH ROW
  WHEN (NEW.scope::text NOT IN ('run', 'run_pause'))
  EXECUTE FUNCTION webhooks_queue_kill_switch_engaged();
