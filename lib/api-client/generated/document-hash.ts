// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "cff2aa8371068d42e6a41ce0274829bf9636581a424a0ec358d4109688484793";
