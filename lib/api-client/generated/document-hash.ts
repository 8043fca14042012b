// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "4fbc7b62fc35f6856a14b6b2f251fff69bdb4d5eed9368612c02e43516e831d7";
