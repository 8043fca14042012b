// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "178a73c4a2f6be116d7c07fba3dd363f673fe2309a60939e24dd9d650668c629";
