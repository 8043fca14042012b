-- Receipts written so far were hashed with JSON.stringify and sorted keys (format 1); new ones use RFC 8785 (format 2).
ALTER TABLE "receipts" ADD COLUMN "format" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "receipts" ALTER COLUMN "format" SET DEFAULT 2;
