CREATE TABLE "mcp_servers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"transport" text NOT NULL,
	"url" text,
	"sealed_headers" text,
	"command" text,
	"args" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"last_error" text,
	"refreshed_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mcp_tools" (
	"tenant_id" uuid NOT NULL,
	"server_id" uuid NOT NULL,
	"remote_name" text NOT NULL,
	"name" text,
	"description" text DEFAULT '' NOT NULL,
	"input_schema" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"problem" text,
	"risk" text DEFAULT 'write' NOT NULL,
	"idempotent" boolean DEFAULT false NOT NULL,
	"timeout_ms" integer DEFAULT 30000 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mcp_tools_server_id_remote_name_pk" PRIMARY KEY("server_id","remote_name")
);
--> statement-breakpoint
ALTER TABLE "mcp_servers" ADD CONSTRAINT "mcp_servers_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mcp_tools" ADD CONSTRAINT "mcp_tools_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mcp_tools" ADD CONSTRAINT "mcp_tools_server_id_mcp_servers_id_fk" FOREIGN KEY ("server_id") REFERENCES "public"."mcp_servers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "mcp_servers_tenant_name_key" ON "mcp_servers" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "mcp_tools_tenant_name_key" ON "mcp_tools" USING btree ("tenant_id","name");