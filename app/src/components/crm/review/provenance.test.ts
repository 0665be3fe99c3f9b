import { describe, expect, it } from "vitest";
import { provenance } from "../../../test/fixtures";
import { provenanceParts } from "./provenance";

describe("provenanceParts", () => {
  it("names system, batch, row, column and raw value", () => {
    expect(provenanceParts(provenance())).toEqual({
      system: "salesforce",
      batchId: "imp_1",
      location: "row 3, column Email",
      rawValue: "BOB.SMITH@NORTHWIND.COM",
      transform: "email",
      confidence: "100%",
      observedAt: "2026-11-25T20:10:52Z",
    });
  });

  it("uses the writeback when there is no import, and leaves out what is missing", () => {
    expect(provenanceParts({ system: "oracle", writeback_id: "wbk_1" })).toMatchObject({ batchId: "wbk_1", location: null, rawValue: null, confidence: null });
    expect(provenanceParts({})).toMatchObject({ system: "unknown source", batchId: null });
  });
});
