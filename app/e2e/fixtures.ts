/** The test object every spec uses: the served app's address as `baseURL`, page objects, and
 * the API for setting up data the UI does not create (an Oracle writeback). */
import { test as base, expect } from "@playwright/test";
import { CrmApi } from "./api";
import { Client360Page } from "./pages/Client360Page";
import { ClientSearchPage } from "./pages/ClientSearchPage";
import { ImportPage } from "./pages/ImportPage";
import { ImportsPage } from "./pages/ImportsPage";
import { SignInPage } from "./pages/SignInPage";
import { fromSetup } from "./servers";

interface CrmFixtures {
  api: CrmApi;
  importsPage: ImportsPage;
  importPage: ImportPage;
  clientSearchPage: ClientSearchPage;
  client360Page: Client360Page;
  signInPage: SignInPage;
}

export const test = base.extend<CrmFixtures>({
  baseURL: async ({}, use) => use(fromSetup("url")),
  api: async ({ request, baseURL }, use) => use(new CrmApi(request, baseURL ?? "")),
  importsPage: async ({ page }, use) => use(new ImportsPage(page)),
  importPage: async ({ page }, use) => use(new ImportPage(page)),
  clientSearchPage: async ({ page }, use) => use(new ClientSearchPage(page)),
  client360Page: async ({ page }, use) => use(new Client360Page(page)),
  signInPage: async ({ page }, use) => use(new SignInPage(page)),
});

export { expect };
