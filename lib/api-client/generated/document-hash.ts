// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "a593857b1cec01bab8177fa42b3a29da63e9308cbfb57428943c28971cbf6740";
