import { type Locator, type Page, expect } from "@playwright/test";

/** The sign-in form of a server that needs a token, and the top bar's "signed in as". */
export class SignInPage {
  readonly heading: Locator;
  readonly token: Locator;
  readonly problem: Locator;
  readonly signedInAs: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "Sign in" });
    this.token = page.getByLabel("API token");
    this.problem = page.getByRole("alert");
    this.signedInAs = page.getByRole("banner").getByText(/^Signed in as/);
  }

  async signIn(token: string): Promise<void> {
    await expect(this.heading).toBeVisible();
    await this.token.fill(token);
    await this.token.press("Enter");
  }

  async signOut(): Promise<void> {
    await this.page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
    await expect(this.heading).toBeVisible();
  }
}
