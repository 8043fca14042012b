// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "7e98c6d464f5e3625a4fe5410d9257dd3c1a23314e5bd0cef4e3bd83e604e960";
