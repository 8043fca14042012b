// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "5d5f539b8c7c2932f3591c684601d4bcd42de1b47902864605eb5e23678a1c9c";
