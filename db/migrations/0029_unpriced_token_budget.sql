ALTER TABLE "tenant_budgets" ADD COLUMN "daily_unpriced_tokens" bigint;--> statement-breakpoint
ALTER TABLE "tenant_spend_days" ADD COLUMN "spent_tokens" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_spend_days" ADD COLUMN "reserved_tokens" bigint DEFAULT 0 NOT NULL;