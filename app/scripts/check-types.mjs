// Fails when src/api/schema.d.ts no longer matches the backend's OpenAPI schema.
// Regenerates both the schema and the types into a temporary folder and compares.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const appDir = resolve(import.meta.dirname, "..");
const work = mkdtempSync(join(tmpdir(), "velocity-types-"));
try {
  const openapi = join(work, "openapi.json");
  const types = join(work, "schema.d.ts");
  execFileSync(resolve(appDir, "../.venv/bin/python"), [resolve(appDir, "../scripts/openapi.py"), openapi], { stdio: "inherit" });
  execFileSync(resolve(appDir, "node_modules/.bin/openapi-typescript"), [openapi, "-o", types], { stdio: "ignore" });
  const drifted = [
    ["openapi.json", openapi],
    ["src/api/schema.d.ts", types],
  ].filter(([committed, fresh]) => readFileSync(join(appDir, committed), "utf8") !== readFileSync(fresh, "utf8"));
  if (drifted.length > 0) {
    console.error(`API types drifted from the backend: ${drifted.map(([c]) => c).join(", ")}. Run \`npm run gen:types\`.`);
    process.exit(1);
  }
  console.log("API types match the backend's OpenAPI schema.");
} finally {
  rmSync(work, { recursive: true, force: true });
}
