import type { Client360Snapshot } from "../../../api/types";
import { Panel } from "../../common/Panel";

/** The organisations or households the client belongs to, with the role. */
export function AccountsPanel({ snapshot }: { snapshot: Client360Snapshot }) {
  const accounts = snapshot.accounts ?? [];
  return (
    <Panel title="Accounts">
      {accounts.length === 0 ? (
        <p className="empty">Not linked to any account.</p>
      ) : (
        <ul className="plain">
          {accounts.map((account) => (
            <li key={`${account.account_id}:${account.role}`}>
              <strong>{account.name ?? account.account_id}</strong>
              {account.domain && <span className="sub"> {account.domain}</span>}
              {account.role && <span className="badge badge-neutral">{account.role}</span>}
              <div className="sub mono">{account.account_id}</div>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
