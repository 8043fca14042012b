// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "8ce3f08ba324ddb93b0b5eeba979589df847f5d2204b15c3bc2bc17719127226";
