// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "414ce7bd6efd18027e18107dc1e3fd2e4c4c16b80959071548c1bcb0585cbb13";
