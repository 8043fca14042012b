CREATE TABLE "redaction_rules" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"types" text[] NOT NULL,
	"patterns" text[] NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "redaction_rules" ADD CONSTRAINT "redaction_rules_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;