import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { UnresolvedField } from "../../../api/types";
import type { ResourceHandle } from "../../../api/useResource";
import { renderAs, signedInAs } from "../../../test/session";
import { UnresolvedFields } from "./UnresolvedFields";

const shoeSize: UnresolvedField = {
  import_id: "imp_1",
  column: "Shoe Size",
  row: null,
  raw_value: "44, 38",
  reason: "unmapped_column",
  message: "No canonical field matches this column.",
  suggestions: ["client.custom.shoe_size"],
};
const unresolved: ResourceHandle<UnresolvedField[]> = { state: "ready", data: [shoeSize], refreshing: false, reload: vi.fn() };

describe("UnresolvedFields by role", () => {
  it("lets an operator take a suggestion into the mapping editor", async () => {
    const onUseSuggestion = vi.fn();
    renderAs(<UnresolvedFields unresolved={unresolved} onUseSuggestion={onUseSuggestion} />, signedInAs("operator"));

    await userEvent.click(screen.getByRole("button", { name: "Map to client.custom.shoe_size" }));
    expect(onUseSuggestion).toHaveBeenCalledWith("Shoe Size", "client.custom.shoe_size");
  });

  it("shows a viewer the suggestions disabled, with the role that could take them", () => {
    renderAs(<UnresolvedFields unresolved={unresolved} onUseSuggestion={vi.fn()} />, signedInAs("viewer"));

    expect(screen.getByRole("button", { name: "Map to client.custom.shoe_size" })).toBeDisabled();
    expect(screen.getByText("Editing the mapping needs the operator role; viewer sam is signed in as viewer.")).toBeInTheDocument();
  });
});
