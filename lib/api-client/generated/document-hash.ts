// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "19bb985f9163c178fffb6ddebbd5e261210c6adb51b9d14ae96565b286c80e90";
