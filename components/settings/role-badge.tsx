import type { Role } from "@/db/schema/memberships";

export const RoleBadge = ({ role }: { role: Role }) => <span className={`badge badge-${role}`}>{role}</span>;
