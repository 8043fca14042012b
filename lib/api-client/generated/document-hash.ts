// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "575992aaaaea368ba6f9f15c5b7188e0bdd5a65ff726703048434901151fecab";
