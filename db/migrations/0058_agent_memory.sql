CREATE TABLE "agent_memory" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"agent_name" text NOT NULL,
	"session_key" text DEFAULT '' NOT NULL,
	"key" text NOT NULL,
	"value" jsonb NOT NULL,
	"version" integer NOT NULL,
	"untrusted" boolean DEFAULT false NOT NULL,
	"source" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, replace(key, ':', ' ')) || jsonb_to_tsvector('simple'::regconfig, value, '["string", "numeric"]')) STORED NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agent_memory_versions" (
	"item_id" uuid NOT NULL,
	"tenant_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"value" jsonb,
	"deleted" boolean DEFAULT false NOT NULL,
	"untrusted" boolean DEFAULT false NOT NULL,
	"source" jsonb NOT NULL,
	"idempotency_key" text,
	"written_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agent_memory_versions_item_id_version_pk" PRIMARY KEY("item_id","version")
);
--> statement-breakpoint
ALTER TABLE "agent_memory" ADD CONSTRAINT "agent_memory_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_memory_versions" ADD CONSTRAINT "agent_memory_versions_item_id_agent_memory_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."agent_memory"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agent_memory_key_idx" ON "agent_memory" USING btree ("tenant_id","agent_name","session_key","key");--> statement-breakpoint
CREATE INDEX "agent_memory_updated_idx" ON "agent_memory" USING btree ("tenant_id","agent_name","updated_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "agent_memory_search_idx" ON "agent_memory" USING gin ("search");--> statement-breakpoint
CREATE UNIQUE INDEX "agent_memory_versions_idempotency_idx" ON "agent_memory_versions" USING btree ("tenant_id","idempotency_key") WHERE idempotency_key is not null;