// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "97ea9471ece02d2664e487641b635019928197f136a91f0611b866384f3d635f";
