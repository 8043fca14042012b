ALTER TABLE "receipts" DROP CONSTRAINT "receipts_run_id_runs_id_fk";
--> statement-breakpoint
ALTER TABLE "run_steps" DROP CONSTRAINT "run_steps_run_id_runs_id_fk";
--> statement-breakpoint
ALTER TABLE "spans" DROP CONSTRAINT "spans_run_id_runs_id_fk";
