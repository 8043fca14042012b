// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "6970cac5561e746dced8cd7fed548f2a9e6b609a2cce743791d8cbfdb057457a";
