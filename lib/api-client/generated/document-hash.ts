// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "3ecd5bfd3395e133637f928790766db8867b1aed6a11006975cb991af711cb96";
