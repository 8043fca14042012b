// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "bfe39e8c24645bfc1f6f655b839b09914a299f782f9fd2897a9c3760dc871b53";
