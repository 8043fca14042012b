DROP INDEX "runs_claimable_idx";--> statement-breakpoint
CREATE INDEX "runs_queued_idx" ON "runs" USING btree ("created_at") WHERE status = 'queued';--> statement-breakpoint
CREATE INDEX "runs_lease_expiry_idx" ON "runs" USING btree ("lease_expires_at") WHERE status = 'running';