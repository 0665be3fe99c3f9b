import { type FormEvent, useId, useState } from "react";
import type { Problem } from "../../api/problem";
import { ProblemMessage } from "../common/ProblemMessage";
import { useSession } from "./session";

/** Sign in with an API token (the server needs one); shows why the UI was signed out. */
export function SignInPage({ problem }: { problem: Problem | null }) {
  const { signIn } = useSession();
  const headingId = useId();
  const tokenId = useId();
  const [token, setToken] = useState("");
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    await signIn(token.trim());
    setBusy(false);
  };

  return (
    <div className="page sign-in">
      <section className="panel" aria-labelledby={headingId}>
        <h1 id={headingId}>Sign in</h1>
        <p className="muted">
          This server needs an API token. An admin creates one with{" "}
          <code>velocity-crm tokens create --name NAME --role viewer|operator|approver</code>; it is kept only in this
          browser tab.
        </p>
        {problem && <ProblemMessage problem={problem} context="Not signed in" />}
        <form className="sign-in-form" onSubmit={submit}>
          <div className="field">
            <label htmlFor={tokenId}>API token</label>
            <input
              id={tokenId}
              type="password"
              autoComplete="off"
              spellCheck={false}
              value={token}
              onChange={(event) => setToken(event.target.value)}
            />
          </div>
          <button type="submit" className="primary" disabled={busy || token.trim() === ""}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </form>
      </section>
    </div>
  );
}
