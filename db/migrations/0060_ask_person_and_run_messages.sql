ALTER TYPE "public"."approval_status" ADD VALUE 'answered';--> statement-breakpoint
ALTER TYPE "public"."run_status" ADD VALUE 'waiting_input' BEFORE 'paused';--> statement-breakpoint
CREATE TABLE "run_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"body" text NOT NULL,
	"sent_by" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"delivered_seq" integer
);
--> statement-breakpoint
ALTER TABLE "approvals" ADD COLUMN "answer" text;--> statement-breakpoint
ALTER TABLE "run_messages" ADD CONSTRAINT "run_messages_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_messages" ADD CONSTRAINT "run_messages_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "run_messages_run_idx" ON "run_messages" USING btree ("run_id","created_at");--> statement-breakpoint
CREATE INDEX "run_messages_undelivered_idx" ON "run_messages" USING btree ("run_id") WHERE delivered_seq is null;