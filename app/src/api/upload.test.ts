import { describe, expect, it } from "vitest";
import { uploadPercent } from "./upload";

describe("uploadPercent", () => {
  it.each([
    [null, null],
    [{ loaded: 0, total: 0 }, null],
    [{ loaded: 0, total: 200 }, 0],
    [{ loaded: 51, total: 200 }, 26],
    [{ loaded: 200, total: 200 }, 100],
    [{ loaded: 300, total: 200 }, 100],
  ])("%j is %s%%", (progress, percent) => {
    expect(uploadPercent(progress)).toBe(percent);
  });
});
