ALTER TYPE "public"."run_status" ADD VALUE 'unverified' BEFORE 'failed';--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "dry_run" boolean DEFAULT true NOT NULL;--> statement-breakpoint
-- Agents that existed before dry-run mode were live: they stay live.
UPDATE "agents" SET "dry_run" = false;--> statement-breakpoint
ALTER TABLE "approvals" ADD COLUMN "kind" text DEFAULT 'approval' NOT NULL;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "kind" text DEFAULT 'action' NOT NULL;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "risk" text;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "undoes_receipt_id" bigint;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "promoted_from" uuid;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "outcome" text;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "outcome_note" text;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "outcome_by" text;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "outcome_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "receipts_undoes_key" ON "receipts" USING btree ("undoes_receipt_id");