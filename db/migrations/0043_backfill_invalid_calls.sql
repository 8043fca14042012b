-- Runs recorded before the count existed: count their calls refused for invalid arguments from their steps.
UPDATE "runs" SET "invalid_calls" = invalid.n
FROM (
  SELECT "run_id", count(*)::int AS n FROM "run_steps"
  WHERE "kind" = 'tool' AND "payload"->>'status' = 'invalid'
  GROUP BY "run_id"
) AS invalid
WHERE "runs"."id" = invalid."run_id";
