import { hrefForId } from "../../lib/routes";

/** An id from the API, linked when it has a page (imports and clients). */
export function IdLink({ id, label }: { id: string | null | undefined; label?: string }) {
  if (!id) return <span>—</span>;
  const href = hrefForId(id);
  return href ? (
    <a href={href} className="mono">
      {label ?? id}
    </a>
  ) : (
    <span className="mono">{label ?? id}</span>
  );
}
