import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import type { ImportSummary } from "../../../api/types";
import { change, delta, importSummary, mappingManifest } from "../../../test/fixtures";
import { fakeApi, problem } from "../../../test/fakeApi";
import { renderAs, signedInAs } from "../../../test/session";
import { type MappingDrafts, MappingEditor } from "./MappingEditor";

function Harness({ onReplayed }: { onReplayed: (summary: ImportSummary) => void }) {
  const [drafts, setDrafts] = useState<MappingDrafts>({});
  const deltas = [delta({ changes: [change({ field: "email", new: "a@b.c", provenance: { column: "Email", raw_value: "A@B.C" } })] })];
  return <MappingEditor importId="imp_1" deltas={{ state: "ready", data: deltas, refreshing: false }} drafts={drafts} onDraftsChange={setDrafts} onReplayed={onReplayed} />;
}

describe("MappingEditor", () => {
  it("lists every column with samples, target, confidence and origin", async () => {
    fakeApi({ "GET /api/crm/imports/imp_1/mapping": { body: mappingManifest() } });
    renderAs(<Harness onReplayed={vi.fn()} />);

    expect(await screen.findByRole("rowheader", { name: /Shoe Size/ })).toBeInTheDocument();
    expect(screen.getByLabelText("Target for column Shoe Size")).toHaveValue("disposition:unresolved");
    expect(screen.getByLabelText("Target for column Email")).toHaveValue("target:client.email");
    expect(screen.getByText("A@B.C")).toBeInTheDocument();
    expect(screen.getByText("44")).toBeInTheDocument();
    expect(screen.getAllByText("90%")).toHaveLength(2);
    expect(screen.getByRole("button", { name: "Save mapping and replay" })).toBeDisabled();
  });

  it("saves the changed columns and hands over the replayed batch", async () => {
    const replayed = importSummary({ import_id: "imp_2", replay_of: "imp_1" });
    const api = fakeApi({
      "GET /api/crm/imports/imp_1/mapping": { body: mappingManifest() },
      "PUT /api/crm/imports/imp_1/mapping": { body: replayed },
    });
    const onReplayed = vi.fn();
    renderAs(<Harness onReplayed={onReplayed} />);

    await userEvent.selectOptions(await screen.findByLabelText("Target for column Shoe Size"), "disposition:custom");
    await userEvent.selectOptions(screen.getByLabelText("Target for column First Name"), "target:client.full_name");
    expect(screen.getByText("2 columns changed. Saving replays the file from its raw evidence as a new batch.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Save mapping and replay" }));

    expect(api.calls("PUT", "/api/crm/imports/imp_1/mapping")[0]?.body).toEqual({
      edits: [
        { column: "Shoe Size", disposition: "custom" },
        { column: "First Name", target: "client.full_name" },
      ],
    });
    expect(onReplayed).toHaveBeenCalledWith(replayed);
  });

  it("shows why the server refused a mapping", async () => {
    fakeApi({
      "GET /api/crm/imports/imp_1/mapping": { body: mappingManifest() },
      "PUT /api/crm/imports/imp_1/mapping": problem(422, 'columns "Email" and "Shoe Size" would both map to client.email'),
    });
    renderAs(<Harness onReplayed={vi.fn()} />);

    await userEvent.selectOptions(await screen.findByLabelText("Target for column Shoe Size"), "target:client.email");
    await userEvent.click(screen.getByRole("button", { name: "Save mapping and replay" }));
    expect(await screen.findByRole("alert")).toHaveTextContent('columns "Email" and "Shoe Size" would both map to client.email');
  });

  it("discards a draft", async () => {
    fakeApi({ "GET /api/crm/imports/imp_1/mapping": { body: mappingManifest() } });
    renderAs(<Harness onReplayed={vi.fn()} />);
    await userEvent.selectOptions(await screen.findByLabelText("Target for column Shoe Size"), "disposition:ignore");
    await userEvent.click(screen.getByRole("button", { name: "Discard changes" }));
    expect(screen.getByLabelText("Target for column Shoe Size")).toHaveValue("disposition:unresolved");
  });
});

describe("MappingEditor by role", () => {
  it("shows a viewer every target but nothing to change or save, and the role that could", async () => {
    fakeApi({ "GET /api/crm/imports/imp_1/mapping": { body: mappingManifest() } });
    renderAs(<Harness onReplayed={vi.fn()} />, signedInAs("viewer"));

    expect(await screen.findByLabelText("Target for column Email")).toHaveValue("target:client.email");
    expect(screen.getByLabelText("Target for column Shoe Size")).toBeDisabled();
    expect(screen.queryByRole("button", { name: "Save mapping and replay" })).not.toBeInTheDocument();
    expect(screen.getByText("Editing the mapping needs the operator role; viewer sam is signed in as viewer.")).toBeInTheDocument();
  });

  it("lets an operator edit and save", async () => {
    fakeApi({ "GET /api/crm/imports/imp_1/mapping": { body: mappingManifest() } });
    renderAs(<Harness onReplayed={vi.fn()} />, signedInAs("operator"));

    await userEvent.selectOptions(await screen.findByLabelText("Target for column Shoe Size"), "disposition:custom");
    expect(screen.getByRole("button", { name: "Save mapping and replay" })).toBeEnabled();
    expect(screen.queryByText(/needs the operator role/)).not.toBeInTheDocument();
  });
});
