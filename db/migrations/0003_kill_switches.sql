CREATE TYPE "public"."kill_scope" AS ENUM('run', 'agent', 'tenant', 'global');--> statement-breakpoint
CREATE TABLE "kill_switches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"scope" "kill_scope" NOT NULL,
	"tenant_id" uuid,
	"target" uuid,
	"reason" text NOT NULL,
	"engaged_by" text NOT NULL,
	"engaged_at" timestamp with time zone DEFAULT now() NOT NULL,
	"released_by" text,
	"released_at" timestamp with time zone,
	"release_reason" text
);
--> statement-breakpoint
ALTER TABLE "kill_switches" ADD CONSTRAINT "kill_switches_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "kill_switches_engaged_key" ON "kill_switches" USING btree ("scope",coalesce("tenant_id", '00000000-0000-0000-0000-000000000000'::uuid),coalesce("target", '00000000-0000-0000-0000-000000000000'::uuid)) WHERE released_at is null;--> statement-breakpoint
CREATE INDEX "kill_switches_tenant_idx" ON "kill_switches" USING btree ("tenant_id","engaged_at" DESC NULLS LAST);