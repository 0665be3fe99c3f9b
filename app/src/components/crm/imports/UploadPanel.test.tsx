import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { importSummary } from "../../../test/fixtures";
import { fakeApi } from "../../../test/fakeApi";
import { UploadPanel } from "./UploadPanel";

/** An XMLHttpRequest the test drives: progress events, then the server's answer. */
class FakeXhr {
  static last: FakeXhr | null = null;
  upload: { onprogress: ((event: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  status = 0;
  statusText = "";
  responseText = "";
  method = "";
  url = "";
  body: FormData | null = null;
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader() {}
  abort() {}
  send(body: FormData) {
    this.body = body;
    FakeXhr.last = this;
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ loaded, total, lengthComputable: true });
  }
  answer(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }
}

const profiles = [
  { key: "hubspot_contacts", system: "hubspot", object: "client", label: "HubSpot contacts export" },
  { key: "salesforce_contacts", system: "salesforce", object: "client", label: "Salesforce contacts report" },
];

describe("UploadPanel", () => {
  it("uploads the chosen file with its profile and shows the progress", async () => {
    fakeApi({ "GET /api/crm/source-profiles": { body: profiles } });
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
    const onUploaded = vi.fn();
    render(<UploadPanel onUploaded={onUploaded} />);

    const file = new File(["Email\nbob@example.com\n"], "contacts.csv", { type: "text/csv" });
    await userEvent.upload(screen.getByLabelText("Export file"), file);
    expect(screen.getByText("contacts.csv")).toBeInTheDocument();
    await screen.findByRole("option", { name: "HubSpot contacts export" });
    await userEvent.selectOptions(screen.getByLabelText("Source profile"), "hubspot_contacts");
    await userEvent.click(screen.getByRole("button", { name: "Upload and analyse" }));

    const xhr = FakeXhr.last!;
    expect(xhr.url).toBe("/api/crm/imports");
    expect(xhr.body?.get("profile")).toBe("hubspot_contacts");
    expect((xhr.body?.get("file") as File).name).toBe("contacts.csv");
    act(() => xhr.progress(40, 100));
    expect(screen.getByText("Uploading… 40%")).toBeInTheDocument();
    expect(screen.getByLabelText("Upload progress")).toHaveAttribute("value", "40");
    act(() => xhr.progress(100, 100));
    expect(screen.getByText(/Uploaded; analysing the file/)).toBeInTheDocument();
    await act(async () => xhr.answer(201, importSummary({ import_id: "imp_new" })));
    expect(onUploaded).toHaveBeenCalledWith(expect.objectContaining({ import_id: "imp_new" }));
  });

  it("accepts a dropped file and leaves the profile to inference", async () => {
    fakeApi({ "GET /api/crm/source-profiles": { body: profiles } });
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
    render(<UploadPanel onUploaded={vi.fn()} />);

    const file = new File(["a,b\n1,2\n"], "dropped.csv", { type: "text/csv" });
    const zone = screen.getByTestId("drop-zone");
    act(() => {
      zone.dispatchEvent(Object.assign(new Event("drop", { bubbles: true }), { dataTransfer: { files: [file] } }));
    });
    expect(await screen.findByText("dropped.csv")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Upload and analyse" }));
    expect(FakeXhr.last?.body?.get("profile")).toBeNull();
  });

  it("shows the problem detail of a failed import and links the kept batch", async () => {
    fakeApi({ "GET /api/crm/source-profiles": { body: profiles } });
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
    render(<UploadPanel onUploaded={vi.fn()} />);
    await userEvent.upload(screen.getByLabelText("Export file"), new File(["\u0000"], "broken.csv"));
    await userEvent.click(screen.getByRole("button", { name: "Upload and analyse" }));
    await act(async () =>
      FakeXhr.last!.answer(422, { title: "Unreadable file", status: 422, detail: "The file mixes UTF-8 with another encoding at byte 12.", import_id: "imp_failed" }),
    );

    expect(screen.getByRole("alert")).toHaveTextContent("The import failed: The file mixes UTF-8 with another encoding at byte 12.");
    expect(screen.getByRole("link", { name: "imp_failed" })).toHaveAttribute("href", "#/imports/imp_failed");
  });
});
