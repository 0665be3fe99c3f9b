/** What the caller may do, as the server says: `GET /api/crm/me` lists the actions the caller's
 * role allows and the least role every action needs (`backend/services/access_rules.py`, the
 * table the API's routes enforce). The UI keeps no role order of its own; it only hides or
 * disables what the server would refuse, and says which role it would take. */
import type { Action, Caller } from "../../api/types";

/** How to name each action in a sentence. */
export const ACTION_LABELS: Record<Action, string> = {
  view: "Viewing imports and clients",
  upload: "Uploading an export",
  replay: "Replaying an import",
  edit_mapping: "Editing the mapping",
  submit_writeback: "Submitting a writeback",
  read_audit: "Reading the audit log",
  decide: "Approving and rejecting decisions",
  apply: "Applying changes",
  revert: "Reverting an import",
  unmerge: "Splitting a merge",
  manage_tokens: "Managing API tokens",
};

export type Permission = { allowed: true } | { allowed: false; reason: string };

/** Whether the server lets the caller take `action`, and if not, the sentence that says which
 * role it needs (the least role the server names for it). */
export function permissionOf(caller: Caller, action: Action): Permission {
  if (caller.actions.includes(action)) return { allowed: true };
  const label = ACTION_LABELS[action];
  const needs = caller.action_roles.find((rule) => rule.action === action)?.role;
  const who = `${caller.actor} is signed in as ${caller.role}`;
  return { allowed: false, reason: needs ? `${label} needs the ${needs} role; ${who}.` : `${label} is not allowed; ${who}.` };
}
