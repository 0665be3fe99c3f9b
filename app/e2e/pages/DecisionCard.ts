import { type Locator, expect } from "@playwright/test";

/** One review decision card: options, note, corrected value, approve and reject. */
export class DecisionCard {
  constructor(readonly root: Locator) {}

  async choose(optionLabel: string | RegExp): Promise<void> {
    await this.root.getByRole("radio", { name: optionLabel }).check();
  }

  async note(text: string): Promise<void> {
    await this.root.getByRole("textbox", { name: "Note (optional)" }).fill(text);
  }

  async correctedValue(text: string): Promise<void> {
    await this.root.getByRole("textbox", { name: "Corrected value" }).fill(text);
  }

  async approve(): Promise<void> {
    await this.root.getByRole("button", { name: "Approve" }).click();
  }

  /** The side-by-side identity evidence: the incoming record and each candidate. */
  candidate(letter: string): Locator {
    return this.root.getByRole("article", { name: `Candidate ${letter}` });
  }

  /** A row of the uploaded file, in a doubt between rows of the same file. */
  row(number: number): Locator {
    return this.root.getByRole("article", { name: `Row ${number}` });
  }

  /** The score and comparisons of two rows of the same file. */
  pair(first: number, second: number): Locator {
    return this.root.getByRole("region", { name: `Rows ${first} and ${second}` });
  }

  get incoming(): Locator {
    return this.root.getByRole("article", { name: "Incoming record" });
  }

  async expectDecided(text: string | RegExp): Promise<void> {
    await expect(this.root.locator(".decided")).toContainText(text);
  }
}
