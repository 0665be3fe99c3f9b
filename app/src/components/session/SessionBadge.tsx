import { useSession } from "./session";

/** Who the UI acts as, in the top bar: the signed-in token holder and role (with sign-out), or
 * the local operator of a server that needs no sign-in. */
export function SessionBadge() {
  const { status, signOut } = useSession();
  if (status.state !== "signed_in") return null;
  const { caller, withToken } = status;
  return (
    <div className="session-badge">
      {withToken ? (
        <>
          <p>
            Signed in as <strong>{caller.actor}</strong> ({caller.role})
          </p>
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </>
      ) : (
        <p>
          Local demo, no sign-in: acting as <strong>{caller.actor}</strong> ({caller.role})
        </p>
      )}
    </div>
  );
}
