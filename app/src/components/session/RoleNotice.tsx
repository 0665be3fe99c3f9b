import type { Permission } from "./permissions";

/** Where a control is missing or disabled for the caller's role: the role it needs. */
export function RoleNotice({ permission }: { permission: Permission }) {
  if (permission.allowed) return null;
  return <p className="role-notice">{permission.reason}</p>;
}
