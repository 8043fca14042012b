// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "ce9fa96a7fd3e6246d783155866d844cfb9d3685b6b53ecfe39d2e1e8e0e0247";
