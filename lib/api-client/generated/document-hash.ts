// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "b4b736fb574064bee3ed0d80e97f8a876e1b0bba23e0d0620ab71bb46d44214b";
