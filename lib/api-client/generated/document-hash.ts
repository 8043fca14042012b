// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "7121a68d175b52fd9e1c78309a0ea5f1873e5644fe90094538dd98c4beb62abb";
