DROP INDEX "runs_ancestors_idx";--> statement-breakpoint
CREATE INDEX "runs_ancestors_idx" ON "runs" USING gin ("ancestor_run_ids") WHERE cardinality(ancestor_run_ids) > 0;