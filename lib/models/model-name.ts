import { AppError } from "@/lib/errors";

export const PROVIDERS = ["openai", "anthropic", "google", "compat", "sim"] as const;
export type Provider = (typeof PROVIDERS)[number];

export type ModelName = { provider: Provider; id: string; full: string };

/**
 * Models are named `provider:model`, e.g. `openai:gpt-5-mini`, `google:gemini-2.5-flash`, `compat:llama3.1`,
 * `sim:default`.
 */
export function parseModelName(name: string): ModelName {
  const trimmed = name.trim();
  const colon = trimmed.indexOf(":");
  const provider = trimmed.slice(0, colon) as Provider;
  const id = trimmed.slice(colon + 1);
  if (colon <= 0 || !id || !PROVIDERS.includes(provider)) {
    throw new AppError(
      "invalid_input",
      `"${name}" is not a model name: use provider:model with provider one of ${PROVIDERS.join(", ")} (e.g. openai:gpt-5-mini, google:gemini-2.5-flash).`,
      { field: "model" },
    );
  }
  return { provider, id, full: `${provider}:${id}` };
}

export const isSimulated = (name: string): boolean => name.trim().startsWith("sim:");

/** The OpenTelemetry GenAI `gen_ai.provider.name` of a provider. */
export const otelProviderName = (provider: Provider): string =>
  ({
    openai: "openai",
    anthropic: "anthropic",
    google: "gcp.gemini",
    compat: "openai_compatible",
    sim: "flightdeck.simulator",
  })[provider];
