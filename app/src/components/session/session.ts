/** The UI's session: who the API takes it for (signed in with a token, or the local operator
 * when the server needs no sign-in), and what that caller's role lets it do. */
import { createContext, useContext } from "react";
import type { Problem } from "../../api/problem";
import type { Action, Caller } from "../../api/types";
import { type Permission, permissionOf } from "./permissions";

export type SessionState =
  | { state: "checking" }
  /** The server needs a token and has none it accepts; `problem` says why, when there is a why. */
  | { state: "signed_out"; problem: Problem | null }
  /** The server could not say who the UI is (down, or an error other than 401). */
  | { state: "unreachable"; problem: Problem }
  /** `withToken` false: the local demo, where the server acts as the local operator. */
  | { state: "signed_in"; caller: Caller; withToken: boolean };

export interface Session {
  status: SessionState;
  /** Sign in with a token; resolves once the server has answered who it belongs to. */
  signIn: (token: string) => Promise<void>;
  signOut: () => void;
  /** Ask the server again who the UI is (after it was unreachable). */
  recheck: () => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession needs a <SessionProvider> above it.");
  return session;
}

const NOT_SIGNED_IN: Permission = { allowed: false, reason: "Sign in first." };

/** Whether the server lets the signed-in caller take `action` (and if not, which role it needs). */
export function usePermission(action: Action): Permission {
  const { status } = useSession();
  return status.state === "signed_in" ? permissionOf(status.caller, action) : NOT_SIGNED_IN;
}
