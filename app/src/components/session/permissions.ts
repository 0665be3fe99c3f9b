/** Which role each control of the UI needs. The API enforces the same roles on every call
 * (`backend/api/deps.py`); the UI only hides or disables what the caller's role cannot do,
 * and says which role it would take. */
import type { Caller, Role } from "../../api/types";

/** viewer < operator < approver < admin, as on the server. */
export const ROLES: readonly Role[] = ["viewer", "operator", "approver", "admin"];

/** Each gated action: the role it needs, and how to name it in a sentence. */
export const ACTIONS = {
  upload: { needs: "operator", label: "Uploading an export" },
  edit_mapping: { needs: "operator", label: "Editing the mapping" },
  decide: { needs: "approver", label: "Approving and rejecting decisions" },
  apply: { needs: "approver", label: "Applying and reverting changes" },
  unmerge: { needs: "approver", label: "Splitting a merge" },
} as const satisfies Record<string, { needs: Role; label: string }>;

export type Action = keyof typeof ACTIONS;

export type Permission = { allowed: true } | { allowed: false; reason: string };

export function roleAllows(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** Whether the caller may take `action`, and if not, the sentence that says which role it needs. */
export function permissionOf(caller: Caller, action: Action): Permission {
  const { needs, label } = ACTIONS[action];
  if (roleAllows(caller.role, needs)) return { allowed: true };
  return { allowed: false, reason: `${label} needs the ${needs} role; ${caller.actor} is signed in as ${caller.role}.` };
}
