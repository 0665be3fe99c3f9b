import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { change, delta, provenance } from "../../../test/fixtures";
import { DeltaTable } from "./DeltaTable";

const deltas = [
  delta({
    changes: [
      change({ field: "job_title", old: "VP Sales", new: "CRO" }),
      change({ field: "email", new: null, valid: false, provenance: provenance({ raw_value: "bob@@example.org" }) }),
    ],
  }),
  delta({ delta_id: "dlt_2", op: "merge", entity_id: null, target_ids: ["cli_a", "cli_b"], changes: [], score: null, source_row: null, risk: "high" }),
];

const columnNames = () => screen.getAllByRole("columnheader").map((header) => header.textContent);

describe("DeltaTable", () => {
  it("shows an import's changes with source row, record and score; invalid values raw", () => {
    render(<DeltaTable deltas={deltas} />);

    expect(columnNames()).toEqual(["Row", "Change", "Record", "Fields", "Score", "Risk", "Status"]);
    const [, first, merge] = screen.getAllByRole("row");
    expect(within(first!).getByRole("link", { name: "cli_new" })).toHaveAttribute("href", "#/clients/cli_new");
    expect(within(first!).getByText("VP Sales").tagName).toBe("DEL");
    expect(within(first!).getByText("bob@@example.org").closest("li")).toHaveTextContent("email bob@@example.org invalid, kept raw");
    expect(within(first!).getByText("80%")).toBeInTheDocument();
    expect(merge).toHaveTextContent("merge client");
    expect(merge).toHaveTextContent("merge cli_a + cli_b");
  });

  it("shows a proposal's changes without row, record or score when compact", () => {
    render(<DeltaTable deltas={deltas} compact />);

    expect(columnNames()).toEqual(["Change", "Fields", "Risk", "Status"]);
    expect(screen.getByRole("table")).toHaveClass("compact");
    expect(screen.getByText("CRO")).toBeInTheDocument();
  });
});
