CREATE TABLE "receipt_links" (
	"receipt_id" bigint PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"chain_seq" bigint NOT NULL,
	"prev_hash" text NOT NULL,
	"chain_hash" text NOT NULL,
	"sealed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unsealed_receipts" (
	"receipt_id" bigint PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL
);
--> statement-breakpoint
DROP INDEX "receipts_unsealed_idx";--> statement-breakpoint
DROP INDEX "receipts_tenant_chain_key";--> statement-breakpoint
CREATE UNIQUE INDEX "receipt_links_tenant_chain_key" ON "receipt_links" USING btree ("tenant_id","chain_seq");--> statement-breakpoint
CREATE INDEX "unsealed_receipts_tenant_idx" ON "unsealed_receipts" USING btree ("tenant_id","receipt_id");