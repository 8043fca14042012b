CREATE TABLE "tenant_budgets" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"daily_budget_usd" numeric(14, 6) NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tenant_spend_days" (
	"tenant_id" uuid NOT NULL,
	"day" date NOT NULL,
	"spent_usd" numeric(14, 6) DEFAULT 0 NOT NULL,
	"reserved_usd" numeric(14, 6) DEFAULT 0 NOT NULL,
	CONSTRAINT "tenant_spend_days_tenant_id_day_pk" PRIMARY KEY("tenant_id","day")
);
--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "max_tool_calls" integer;--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "max_tokens" integer;--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "max_cost_usd" numeric(14, 6);--> statement-breakpoint
ALTER TABLE "tenant_budgets" ADD CONSTRAINT "tenant_budgets_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_spend_days" ADD CONSTRAINT "tenant_spend_days_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;