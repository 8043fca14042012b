ALTER TABLE "tenants" ADD COLUMN "suspended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "suspended_reason" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "provisioned" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Accounts start-up initialisation created before this column existed: the FLIGHTDECK_INIT_* admin
-- (recorded by the system) and the demo tenant's people.
UPDATE "users" SET "provisioned" = true
WHERE "id"::text IN (
  SELECT "target_id" FROM "audit_log"
  WHERE "actor_type" = 'system' AND "action" = 'member.invited' AND "target_type" = 'user'
) OR "email" IN ('admin@acme.test', 'operator@acme.test', 'viewer@acme.test');
