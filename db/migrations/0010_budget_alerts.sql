ALTER TABLE "tenant_budgets" ADD COLUMN "alert_threshold_pct" integer DEFAULT 80 NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_budgets" ADD COLUMN "alert_webhook_url" text;--> statement-breakpoint
ALTER TABLE "tenant_budgets" ADD COLUMN "alert_webhook_secret" text;--> statement-breakpoint
ALTER TABLE "tenant_budgets" ADD COLUMN "auto_freeze" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_spend_days" ADD COLUMN "alerted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tenant_spend_days" ADD COLUMN "exhausted_at" timestamp with time zone;