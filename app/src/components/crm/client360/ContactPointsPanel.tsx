import type { Client360Snapshot, ContactPointView } from "../../../api/types";
import { formatValue, humanize } from "../../../lib/format";
import { Panel } from "../../common/Panel";

function Points({ points, scheme }: { points: ContactPointView[]; scheme: "mailto" | "tel" }) {
  if (points.length === 0) return <p className="muted">None.</p>;
  return (
    <ul className="plain">
      {points.map((point) => (
        <li key={`${point.label}:${point.value}`}>
          <a href={`${scheme}:${point.value}`}>{point.value}</a> <span className="sub">{humanize(point.label ?? "")}</span>
          {point.is_primary && <span className="badge badge-info">primary</span>}
        </li>
      ))}
    </ul>
  );
}

/** Every e-mail address, phone number and postal address on record. */
export function ContactPointsPanel({ snapshot }: { snapshot: Client360Snapshot }) {
  const addresses = snapshot.addresses ?? [];
  return (
    <Panel title="Contact points">
      <h3 className="small-heading">E-mail</h3>
      <Points points={snapshot.emails ?? []} scheme="mailto" />
      <h3 className="small-heading">Phone</h3>
      <Points points={snapshot.phones ?? []} scheme="tel" />
      <h3 className="small-heading">Addresses</h3>
      {addresses.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="plain">
          {addresses.map((address, index) => (
            <li key={index}>
              {["street", "city", "region", "postal_code", "country"]
                .map((part) => address[part])
                .filter((part) => part !== null && part !== undefined && part !== "")
                .map(formatValue)
                .join(", ")}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
