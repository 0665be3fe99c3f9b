import { describe, expect, it } from "vitest";
import { apiUrl } from "./http";

describe("apiUrl", () => {
  it("adds only the query parameters that have a value", () => {
    expect(apiUrl("/imports/imp_1/decisions", { status: "pending", kind: "", risk: undefined, limit: 5 })).toBe(
      "/api/crm/imports/imp_1/decisions?status=pending&limit=5",
    );
  });

  it("leaves the path alone without parameters", () => {
    expect(apiUrl("/imports")).toBe("/api/crm/imports");
  });

  it("encodes values", () => {
    expect(apiUrl("/clients", { q: "O'Brien & Co" })).toBe("/api/crm/clients?q=O%27Brien+%26+Co");
  });
});
