/** Hash routes (`#/imports/imp_…?tab=mapping`): parsing and building, kept pure. */

export const IMPORT_TABS = ["review", "mapping", "unresolved", "deltas"] as const;
export type ImportTab = (typeof IMPORT_TABS)[number];
export const CLIENT_TABS = ["overview", "oracle"] as const;
export type ClientTab = (typeof CLIENT_TABS)[number];

export type Route =
  | { page: "imports" }
  | { page: "import"; importId: string; tab: ImportTab }
  | { page: "clients"; query: string }
  | { page: "client"; clientId: string; tab: ClientTab }
  | { page: "not_found"; path: string };

function oneOf<T extends string>(choices: readonly T[], value: string | null, fallback: T): T {
  return choices.find((choice) => choice === value) ?? fallback;
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, "") || "/imports";
  const [pathPart = "", search = ""] = raw.split("?", 2);
  const params = new URLSearchParams(search);
  const segments = pathPart.split("/").filter(Boolean).map(decodeURIComponent);
  const [section, id, ...rest] = segments;
  if (rest.length > 0) return { page: "not_found", path: pathPart };
  if (section === "imports") {
    if (!id) return { page: "imports" };
    return { page: "import", importId: id, tab: oneOf(IMPORT_TABS, params.get("tab"), "review") };
  }
  if (section === "clients") {
    if (!id) return { page: "clients", query: params.get("q") ?? "" };
    return { page: "client", clientId: id, tab: oneOf(CLIENT_TABS, params.get("tab"), "overview") };
  }
  return { page: "not_found", path: pathPart };
}

export function routeHref(route: Route): string {
  switch (route.page) {
    case "imports":
      return "#/imports";
    case "import":
      return `#/imports/${encodeURIComponent(route.importId)}${route.tab === "review" ? "" : `?tab=${route.tab}`}`;
    case "clients":
      return route.query ? `#/clients?q=${encodeURIComponent(route.query)}` : "#/clients";
    case "client":
      return `#/clients/${encodeURIComponent(route.clientId)}${route.tab === "overview" ? "" : `?tab=${route.tab}`}`;
    case "not_found":
      return `#${route.path}`;
  }
}

export const importHref = (importId: string, tab: ImportTab = "review") => routeHref({ page: "import", importId, tab });
export const clientHref = (clientId: string, tab: ClientTab = "overview") => routeHref({ page: "client", clientId, tab });

/** A link for an id the API hands out: imports and clients have pages, other ids do not. */
export function hrefForId(id: string | null | undefined): string | null {
  if (!id) return null;
  if (id.startsWith("imp_")) return importHref(id);
  if (id.startsWith("cli_")) return clientHref(id);
  return null;
}
