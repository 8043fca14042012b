import { z } from "zod";

const flag = z
  .enum(["0", "1", "true", "false", ""])
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : v === "1" || v === "true"));

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));

const envSchema = z.object({
  DATABASE_URL: optionalText.pipe(z.url({ message: "DATABASE_URL must be a postgres:// URL" }).optional()),
  FLIGHTDECK_DATA_DIR: z.string().default(".data"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  NEXTAUTH_SECRET: optionalText,
  NEXTAUTH_URL: optionalText,
  OIDC_ISSUER: optionalText,
  OIDC_CLIENT_ID: optionalText,
  OIDC_CLIENT_SECRET: optionalText,
  OIDC_NAME: z.string().default("Single sign-on"),
  FLIGHTDECK_DEMO: flag,
  FLIGHTDECK_DEMO_PASSWORD: optionalText,
  FLIGHTDECK_INIT_TENANT: optionalText,
  FLIGHTDECK_INIT_ADMIN_EMAIL: optionalText.pipe(z.email().optional()),
  FLIGHTDECK_INIT_ADMIN_PASSWORD: optionalText.pipe(z.string().min(12).optional()),
  FLIGHTDECK_INIT_API_KEY: optionalText.pipe(z.string().min(24).optional()),
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: optionalText,
  ANTHROPIC_API_KEY: optionalText,
  ANTHROPIC_BASE_URL: optionalText,
  GOOGLE_GENERATIVE_AI_API_KEY: optionalText,
  GOOGLE_GENERATIVE_AI_BASE_URL: optionalText,
  OPENAI_COMPATIBLE_BASE_URL: optionalText,
  OPENAI_COMPATIBLE_API_KEY: optionalText,
  /** Optional: `openai:<id>` or `compat:<id>`; with pgvector set up, document search is hybrid (docs/documents.md). */
  FLIGHTDECK_EMBEDDING_MODEL: optionalText,
  FLIGHTDECK_WORKER: flag,
  /** Emails of the deployment's operators: only they may engage the global emergency stop. */
  FLIGHTDECK_PLATFORM_ADMINS: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? "")
        .split(",")
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    ),
  /**
   * A secret for the deployment's own automation: `Authorization: Bearer <token>` on
   * /api/v1/platform (tenant management). Unset: that API answers to nobody.
   */
  FLIGHTDECK_PLATFORM_TOKEN: z
    .string()
    .min(32, "FLIGHTDECK_PLATFORM_TOKEN must be at least 32 characters.")
    .optional(),
  /** Behind a reverse proxy: its X-Forwarded-For names the client (sign-in throttling per address). */
  FLIGHTDECK_TRUSTED_PROXY: flag,
  /** API requests one key may make per minute. */
  FLIGHTDECK_API_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /** Budget-alert webhooks to private addresses (this host, local networks): off unless set. */
  FLIGHTDECK_WEBHOOKS_ALLOW_PRIVATE: flag,
  FLIGHTDECK_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(50),
  FLIGHTDECK_LEASE_SECONDS: z.coerce.number().min(1).max(3600).default(15),
  FLIGHTDECK_MODEL_TIMEOUT_SECONDS: z.coerce.number().min(1).max(3600).default(120),
  FLIGHTDECK_MODEL_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(4),
  FLIGHTDECK_BREAKER_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  FLIGHTDECK_BREAKER_COOLDOWN_SECONDS: z.coerce.number().min(1).max(3600).default(30),
  /** Mail (invitations, sign-in resets) by SMTP, e.g. smtps://user:pass@smtp.example.com:465; unset: the outbox. */
  FLIGHTDECK_SMTP_URL: optionalText.pipe(
    z.url({ message: "FLIGHTDECK_SMTP_URL must be an smtp:// or smtps:// URL" }).optional(),
  ),
  FLIGHTDECK_MAIL_FROM: z.string().default("Flightdeck <flightdeck@localhost>"),
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalText,
  OTEL_EXPORTER_OTLP_HEADERS: optionalText,
  /** The OpenTelemetry batch span processor's settings, with the defaults Flightdeck has always used. */
  OTEL_BSP_SCHEDULE_DELAY: z.coerce.number().int().min(0).max(3_600_000).default(1000),
  OTEL_BSP_EXPORT_TIMEOUT: z.coerce.number().int().min(1).max(3_600_000).default(10_000),
  OTEL_BSP_MAX_QUEUE_SIZE: z.coerce.number().int().min(1).max(1_000_000).default(4096),
  OTEL_BSP_MAX_EXPORT_BATCH_SIZE: z.coerce.number().int().min(1).max(1_000_000).default(512),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** The environment, read once and validated. Call after any start-up script has filled in defaults. */
export function env(): Env {
  if (!cached) {
    const parsed = envSchema.safeParse(process.env);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
      throw new Error(`Invalid configuration:\n${problems}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** For start-up code that changes process.env after a first read (and for tests). */
export function resetEnvCache(): void {
  cached = undefined;
}
