// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "752e93137f7a2252b3ff8f22f5c6957ef32ab96839a85eed7d0b598afd4fcd35";
