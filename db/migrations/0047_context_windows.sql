ALTER TABLE "agents" ADD COLUMN "context_strategy" text DEFAULT 'clip_and_drop_middle' NOT NULL;--> statement-breakpoint
ALTER TABLE "model_prices" ADD COLUMN "context_window" integer;