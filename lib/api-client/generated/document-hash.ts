// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "ae9f1c8a05fd937a32ac05fb9b66d75868560207fb5b774e2dbf6c3ccb983c77";
