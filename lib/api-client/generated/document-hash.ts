// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "199501df67e85bf026289783c25fd48e5b7c09c9a659071af804a30798fe95d3";
