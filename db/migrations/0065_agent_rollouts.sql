CREATE TABLE "rollout_shadows" (
	"live_run_id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"rollout_id" uuid NOT NULL,
	"live_version" integer NOT NULL,
	"candidate_version" integer NOT NULL,
	"shadow_run_id" uuid,
	"error" text,
	"same_outcome" boolean,
	"same_effects" boolean,
	"cost_delta_usd" numeric(14, 6),
	"compared_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "rollout" jsonb;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "rollout_role" text;--> statement-breakpoint
ALTER TABLE "rollout_shadows" ADD CONSTRAINT "rollout_shadows_live_run_id_runs_id_fk" FOREIGN KEY ("live_run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollout_shadows" ADD CONSTRAINT "rollout_shadows_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollout_shadows" ADD CONSTRAINT "rollout_shadows_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rollout_shadows_agent_idx" ON "rollout_shadows" USING btree ("tenant_id","agent_id","candidate_version");--> statement-breakpoint
CREATE INDEX "runs_agent_rollout_idx" ON "runs" USING btree ("agent_id","created_at") WHERE rollout_role is not null;--> statement-breakpoint
-- A rollback is news for the tenant's receivers; the subject is the rollout (an agent may be rolled
-- back more than once, each rollout once).
CREATE OR REPLACE FUNCTION webhooks_queue_rollout_rolled_back() RETURNS trigger AS $$
BEGIN
  INSERT INTO webhook_deliveries (tenant_id, endpoint_id, event, subject_id)
    SELECT NEW.tenant_id, e.id, 'rollout.rolled_back', (NEW.rollout->>'id')::uuid FROM webhook_endpoints e
    WHERE e.tenant_id = NEW.tenant_id AND 'rollout.rolled_back' = ANY (e.events)
    ON CONFLICT DO NOTHING;
  IF FOUND THEN PERFORM pg_notify('flightdeck_webhooks', NEW.tenant_id::text); END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER agents_webhook_rollout_rolled_back
  AFTER UPDATE OF rollout ON agents
  FOR EACH ROW
  WHEN (OLD.rollout->>'state' = 'active' AND NEW.rollout->>'state' = 'rolled_back')
  EXECUTE FUNCTION webhooks_queue_rollout_rolled_back();
