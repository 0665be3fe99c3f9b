import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeApi } from "../../../test/fakeApi";
import { importSummary } from "../../../test/fixtures";
import { renderAs, signedInAs } from "../../../test/session";
import { ImportReviewPage } from "./ImportReviewPage";

describe("ImportReviewPage by role", () => {
  it("shows a viewer the imports but no upload, and the role that could upload", async () => {
    fakeApi({ "GET /api/crm/imports": { body: [importSummary()] } });
    renderAs(<ImportReviewPage />, signedInAs("viewer"));

    expect(await screen.findByText("contacts.csv")).toBeInTheDocument();
    expect(screen.queryByLabelText("Export file")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Upload and analyse" })).not.toBeInTheDocument();
    expect(screen.getByRole("region", { name: "Upload an export" })).toHaveTextContent(
      "Uploading an export needs the operator role; viewer sam is signed in as viewer.",
    );
  });

  it("lets an operator upload", async () => {
    fakeApi({ "GET /api/crm/imports": { body: [] }, "GET /api/crm/source-profiles": { body: [] } });
    renderAs(<ImportReviewPage />, signedInAs("operator"));

    expect(await screen.findByLabelText("Export file")).toBeInTheDocument();
    expect(screen.queryByText(/needs the operator role/)).not.toBeInTheDocument();
  });
});
