CREATE INDEX "audit_log_tenant_actor_idx" ON "audit_log" USING btree ("tenant_id","actor_label");--> statement-breakpoint
CREATE INDEX "audit_log_tenant_target_idx" ON "audit_log" USING btree ("tenant_id","target_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_tenant_run_idx" ON "audit_log" USING btree ("tenant_id",("details"->>'run_id'));