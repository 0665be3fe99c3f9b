import { describe, expect, it } from "vitest";
import { formatAmounts, formatBytes, formatDateTime, formatMoney, formatPercent, formatValue, humanize, plural } from "./format";

describe("format", () => {
  it("humanizes vocabulary words", () => {
    expect(humanize("identity_merge")).toBe("Identity merge");
    expect(humanize("low")).toBe("Low");
  });

  it("shows confidences as whole percents", () => {
    expect(formatPercent(0.8)).toBe("80%");
    expect(formatPercent(0.974)).toBe("97%");
    expect(formatPercent(null)).toBe("—");
  });

  it("shows dates and datetimes in UTC, and leaves nonsense alone", () => {
    expect(formatDateTime("2026-11-20T10:00:00Z")).toBe("20 Nov 2026, 10:00 UTC");
    expect(formatDateTime("1975-07-30")).toBe("30 Jul 1975");
    expect(formatDateTime("soon")).toBe("soon");
    expect(formatDateTime(null)).toBe("—");
  });

  it("formats money per currency and never adds currencies together", () => {
    expect(formatMoney("12500.00", "EUR")).toBe("€12,500.00");
    expect(formatMoney("12500.00", "unknown")).toBe("12,500.00 unknown");
    expect(formatAmounts({ USD: "10.00", EUR: "5.50" })).toEqual(["€5.50", "$10.00"]);
    expect(formatAmounts(undefined)).toEqual([]);
  });

  it("formats values of any shape", () => {
    expect(formatValue(["a", "b"])).toBe("a, b");
    expect(formatValue(true)).toBe("yes");
    expect(formatValue("")).toBe("—");
    expect(formatValue({ a: 1 })).toBe('{"a":1}');
  });

  it("counts", () => {
    expect(plural(1, "row")).toBe("1 row");
    expect(plural(3, "row")).toBe("3 rows");
    expect(formatBytes(1396)).toBe("1.4 KB");
    expect(formatBytes(12)).toBe("12 B");
  });
});
