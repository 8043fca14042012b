// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "88b86d4fc761fb60714023ec89f8b9627e03b4fb609495dbb2e2cb9d5e2b042a";
