import type { Client360Snapshot } from "../../../api/types";
import { formatDateTime, formatValue } from "../../../lib/format";
import { Badge } from "../../common/Badge";
import { IdLink } from "../../common/IdLink";
import { clientName } from "./client360Model";

/** Who the client is at a glance: name, title, company, primary contact, snapshot version. */
export function ClientHeader({ snapshot }: { snapshot: Client360Snapshot }) {
  const title = snapshot.profile?.job_title?.value;
  const company = snapshot.accounts?.[0]?.name;
  const email = snapshot.emails?.find((point) => point.is_primary)?.value ?? snapshot.emails?.[0]?.value;
  const phone = snapshot.phones?.find((point) => point.is_primary)?.value ?? snapshot.phones?.[0]?.value;
  return (
    <header className="page-head client-header">
      <h1>
        {clientName(snapshot)} {snapshot.status && snapshot.status !== "active" && <Badge value={snapshot.status} tone="bad" />}
      </h1>
      <p className="lede">
        {[title && formatValue(title), company].filter(Boolean).join(" at ") || "No title or company on record"}
      </p>
      <p className="client-contact">
        {email && <a href={`mailto:${email}`}>{email}</a>}
        {phone && <a href={`tel:${phone}`}>{phone}</a>}
        <span className="mono sub">{snapshot.client_id}</span>
        <span className="sub">
          snapshot v{snapshot.version} · refreshed {formatDateTime(snapshot.refreshed_at)}
        </span>
      </p>
      {snapshot.merged_into && (
        <p className="notice" role="note">
          This client was merged into <IdLink id={snapshot.merged_into} />.
        </p>
      )}
    </header>
  );
}
