import type { ReactNode } from "react";
import { ProblemMessage } from "../common/ProblemMessage";
import { SignInPage } from "./SignInPage";
import { useSession } from "./session";

/** The pages once the UI knows who it is; the sign-in form while the server wants a token. */
export function SessionGate({ children }: { children: ReactNode }) {
  const { status, recheck } = useSession();
  switch (status.state) {
    case "checking":
      return (
        <div className="page">
          <p className="loading" role="status">
            Checking who you are…
          </p>
        </div>
      );
    case "signed_out":
      return <SignInPage problem={status.problem} />;
    case "unreachable":
      return (
        <div className="page">
          <ProblemMessage problem={status.problem} context="Could not ask the server who you are" onRetry={recheck} />
        </div>
      );
    case "signed_in":
      return children;
  }
}
