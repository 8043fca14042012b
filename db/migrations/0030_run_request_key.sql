ALTER TABLE "idempotency_keys" ADD COLUMN "claim_id" uuid DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "request_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "runs_tenant_request_key_idx" ON "runs" USING btree ("tenant_id","request_key") WHERE request_key is not null;