/** Builds the demo database in a temporary folder, serves it (with the built UI) on a free
 * port with `velocity-crm serve`, and hands the address to the tests; tears both down after. */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ARTIFACTS_DIR, REPO_ROOT } from "./paths";

const CLI = resolve(REPO_ROOT, ".venv/bin/velocity-crm");
const POLICY = resolve(REPO_ROOT, "backend/demo/demo_policy.yaml");

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

async function waitUntilServing(url: string, server: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) break;
    try {
      const response = await fetch(`${url}/api/crm/imports`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((wake) => setTimeout(wake, 250));
  }
  throw new Error(`velocity-crm serve did not come up at ${url}:\n${readFileSync(log, "utf8").slice(-4000)}`);
}

export default async function globalSetup() {
  if (!existsSync(resolve(REPO_ROOT, "app/dist/index.html"))) {
    throw new Error("app/dist is missing: run `npm run build` before `npm run e2e`.");
  }
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), "velocity-e2e-"));
  execFileSync(CLI, ["demo", "--no-serve", "--data-dir", dataDir], { cwd: dataDir, stdio: "pipe" });

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = join(dataDir, "server.log");
  const output = openSync(log, "a");
  const server = spawn(CLI, ["serve", "--port", String(port)], {
    cwd: dataDir,
    env: { ...process.env, VELOCITY_DATA_DIR: dataDir, VELOCITY_POLICY: POLICY, VELOCITY_OPERATOR: "e2e-operator" },
    stdio: ["ignore", output, output],
  });
  await waitUntilServing(url, server, log);
  process.env.VELOCITY_E2E_URL = url;
  process.env.VELOCITY_E2E_SERVER_LOG = log;

  return async () => {
    server.kill("SIGTERM");
    await new Promise((done) => (server.exitCode !== null ? done(null) : server.once("exit", done)));
    rmSync(dataDir, { recursive: true, force: true });
  };
}
