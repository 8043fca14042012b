// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "4eda413b8b466b6f8dd6852961763a4be222237640d91b10467757c8fa3e2d9f";
