// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "215f6ac053e8f050c0ae4c0d7a859c11248db473231e051964d61362316e1654";
