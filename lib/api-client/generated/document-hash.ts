// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "5188af7bd6d8bf1f0ddfeda45fb5241b65e8735987208a4864490de2b60aa07d";
