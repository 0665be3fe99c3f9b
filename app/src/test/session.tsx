/** Component tests render inside a session, as the UI does: by default the local approver of
 * a server that needs no sign-in; `signedInAs(role)` for a token holder with that role. */
import { render } from "@testing-library/react";
import type { ReactElement, ReactNode } from "react";
import { vi } from "vitest";
import type { Caller, Role } from "../api/types";
import { type Session, SessionContext } from "../components/session/session";
import { caller } from "./fixtures";

export const LOCAL_APPROVER: Caller = caller({ actor: "dana", role: "approver", auth_required: false });

export function signedInAs(role: Role): Caller {
  return caller({ actor: `${role} sam`, role, auth_required: true });
}

function sessionOf(caller: Caller): Session {
  return {
    status: { state: "signed_in", caller, withToken: caller.auth_required },
    signIn: vi.fn(async () => undefined),
    signOut: vi.fn(),
    recheck: vi.fn(),
  };
}

export function renderAs(ui: ReactElement, caller: Caller = LOCAL_APPROVER) {
  const session = sessionOf(caller);
  const wrapper = ({ children }: { children: ReactNode }) => <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
  return render(ui, { wrapper });
}
