DROP INDEX "approvals_run_call_key";--> statement-breakpoint
CREATE UNIQUE INDEX "approvals_run_call_kind_key" ON "approvals" USING btree ("run_id","tool_call_id","kind");