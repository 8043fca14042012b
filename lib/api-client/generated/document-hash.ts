// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "e200f95b947ea71687e0fc376b4f8b604e5efe6954433142634511b7793847f8";
