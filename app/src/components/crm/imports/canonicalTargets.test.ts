import { describe, expect, it } from "vitest";
import { targetGroups } from "./canonicalTargets";

describe("targetGroups", () => {
  it("lists every entity's targets with the entity prefix", () => {
    const groups = targetGroups();
    expect(groups.map((group) => group.entity)).toEqual(["client", "account", "opportunity", "interaction", "interest"]);
    expect(groups[0]?.targets).toContain("client.email");
    expect(groups[4]?.targets).toEqual(["interest.inventory_ref", "interest.level", "interest.note", "interest.noted_at"]);
  });

  it("adds unknown targets such as custom attributes once, in a group of their own", () => {
    const groups = targetGroups(["client.custom.shoe_size", "client.email", "client.custom.shoe_size"]);
    expect(groups.at(-1)).toEqual({ entity: "custom and other", targets: ["client.custom.shoe_size"] });
  });
});
