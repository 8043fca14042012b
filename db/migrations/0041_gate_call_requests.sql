ALTER TABLE "gate_calls" ADD COLUMN "request_key" text;--> statement-breakpoint
ALTER TABLE "gate_calls" ADD COLUMN "request_hash" text;--> statement-breakpoint
ALTER TABLE "gate_calls" ADD COLUMN "answer" jsonb;--> statement-breakpoint
ALTER TABLE "gate_calls" ADD COLUMN "result_hash" text;--> statement-breakpoint
CREATE UNIQUE INDEX "gate_calls_request_key_idx" ON "gate_calls" USING btree ("run_id","request_key") WHERE "gate_calls"."request_key" is not null;