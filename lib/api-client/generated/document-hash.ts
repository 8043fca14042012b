// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "5ea1c9a736392717f2129daa7e8e1c56fbf32b6367a80a175b77a2b1bdc76a85";
