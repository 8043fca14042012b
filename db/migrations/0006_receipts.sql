CREATE TABLE "receipts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "receipts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tenant_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"tool" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"content" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"prev_hash" text,
	"chain_hash" text,
	"chain_seq" bigint,
	"sealed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "receipts_tenant_id_idx" ON "receipts" USING btree ("tenant_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "receipts_tenant_chain_key" ON "receipts" USING btree ("tenant_id","chain_seq");