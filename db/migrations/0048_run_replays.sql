ALTER TABLE "runs" ADD COLUMN "replay_of" uuid;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "replay" jsonb;--> statement-breakpoint
CREATE INDEX "runs_tenant_replay_of_idx" ON "runs" USING btree ("tenant_id","replay_of") WHERE replay_of is not null;