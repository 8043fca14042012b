import { ROLES } from "@/db/schema/memberships";

export function RoleOptions() {
  return ROLES.map((role) => (
    <option key={role} value={role}>
      {role}
    </option>
  ));
}
