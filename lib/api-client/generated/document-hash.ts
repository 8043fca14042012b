// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "ddd95581ac7dc9091038ad7bee530570331e4d3d10c88cb329cfec5bd7f9c455";
