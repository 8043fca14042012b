CREATE TABLE "gate_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"tool_name" text NOT NULL,
	"args" jsonb NOT NULL,
	"reason" text,
	"status" text NOT NULL,
	"policy" jsonb,
	"message" text,
	"approval_id" uuid,
	"idempotency_key" text NOT NULL,
	"seq" integer,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "gate_calls" ADD CONSTRAINT "gate_calls_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gate_calls_run_idx" ON "gate_calls" USING btree ("run_id","created_at");