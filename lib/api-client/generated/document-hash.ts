// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "881654a68bcc5e42f4522f95f9e90a1b75988a9a288a21089cce54e65769550a";
