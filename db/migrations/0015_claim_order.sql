DROP INDEX "runs_claimable_idx";--> statement-breakpoint
CREATE INDEX "runs_claim_order_idx" ON "runs" USING btree ("created_at") WHERE status in ('queued', 'running');