ALTER TYPE "public"."stop_reason" ADD VALUE 'reported_error';--> statement-breakpoint
ALTER TYPE "public"."stop_reason" ADD VALUE 'trace_inactive';--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "purpose" text DEFAULT 'api' NOT NULL;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "source" text DEFAULT 'engine' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "runs_tenant_observed_trace_idx" ON "runs" USING btree ("tenant_id","trace_id") WHERE source = 'otlp';