-- A span's id is unique within its tenant only: an ingested span's ids are chosen by its sender, so
-- a key across tenants let one tenant's span take the place of another's (ingest skips a stored id).
-- The new key holds on existing data because span_id alone was unique; span_id leads it, so
-- look-ups by span id alone keep an index. "spans_pkey" is the name 0002 gave the old key.
ALTER TABLE "spans" DROP CONSTRAINT "spans_pkey";--> statement-breakpoint
ALTER TABLE "spans" ADD CONSTRAINT "spans_span_id_tenant_id_pk" PRIMARY KEY("span_id","tenant_id");
