CREATE TABLE "alert_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"agent_name" text,
	"metric" text NOT NULL,
	"threshold" numeric(14, 6) NOT NULL,
	"window_minutes" integer NOT NULL,
	"min_runs" integer DEFAULT 5 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"rule_id" uuid NOT NULL,
	"agent_name" text NOT NULL,
	"metric" text NOT NULL,
	"value" numeric(14, 6) NOT NULL,
	"threshold" numeric(14, 6) NOT NULL,
	"window_minutes" integer NOT NULL,
	"runs" integer NOT NULL,
	"raised_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cleared_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_rule_id_alert_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."alert_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_rules_tenant_idx" ON "alert_rules" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_open_key" ON "alerts" USING btree ("rule_id","agent_name") WHERE cleared_at is null;--> statement-breakpoint
CREATE INDEX "alerts_tenant_raised_idx" ON "alerts" USING btree ("tenant_id","raised_at" DESC NULLS LAST);--> statement-breakpoint
CREATE TRIGGER alerts_webhook_raised
  AFTER INSERT ON alerts
  FOR EACH ROW
  EXECUTE FUNCTION webhooks_queue_tenant_event('alert.raised');
