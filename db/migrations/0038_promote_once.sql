-- Promotions made twice by the race this index closes: the first stays the dry run's promotion.
UPDATE "runs" r SET "promoted_from" = NULL
WHERE r."promoted_from" IS NOT NULL AND EXISTS (
  SELECT 1 FROM "runs" o WHERE o."promoted_from" = r."promoted_from" AND (o."created_at", o."id") < (r."created_at", r."id")
);--> statement-breakpoint
CREATE UNIQUE INDEX "runs_promoted_from_idx" ON "runs" USING btree ("promoted_from") WHERE promoted_from is not null;