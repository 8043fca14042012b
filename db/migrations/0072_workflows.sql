ALTER TYPE "public"."stop_reason" ADD VALUE 'no_progress' BEFORE 'internal_error';--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "workflow" text;