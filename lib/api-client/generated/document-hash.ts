// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "77b347ff0c7eca9c0b0c712c1f7896af031415dea87a23bd191779d8d969964d";
