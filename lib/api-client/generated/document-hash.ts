// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "76938e60049fd40e22fa5246326b755855f07298ab156945722a9ed6954ebcf8";
