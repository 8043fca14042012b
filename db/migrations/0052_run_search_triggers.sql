-- A run's search document: its goal when it is created, its goal and answer once the answer is
-- written. Row triggers on runs, so every writer (the engine, the gate, OTLP ingest, replays) is
-- covered; an update that leaves the answer alone (every step's) does not fire. Texts are cut to
-- 100,000 characters each: a tsvector holds at most 1 MB.
CREATE FUNCTION "run_search_document"(goal text, answer text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT to_tsvector('simple', left(coalesce(goal, ''), 100000) || ' ' || left(coalesce(answer, ''), 100000))
$$;
--> statement-breakpoint
CREATE FUNCTION "run_search_on_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "run_search" ("run_id", "tenant_id", "document")
    SELECT "id", "tenant_id", "run_search_document"("input", "output") FROM added;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "run_search_on_insert" AFTER INSERT ON "runs"
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION "run_search_on_insert"();
--> statement-breakpoint
CREATE FUNCTION "run_search_on_answer"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "run_search" SET "document" = "run_search_document"(NEW."input", NEW."output")
    WHERE "run_id" = NEW."id";
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "run_search_on_answer" AFTER UPDATE OF "output" ON "runs"
  FOR EACH ROW WHEN (NEW."output" IS DISTINCT FROM OLD."output") EXECUTE FUNCTION "run_search_on_answer"();
--> statement-breakpoint
INSERT INTO "run_search" ("run_id", "tenant_id", "document")
  SELECT "id", "tenant_id", "run_search_document"("input", "output") FROM "runs"
  ON CONFLICT ("run_id") DO NOTHING;
