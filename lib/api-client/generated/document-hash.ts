// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "0d8ccdbf6c579566b458552dba8f359a5b9fa44868ef827c2329285736addd78";
