ALTER TABLE "demo_files" ADD COLUMN "written_by_agent" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Files an agent wrote before this column: their content matches the write's receipt.
UPDATE "demo_files" f SET "written_by_agent" = true WHERE EXISTS (
  SELECT 1 FROM "receipts" r
  WHERE r."tenant_id" = f."tenant_id" AND r."tool" = 'write_file' AND r."kind" = 'action'
    AND r."content"->'receipt'->>'path' = f."path"
    AND r."content"->'receipt'->>'sha256_after' = encode(sha256(convert_to(f."content", 'UTF8')), 'hex')
);
