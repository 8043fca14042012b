CREATE TABLE "agent_versions" (
	"tenant_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agent_versions_agent_id_version_pk" PRIMARY KEY("agent_id","version")
);
--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "archived_by" text;--> statement-breakpoint
ALTER TABLE "agent_versions" ADD CONSTRAINT "agent_versions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_versions" ADD CONSTRAINT "agent_versions_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
INSERT INTO "agent_versions" ("tenant_id", "agent_id", "version", "definition", "comment", "created_by", "created_at")
SELECT "tenant_id", "id", "version",
  jsonb_build_object(
    'description', "description", 'model', "model", 'fallbackModel', "fallback_model",
    'instructions', "instructions", 'tools', "tools", 'requiredEvidence', "required_evidence",
    'onReject', "on_reject", 'dryRun', "dry_run", 'maxSteps', "max_steps", 'maxSeconds', "max_seconds",
    'maxToolCalls', "max_tool_calls", 'maxTokens', "max_tokens", 'maxCostUsd', "max_cost_usd"::float8),
  'The definition when versions began to be kept', 'Flightdeck', "updated_at"
FROM "agents";
