-- Runs recorded before the flag existed: count their refused calls from their steps.
UPDATE "runs" SET "security_attempts" = refused.n
FROM (
  SELECT "run_id", count(*)::int AS n FROM "run_steps"
  WHERE "kind" = 'tool' AND "payload"->>'status' IN ('denied', 'unknown_tool')
  GROUP BY "run_id"
) AS refused
WHERE "runs"."id" = refused."run_id";
