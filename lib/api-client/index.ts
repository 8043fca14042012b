import { type Client, createClient, createConfig } from "./generated/client";

// One function per operation of the v1 API, typed from its OpenAPI document: pass `client`.
export * from "./generated/sdk.gen";
export type * from "./generated/types.gen";
export type { Client };

/**
 * A client of a Flightdeck deployment's v1 API for one API key, e.g.
 * `const { data, error } = await getRunsId({ client, path: { id } })`.
 */
export function flightdeckClient(options: { baseUrl: string; apiKey: string; fetch?: typeof fetch }): Client {
  return createClient(
    createConfig({ baseUrl: options.baseUrl.replace(/\/$/, ""), auth: options.apiKey, fetch: options.fetch }),
  );
}
