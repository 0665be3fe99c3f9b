import { type ReactNode, useCallback, useEffect, useMemo, useState } from "react";
import { forgetToken, onUnauthenticated, storeToken, storedToken } from "../../api/credentials";
import { problemOf } from "../../api/problem";
import { fetchCaller } from "../../api/resources/caller";
import { type Session, SessionContext, type SessionState } from "./session";

/** Asks the server who the UI is (`GET /api/crm/me`) and keeps the answer; any request the
 * server refuses with 401 signs the UI out, with the server's reason. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<SessionState>({ state: "checking" });

  const check = useCallback(() => {
    const withToken = storedToken() !== null;
    return fetchCaller().then(
      (caller) => setStatus({ state: "signed_in", caller, withToken }),
      (error: unknown) => {
        const problem = problemOf(error);
        // Without a token, a 401 only means "this server needs one": no reason to show yet.
        if (problem.status === 401) setStatus({ state: "signed_out", problem: withToken ? problem : null });
        else setStatus({ state: "unreachable", problem });
      },
    );
  }, []);

  useEffect(() => {
    void check();
    return onUnauthenticated((problem) => setStatus({ state: "signed_out", problem }));
  }, [check]);

  const session = useMemo<Session>(() => {
    const recheck = () => {
      setStatus({ state: "checking" });
      void check();
    };
    return {
      status,
      signIn: (token) => {
        storeToken(token);
        return check();
      },
      signOut: () => {
        forgetToken();
        recheck();
      },
      recheck,
    };
  }, [status, check]);
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
