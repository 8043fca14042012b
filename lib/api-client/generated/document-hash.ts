// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "8ccb13648eb4a13cf5bbee894793559fa053c17d084eb404fbe81823340ca7e5";
