// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "076032871cf5ffe890b811929d79260099c8fb481163f00e01606b077435719a";
