-- Tenants correct list prices for themselves: existing rows keep tenant_id null and stay list prices.
-- The unique key replaces the primary key; it holds on existing data because (model, effective_from) was unique.
ALTER TABLE "model_prices" DROP CONSTRAINT "model_prices_model_effective_from_pk";--> statement-breakpoint
ALTER TABLE "model_prices" ADD COLUMN "tenant_id" uuid;--> statement-breakpoint
ALTER TABLE "model_prices" ADD COLUMN "updated_by" text;--> statement-breakpoint
ALTER TABLE "model_prices" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "model_prices" ADD CONSTRAINT "model_prices_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "model_prices_tenant_model_effective_idx" ON "model_prices" USING btree (coalesce("tenant_id", '00000000-0000-0000-0000-000000000000'::uuid),"model","effective_from");