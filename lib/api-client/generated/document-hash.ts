// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "b0a965d22e3ff6f2a2bfecf2b67cffee6d5f2fb578f841cf705832fc129941d0";
