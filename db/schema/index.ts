export * from "./api-keys";
export * from "./audit-log";
export * from "./memberships";
export * from "./tenants";
export * from "./users";
