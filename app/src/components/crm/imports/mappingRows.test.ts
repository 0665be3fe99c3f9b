import { describe, expect, it } from "vitest";
import { change, delta, mappingManifest } from "../../../test/fixtures";
import { choiceKey, columnRows, currentChoice, mappingEdits, parseChoiceKey, samplesFromDeltas } from "./mappingRows";

describe("columnRows", () => {
  it("puts unresolved columns first and carries samples into mapped columns", () => {
    const rows = columnRows(mappingManifest(), { Email: ["a@b.c"] });
    expect(rows.map((row) => row.column)).toEqual(["Shoe Size", "Email", "First Name"]);
    expect(rows[0]).toMatchObject({ kind: "unmapped", disposition: "unresolved", samples: ["44", "38"] });
    expect(rows[1]).toMatchObject({ kind: "mapped", target: "client.email", samples: ["a@b.c"], origin: "header" });
  });

  it("puts ignored and custom columns after the mapped ones", () => {
    const manifest = mappingManifest({
      unmapped: [{ column: "Notes", disposition: "ignore", samples: [], suggestions: [] }],
    });
    expect(columnRows(manifest).map((row) => row.column)).toEqual(["Email", "First Name", "Notes"]);
  });
});

describe("samplesFromDeltas", () => {
  it("collects distinct raw values per column, a few at most", () => {
    const deltas = ["a", "b", "a", "c", "d"].map((raw, index) =>
      delta({
        delta_id: `dlt_${index}`,
        changes: [change({ field: "email", new: raw, provenance: { column: "Email", raw_value: raw } })],
      }),
    );
    expect(samplesFromDeltas(deltas)).toEqual({ Email: ["a", "b", "c"] });
  });

  it("skips changes without a column or a raw value", () => {
    expect(samplesFromDeltas([delta({ changes: [change({ field: "x", provenance: { column: null, raw_value: "v" } }), change({ field: "y", provenance: { column: "Y", raw_value: "" } })] })])).toEqual({});
  });
});

describe("choices", () => {
  it("round-trip through select values", () => {
    for (const choice of [{ kind: "target", target: "client.custom.a:b" }, { kind: "disposition", disposition: "ignore" }] as const) {
      expect(parseChoiceKey(choiceKey(choice))).toEqual(choice);
    }
    expect(parseChoiceKey("disposition:drop")).toBeNull();
    expect(parseChoiceKey("target:")).toBeNull();
  });
});

describe("mappingEdits", () => {
  const rows = columnRows(mappingManifest());

  it("sends only the columns whose choice changed", () => {
    const drafts = {
      "Shoe Size": { kind: "disposition", disposition: "custom" },
      Email: currentChoice(rows[1]!),
      "First Name": { kind: "target", target: "client.full_name" },
    } as const;
    expect(mappingEdits(rows, drafts)).toEqual([
      { column: "Shoe Size", disposition: "custom" },
      { column: "First Name", target: "client.full_name" },
    ]);
  });

  it("sends nothing without drafts", () => {
    expect(mappingEdits(rows, {})).toEqual([]);
  });
});
