CREATE TABLE "agent_snapshots" (
	"tenant_id" uuid NOT NULL,
	"hash" text NOT NULL,
	"snapshot" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agent_snapshots_tenant_id_hash_pk" PRIMARY KEY("tenant_id","hash")
);
--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "agent_snapshot_hash" text;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "dry_run" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Existing runs: each distinct snapshot stored once, referenced by the hash of its jsonb text.
INSERT INTO "agent_snapshots" ("tenant_id", "hash", "snapshot")
SELECT DISTINCT "tenant_id", encode(sha256(convert_to("agent_snapshot"::text, 'UTF8')), 'hex'), "agent_snapshot"
FROM "runs"
ON CONFLICT DO NOTHING;--> statement-breakpoint
UPDATE "runs" SET
	"agent_snapshot_hash" = encode(sha256(convert_to("agent_snapshot"::text, 'UTF8')), 'hex'),
	"dry_run" = coalesce(("agent_snapshot"->>'dryRun')::boolean, false);--> statement-breakpoint
ALTER TABLE "runs" ALTER COLUMN "agent_snapshot_hash" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "agent_snapshots" ADD CONSTRAINT "agent_snapshots_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_tenant_id_agent_snapshot_hash_agent_snapshots_tenant_id_hash_fk" FOREIGN KEY ("tenant_id","agent_snapshot_hash") REFERENCES "public"."agent_snapshots"("tenant_id","hash") ON DELETE no action ON UPDATE no action;
