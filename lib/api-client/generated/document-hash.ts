// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.
export const GENERATED_FROM = "9f1b6daf2be55b7cb89b8687ab00bea28d5a53c839dccce4902ef323422996bc";
