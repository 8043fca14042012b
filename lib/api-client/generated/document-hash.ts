// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "6b63c050c04624fa1a7457507704d6d391db2b492b861bf9180ff0f864fef0dc";
