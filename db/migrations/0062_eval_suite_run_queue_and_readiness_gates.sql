CREATE TABLE "agent_readiness_gates" (
	"agent_id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"suite_id" uuid NOT NULL,
	"set_by" text NOT NULL,
	"set_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "eval_case_results" ADD COLUMN "agent_name" text;--> statement-breakpoint
ALTER TABLE "eval_case_results" ADD COLUMN "agent_version" integer;--> statement-breakpoint
ALTER TABLE "eval_case_results" ADD COLUMN "ended_at" timestamp (3) with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "eval_suite_runs" ADD COLUMN "status" text DEFAULT 'finished' NOT NULL;--> statement-breakpoint
ALTER TABLE "eval_suite_runs" ADD COLUMN "cases_total" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "eval_suite_runs" ADD COLUMN "agent_name" text;--> statement-breakpoint
ALTER TABLE "eval_suite_runs" ADD COLUMN "agent_version" integer;--> statement-breakpoint
ALTER TABLE "eval_suite_runs" ADD COLUMN "lease_owner" text;--> statement-breakpoint
ALTER TABLE "eval_suite_runs" ADD COLUMN "lease_expires_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "eval_suite_runs" ADD COLUMN "fencing_token" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "eval_suite_runs" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "eval_suite_runs" ADD COLUMN "finished_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "eval_suite_runs" ADD COLUMN "error" text;--> statement-breakpoint
ALTER TABLE "agent_readiness_gates" ADD CONSTRAINT "agent_readiness_gates_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_readiness_gates" ADD CONSTRAINT "agent_readiness_gates_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_readiness_gates" ADD CONSTRAINT "agent_readiness_gates_suite_id_eval_suites_id_fk" FOREIGN KEY ("suite_id") REFERENCES "public"."eval_suites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "eval_suite_runs_pending_idx" ON "eval_suite_runs" USING btree ("status","created_at") WHERE status in ('queued', 'running');