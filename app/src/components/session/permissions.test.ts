import { describe, expect, it } from "vitest";
import type { Caller, Role } from "../../api/types";
import { type Action, permissionOf, roleAllows } from "./permissions";

const caller = (role: Role): Caller => ({ actor: "sam", role, auth_required: true });

describe("roleAllows", () => {
  it.each([
    ["viewer", "viewer", true],
    ["viewer", "operator", false],
    ["operator", "operator", true],
    ["operator", "approver", false],
    ["approver", "operator", true],
    ["admin", "approver", true],
  ] as const)("%s may do what needs %s: %s", (role, needed, allowed) => {
    expect(roleAllows(role, needed)).toBe(allowed);
  });
});

describe("permissionOf", () => {
  const allowedActions = (role: Role) =>
    (["upload", "edit_mapping", "decide", "apply", "unmerge"] as Action[]).filter((action) => permissionOf(caller(role), action).allowed);

  it("lets a viewer only look", () => {
    expect(allowedActions("viewer")).toEqual([]);
  });

  it("lets an operator upload and edit mappings, but not decide or apply", () => {
    expect(allowedActions("operator")).toEqual(["upload", "edit_mapping"]);
  });

  it("lets an approver and an admin do everything", () => {
    expect(allowedActions("approver")).toEqual(["upload", "edit_mapping", "decide", "apply", "unmerge"]);
    expect(allowedActions("admin")).toEqual(allowedActions("approver"));
  });

  it("names the role a refused action needs and the caller's own", () => {
    expect(permissionOf(caller("operator"), "apply")).toEqual({
      allowed: false,
      reason: "Applying and reverting changes needs the approver role; sam is signed in as operator.",
    });
  });
});
