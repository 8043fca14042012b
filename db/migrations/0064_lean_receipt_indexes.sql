DROP INDEX "unsealed_receipts_tenant_idx";--> statement-breakpoint
DROP INDEX "receipts_undoes_key";--> statement-breakpoint
ALTER TABLE "unsealed_receipts" DROP CONSTRAINT "unsealed_receipts_pkey";--> statement-breakpoint
ALTER TABLE "unsealed_receipts" ADD CONSTRAINT "unsealed_receipts_pkey" PRIMARY KEY("tenant_id","receipt_id");--> statement-breakpoint
CREATE UNIQUE INDEX "receipts_undoes_key" ON "receipts" USING btree ("undoes_receipt_id") WHERE undoes_receipt_id is not null;