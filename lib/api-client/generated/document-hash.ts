// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "e15c19471c47b5809e1372a277f3d94d9bea7e8a12f85b0114bd4f34561ae5a1";
