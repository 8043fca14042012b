DROP INDEX "runs_tenant_day_cost_idx";--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "settled_cost_usd" numeric(14, 6) GENERATED ALWAYS AS (case when status >= 'succeeded' then cost_usd end) STORED;--> statement-breakpoint
CREATE INDEX "runs_tenant_day_settled_cost_idx" ON "runs" USING btree ("tenant_id","created_at","agent_name","model","status","settled_cost_usd");