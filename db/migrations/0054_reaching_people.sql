ALTER TABLE "approvals" ADD COLUMN "escalated_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "approval_escalation_minutes" integer;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD COLUMN "format" text DEFAULT 'flightdeck' NOT NULL;--> statement-breakpoint
-- Like run.ended, these events are queued in the transaction that makes them happen: the event named
-- by the trigger, about the inserted or updated row of a tenant.
CREATE OR REPLACE FUNCTION webhooks_queue_tenant_event() RETURNS trigger AS $$
DECLARE
  event_name text := TG_ARGV[0];
BEGIN
  INSERT INTO webhook_deliveries (tenant_id, endpoint_id, event, subject_id)
    SELECT NEW.tenant_id, e.id, event_name, NEW.id FROM webhook_endpoints e
    WHERE e.tenant_id = NEW.tenant_id AND event_name = ANY (e.events)
    ON CONFLICT DO NOTHING;
  IF FOUND THEN PERFORM pg_notify('flightdeck_webhooks', NEW.tenant_id::text); END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER approvals_webhook_requested
  AFTER INSERT ON approvals
  FOR EACH ROW
  WHEN (NEW.status::text = 'pending')
  EXECUTE FUNCTION webhooks_queue_tenant_event('approval.requested');
--> statement-breakpoint
CREATE TRIGGER approvals_webhook_escalated
  AFTER UPDATE OF escalated_at ON approvals
  FOR EACH ROW
  WHEN (OLD.escalated_at IS NULL AND NEW.escalated_at IS NOT NULL)
  EXECUTE FUNCTION webhooks_queue_tenant_event('approval.escalated');
--> statement-breakpoint
-- A run's own kill ends it (run.ended says so); an agent's, a tenant's or the deployment's switch is news
-- of its own. The deployment's reaches every tenant's receivers.
CREATE OR REPLACE FUNCTION webhooks_queue_kill_switch_engaged() RETURNS trigger AS $$
BEGIN
  INSERT INTO webhook_deliveries (tenant_id, endpoint_id, event, subject_id)
    SELECT e.tenant_id, e.id, 'kill_switch.engaged', NEW.id FROM webhook_endpoints e
    WHERE (NEW.tenant_id IS NULL OR e.tenant_id = NEW.tenant_id) AND 'kill_switch.engaged' = ANY (e.events)
    ON CONFLICT DO NOTHING;
  IF FOUND THEN PERFORM pg_notify('flightdeck_webhooks', coalesce(NEW.tenant_id::text, 'all')); END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER kill_switches_webhook_engaged
  AFTER INSERT ON kill_switches
  FOR EACH ROW
  WHEN (NEW.scope::text <> 'run')
  EXECUTE FUNCTION webhooks_queue_kill_switch_engaged();
