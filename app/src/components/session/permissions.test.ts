import { describe, expect, it } from "vitest";
import type { Action } from "../../api/types";
import { ACTION_ROLES, caller } from "../../test/fixtures";
import { permissionOf } from "./permissions";

const GATED: Action[] = ["upload", "edit_mapping", "decide", "apply", "revert", "unmerge"];
const allowedOf = (role: Parameters<typeof caller>[0]["role"]) => GATED.filter((action) => permissionOf(caller({ role }), action).allowed);

describe("permissionOf", () => {
  it("allows what the server's answer allows for each role", () => {
    expect(allowedOf("viewer")).toEqual([]);
    expect(allowedOf("operator")).toEqual(["upload", "edit_mapping"]);
    expect(allowedOf("approver")).toEqual(GATED);
    expect(allowedOf("admin")).toEqual(GATED);
  });

  it("follows the server's actions, not a role order of its own", () => {
    // A server whose rules let operators decide but keep mapping edits for approvers.
    const operator = caller({
      role: "operator",
      actions: ["view", "upload", "decide"],
      action_roles: ACTION_ROLES.map((rule) =>
        rule.action === "decide" ? { ...rule, role: "operator" } : rule.action === "edit_mapping" ? { ...rule, role: "approver" } : rule,
      ),
    });
    expect(permissionOf(operator, "decide")).toEqual({ allowed: true });
    expect(permissionOf(operator, "edit_mapping")).toEqual({
      allowed: false,
      reason: "Editing the mapping needs the approver role; sam is signed in as operator.",
    });
  });

  it("names the role a refused action needs and the caller's own", () => {
    expect(permissionOf(caller({ role: "operator" }), "revert")).toEqual({
      allowed: false,
      reason: "Reverting an import needs the approver role; sam is signed in as operator.",
    });
  });

  it("still refuses, without naming a role, an action the server gives no role for", () => {
    const viewer = caller({ role: "viewer", action_roles: [] });
    expect(permissionOf(viewer, "apply")).toEqual({ allowed: false, reason: "Applying changes is not allowed; sam is signed in as viewer." });
  });
});
