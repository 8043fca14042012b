-- Receipts are written once: the chain moves to receipt_links, and unsealed_receipts lists what the
-- sealer has still to link. Every insert into receipts lists its rows there, whoever writes them.
INSERT INTO "receipt_links" ("receipt_id", "tenant_id", "chain_seq", "prev_hash", "chain_hash", "sealed_at")
  SELECT "id", "tenant_id", "chain_seq", "prev_hash", "chain_hash", "sealed_at" FROM "receipts"
  WHERE "sealed_at" IS NOT NULL AND "chain_seq" IS NOT NULL AND "prev_hash" IS NOT NULL AND "chain_hash" IS NOT NULL;
--> statement-breakpoint
INSERT INTO "unsealed_receipts" ("receipt_id", "tenant_id")
  SELECT "id", "tenant_id" FROM "receipts" r
  WHERE NOT EXISTS (SELECT 1 FROM "receipt_links" l WHERE l."receipt_id" = r."id");
--> statement-breakpoint
CREATE FUNCTION "receipts_to_seal"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "unsealed_receipts" ("receipt_id", "tenant_id") SELECT "id", "tenant_id" FROM added;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "receipts_to_seal" AFTER INSERT ON "receipts"
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION "receipts_to_seal"();
