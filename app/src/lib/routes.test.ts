import { describe, expect, it } from "vitest";
import { type Route, hrefForId, parseRoute, routeHref } from "./routes";

describe("parseRoute", () => {
  it.each<[string, Route]>([
    ["", { page: "imports" }],
    ["#/imports", { page: "imports" }],
    ["#/imports/imp_1", { page: "import", importId: "imp_1", tab: "review" }],
    ["#/imports/imp_1?tab=mapping", { page: "import", importId: "imp_1", tab: "mapping" }],
    ["#/imports/imp_1?tab=bogus", { page: "import", importId: "imp_1", tab: "review" }],
    ["#/clients", { page: "clients", query: "" }],
    ["#/clients?q=O%27Brien", { page: "clients", query: "O'Brien" }],
    ["#/clients/cli_1?tab=oracle", { page: "client", clientId: "cli_1", tab: "oracle" }],
    ["#/elsewhere", { page: "not_found", path: "/elsewhere" }],
    ["#/imports/imp_1/extra", { page: "not_found", path: "/imports/imp_1/extra" }],
  ])("%s", (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });
});

describe("routeHref", () => {
  it.each<Route>([
    { page: "imports" },
    { page: "import", importId: "imp_1", tab: "review" },
    { page: "import", importId: "imp_1", tab: "unresolved" },
    { page: "clients", query: "smith & co" },
    { page: "client", clientId: "cli_1", tab: "oracle" },
  ])("round-trips %j", (route) => {
    expect(parseRoute(routeHref(route))).toEqual(route);
  });
});

describe("hrefForId", () => {
  it("links imports and clients only", () => {
    expect(hrefForId("imp_1")).toBe("#/imports/imp_1");
    expect(hrefForId("cli_1")).toBe("#/clients/cli_1");
    expect(hrefForId("wbk_1")).toBeNull();
    expect(hrefForId(null)).toBeNull();
  });
});
