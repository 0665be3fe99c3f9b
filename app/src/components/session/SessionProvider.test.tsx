import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { storeToken, storedToken } from "../../api/credentials";
import { useImports } from "../../api/resources/imports";
import { type RecordedRequest, fakeApi, problem } from "../../test/fakeApi";
import { caller } from "../../test/fixtures";
import { ResourceView } from "../common/ResourceView";
import { SessionBadge } from "./SessionBadge";
import { SessionGate } from "./SessionGate";
import { SessionProvider } from "./SessionProvider";

const APPROVER = caller({ actor: "ann", role: "approver", auth_required: true });

/** The server of a deployment that needs a token: `vel_ann` is Ann's, the approver's. */
function whoIs(request: RecordedRequest) {
  const authorization = request.headers.get("Authorization");
  if (authorization === "Bearer vel_ann") return { body: APPROVER };
  return authorization ? problem(401, "The bearer token is not valid.") : problem(401, "This API needs a bearer token.");
}

function ImportCount() {
  const imports = useImports();
  return <ResourceView resource={imports} what="the imports">{(items) => <p>{items.length} imports</p>}</ResourceView>;
}

function renderApp() {
  render(
    <SessionProvider>
      <SessionBadge />
      <SessionGate>
        <ImportCount />
      </SessionGate>
    </SessionProvider>,
  );
}

describe("SessionProvider with SessionGate", () => {
  it("acts as the local operator when the server needs no sign-in, and says so", async () => {
    fakeApi({
      "GET /api/crm/me": { body: caller({ actor: "e2e-operator", role: "approver", auth_required: false }) },
      "GET /api/crm/imports": { body: [] },
    });
    renderApp();

    expect(await screen.findByText("0 imports")).toBeInTheDocument();
    expect(screen.getByText(/Local demo, no sign-in: acting as/)).toHaveTextContent("acting as e2e-operator (approver)");
    expect(screen.queryByRole("button", { name: "Sign out" })).not.toBeInTheDocument();
  });

  it("asks for a token when the server needs one, then sends it with every request", async () => {
    const api = fakeApi({ "GET /api/crm/me": whoIs, "GET /api/crm/imports": { body: [] } });
    renderApp();

    const token = await screen.findByLabelText("API token");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Sign in" })).toBeDisabled();
    await userEvent.type(token, " vel_ann {Enter}");

    expect(await screen.findByText("0 imports")).toBeInTheDocument();
    expect(screen.getByText(/Signed in as/)).toHaveTextContent("Signed in as ann (approver)");
    expect(storedToken()).toBe("vel_ann");
    expect(api.calls("GET", "/api/crm/imports")[0]?.headers.get("Authorization")).toBe("Bearer vel_ann");
  });

  it("shows the server's reason when it refuses a token, and keeps nothing", async () => {
    fakeApi({ "GET /api/crm/me": whoIs });
    renderApp();

    await userEvent.type(await screen.findByLabelText("API token"), "vel_typo");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Not signed in: The bearer token is not valid.");
    expect(screen.getByLabelText("API token")).toBeInTheDocument();
    expect(storedToken()).toBeNull();
  });

  it("returns to sign-in with the problem when any call is refused with 401", async () => {
    storeToken("vel_ann");
    fakeApi({ "GET /api/crm/me": whoIs, "GET /api/crm/imports": problem(401, "The bearer token was revoked.") });
    renderApp();

    expect(await screen.findByRole("alert")).toHaveTextContent("Not signed in: The bearer token was revoked.");
    expect(screen.getByLabelText("API token")).toBeInTheDocument();
    expect(screen.queryByText(/Signed in as/)).not.toBeInTheDocument();
    expect(storedToken()).toBeNull();
  });

  it("signs out: forgets the token and asks for one again", async () => {
    storeToken("vel_ann");
    fakeApi({ "GET /api/crm/me": whoIs, "GET /api/crm/imports": { body: [] } });
    renderApp();

    await userEvent.click(await screen.findByRole("button", { name: "Sign out" }));

    expect(await screen.findByLabelText("API token")).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(storedToken()).toBeNull();
  });

  it("says when the server cannot say who the UI is, and asks again on request", async () => {
    let up = false;
    fakeApi({
      "GET /api/crm/me": () => (up ? { body: APPROVER } : problem(503, "The database is starting.")),
      "GET /api/crm/imports": { body: [] },
    });
    renderApp();

    expect(await screen.findByRole("alert")).toHaveTextContent("Could not ask the server who you are: The database is starting.");
    up = true;
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByText("0 imports")).toBeInTheDocument();
  });
});
