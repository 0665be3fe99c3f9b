import { describe, expect, it } from "vitest";
import { resourceView } from "./useResource";

const problem = { status: 500, title: "x", detail: "boom", extras: {} };

describe("resourceView", () => {
  it("is idle without a key and loading before the first answer", () => {
    expect(resourceView(null, "0.0", null)).toEqual({ state: "idle" });
    expect(resourceView("a", "0.0", null)).toEqual({ state: "loading" });
  });

  it("never shows another key's data", () => {
    expect(resourceView("b", "0.0", { key: "a", generation: "0.0", outcome: { ok: true, data: 1 } })).toEqual({ state: "loading" });
  });

  it("keeps the data while a reload is on its way", () => {
    expect(resourceView("a", "0.1", { key: "a", generation: "0.0", outcome: { ok: true, data: 1 } })).toEqual({ state: "ready", data: 1, refreshing: true });
    expect(resourceView("a", "0.1", { key: "a", generation: "0.1", outcome: { ok: true, data: 2 } })).toEqual({ state: "ready", data: 2, refreshing: false });
  });

  it("shows an error until a retry is under way", () => {
    expect(resourceView("a", "0.0", { key: "a", generation: "0.0", outcome: { ok: false, problem } })).toEqual({ state: "error", problem });
    expect(resourceView("a", "0.1", { key: "a", generation: "0.0", outcome: { ok: false, problem } })).toEqual({ state: "loading" });
  });
});
