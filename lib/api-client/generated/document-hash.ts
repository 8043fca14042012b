// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "580ef6ad7ed898f7af7081949f761ee09ec4d3b0e2a4e442c53890d54966adc0";
