import { describe, expect, it } from "vitest";
import { identityDecision, invalidValueDecision, withinBatchDecision, writeback } from "../../../test/fixtures";
import { answerOf, decisionEvidence, decisionState, initialDraft, isIdentityDecision, optionLabel } from "./decisionModel";

describe("decisionState", () => {
  it("is pending with the recommended option", () => {
    expect(decisionState(identityDecision())).toEqual({ status: "pending", recommended: "match:cli_robert" });
  });

  it("records who approved, with which option, when and why", () => {
    const decision = identityDecision({ status: "approved", chosen_option: "create_new", decided_by: "dana", decided_at: "2026-11-25T20:00:00Z", note: "different phone" });
    expect(decisionState(decision)).toEqual({ status: "approved", option: "create_new", decidedBy: "dana", decidedAt: "2026-11-25T20:00:00Z", note: "different phone" });
    expect(optionLabel(decision, "create_new")).toBe("Create a new client");
  });

  it("records a rejection", () => {
    expect(decisionState(identityDecision({ status: "rejected", decided_by: "dana" }))).toMatchObject({ status: "rejected", decidedBy: "dana" });
  });
});

describe("decisionEvidence", () => {
  it("reads identity candidates with probability and comparisons", () => {
    const evidence = decisionEvidence(identityDecision());
    expect(isIdentityDecision(identityDecision())).toBe(true);
    expect(evidence).toEqual({
      kind: "identity",
      clientIds: ["cli_robert"],
      candidates: [
        {
          candidate: "cli_robert",
          probability: 0.8,
          previouslyRejected: false,
          comparisons: [
            { field: "first_name", outcome: "nickname", weight: 3, text: "first name Bob~Robert nickname (+3.0)" },
            { field: "email", outcome: "different", weight: -1, text: "email differs (-1.0)" },
          ],
        },
      ],
    });
  });

  it("reads a doubt between rows of one file as pairs of rows, each with the client it becomes", () => {
    expect(decisionEvidence(withinBatchDecision())).toEqual({
      kind: "within_batch",
      pairs: [
        {
          rows: [1, 2],
          clientIds: ["cli_john", "cli_alice"],
          probability: 0.025,
          previouslyRejected: false,
          comparisons: [
            { field: "first_name", outcome: "different", weight: -8.34, text: "first name John≠Alice differs (−8.3)" },
            { field: "email", outcome: "exact", weight: 22.39, text: "e-mail millers.home@gmail.com equal (+22.4)" },
            { field: "model", outcome: "default", weight: null, text: "scored by the default match model daf8a9c6453d" },
          ],
        },
      ],
    });
  });

  it("reads a merge proposal without candidates as the clients to compare", () => {
    expect(decisionEvidence(identityDecision({ kind: "identity_merge", evidence: [], client_ids: ["cli_a", "cli_b"] }))).toEqual({ kind: "identity", candidates: [], clientIds: ["cli_a", "cli_b"] });
  });

  it("falls back to plain items for an account conflict's evidence", () => {
    expect(decisionEvidence(identityDecision({ kind: "identity_conflict", evidence: [{ field: "domain", entity_id: "acc_1" }], client_ids: [] })).kind).toBe("other");
  });

  it("reads overwrites, invalid values, columns and writebacks", () => {
    expect(decisionEvidence(writeback().decisions![0]!)).toMatchObject({ kind: "field_changes", changes: [{ field: "job_title", old: "VP Sales", new: "CRO" }] });
    expect(decisionEvidence(invalidValueDecision())).toEqual({ kind: "invalid_values", items: [{ field: "email", rawValue: "dana@@fbi.gov", problem: "more than one @" }] });
    expect(decisionEvidence(identityDecision({ kind: "ambiguous_value", evidence: [{ column: "Born", samples: "01/02/1950, 03/04/1982" }] }))).toEqual({
      kind: "column",
      column: "Born",
      samples: ["01/02/1950", "03/04/1982"],
      reason: null,
    });
    expect(decisionEvidence(identityDecision({ kind: "writeback", evidence: [{ rationale: "promoted", confidence: 0.82, mission_id: "m-42" }] }))).toEqual({
      kind: "writeback",
      rationale: "promoted",
      confidence: 0.82,
      missionId: "m-42",
    });
  });
});

describe("answerOf", () => {
  it("approves with the chosen option and a trimmed note", () => {
    expect(answerOf({ option: "create_new", note: "  phone differs ", value: "" }, "approve")).toEqual({ ok: true, answer: { option: "create_new", note: "phone differs" } });
  });

  it("needs a value for a correction", () => {
    expect(answerOf({ option: "correct", note: "", value: " " }, "approve")).toEqual({ ok: false, reason: "Type the corrected value." });
    expect(answerOf({ option: "correct", note: "", value: "dana@fbi.gov" }, "approve")).toEqual({ ok: true, answer: { option: "correct", note: null, value: "dana@fbi.gov" } });
  });

  it("rejects with only the note", () => {
    expect(answerOf({ option: "correct", note: "", value: "" }, "reject")).toEqual({ ok: true, answer: { note: null } });
  });

  it("starts from the recommended option", () => {
    expect(initialDraft(invalidValueDecision())).toEqual({ option: "keep_raw", note: "", value: "" });
    expect(initialDraft(identityDecision({ recommended: null })).option).toBe("match:cli_robert");
  });
});
