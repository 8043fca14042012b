CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"endpoint_id" uuid NOT NULL,
	"event" text NOT NULL,
	"subject_id" uuid,
	"payload" jsonb,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_status" integer,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"url" text NOT NULL,
	"events" text[] NOT NULL,
	"secret" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_endpoint_id_webhook_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."webhook_endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("next_attempt_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "webhook_deliveries_endpoint_idx" ON "webhook_deliveries" USING btree ("endpoint_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_deliveries_event_idx" ON "webhook_deliveries" USING btree ("endpoint_id","event","subject_id") WHERE subject_id is not null;--> statement-breakpoint
CREATE INDEX "webhook_endpoints_tenant_idx" ON "webhook_endpoints" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "gate_calls_approval_idx" ON "gate_calls" USING btree ("approval_id") WHERE "gate_calls"."approval_id" is not null;--> statement-breakpoint
-- Events are queued in the transaction that makes them happen, whatever code path that is. Statuses
-- are compared as text: a fresh database adds enum values in this same transaction.
CREATE OR REPLACE FUNCTION webhooks_queue_run_ended() RETURNS trigger AS $$
BEGIN
  INSERT INTO webhook_deliveries (tenant_id, endpoint_id, event, subject_id)
    SELECT NEW.tenant_id, e.id, 'run.ended', NEW.id FROM webhook_endpoints e
    WHERE e.tenant_id = NEW.tenant_id AND 'run.ended' = ANY (e.events)
    ON CONFLICT DO NOTHING;
  IF FOUND THEN PERFORM pg_notify('flightdeck_webhooks', NEW.tenant_id::text); END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER runs_webhook_run_ended
  AFTER UPDATE OF status ON runs
  FOR EACH ROW
  WHEN (NEW.status::text IN ('succeeded', 'unverified', 'failed', 'killed', 'stopped') AND OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION webhooks_queue_run_ended();
--> statement-breakpoint
CREATE TRIGGER runs_webhook_run_inserted_ended
  AFTER INSERT ON runs
  FOR EACH ROW
  WHEN (NEW.status::text IN ('succeeded', 'unverified', 'failed', 'killed', 'stopped'))
  EXECUTE FUNCTION webhooks_queue_run_ended();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION webhooks_queue_gate_call_decided() RETURNS trigger AS $$
BEGIN
  INSERT INTO webhook_deliveries (tenant_id, endpoint_id, event, subject_id)
    SELECT c.tenant_id, e.id, 'gate.call.decided', c.id
    FROM gate_calls c JOIN webhook_endpoints e ON e.tenant_id = c.tenant_id
    WHERE c.approval_id = NEW.id AND 'gate.call.decided' = ANY (e.events)
    ON CONFLICT DO NOTHING;
  IF FOUND THEN PERFORM pg_notify('flightdeck_webhooks', NEW.tenant_id::text); END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER approvals_webhook_gate_call_decided
  AFTER UPDATE OF status ON approvals
  FOR EACH ROW
  WHEN (OLD.status::text = 'pending' AND NEW.status::text <> 'pending')
  EXECUTE FUNCTION webhooks_queue_gate_call_decided();
