/** Builds the demo database in a temporary folder and serves it (with the built UI) on a free
 * port with `velocity-crm serve`; a copy of it is served a second time with sign-in required,
 * with a viewer's and an approver's token. Hands the addresses and tokens to the tests (see
 * `servers.ts`) and tears everything down after. */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ARTIFACTS_DIR, REPO_ROOT } from "./paths";
import { E2E_ENV } from "./servers";

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
      // Any answer will do (401 included, from the server that needs sign-in).
      await fetch(`${url}/api/crm/me`);
      return;
    } catch {
      // not listening yet
    }
    await new Promise((wake) => setTimeout(wake, 250));
  }
  throw new Error(`velocity-crm serve did not come up at ${url}:\n${readFileSync(log, "utf8").slice(-4000)}`);
}

interface Served {
  url: string;
  log: string;
  stop: () => Promise<void>;
}

/** `velocity-crm serve` on the database in `dataDir`, on a free port. */
async function serve(dataDir: string, env: Record<string, string> = {}): Promise<Served> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = join(dataDir, "server.log");
  const output = openSync(log, "a");
  const server = spawn(CLI, ["serve", "--port", String(port)], {
    cwd: dataDir,
    env: { ...process.env, VELOCITY_DATA_DIR: dataDir, VELOCITY_POLICY: POLICY, VELOCITY_OPERATOR: "e2e-operator", ...env },
    stdio: ["ignore", output, output],
  });
  await waitUntilServing(url, server, log);
  const stop = async () => {
    server.kill("SIGTERM");
    await new Promise((done) => (server.exitCode !== null ? done(null) : server.once("exit", done)));
  };
  return { url, log, stop };
}

function createToken(dataDir: string, name: string, role: string): string {
  return execFileSync(CLI, ["tokens", "create", "--name", name, "--role", role], {
    cwd: dataDir,
    env: { ...process.env, VELOCITY_DATA_DIR: dataDir },
    encoding: "utf8",
  }).trim();
}

export default async function globalSetup() {
  if (!existsSync(resolve(REPO_ROOT, "app/dist/index.html"))) {
    throw new Error("app/dist is missing: run `npm run build` before `npm run e2e`.");
  }
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), "velocity-e2e-"));
  execFileSync(CLI, ["demo", "--no-serve", "--data-dir", dataDir], { cwd: dataDir, stdio: "pipe" });
  const authDataDir = mkdtempSync(join(tmpdir(), "velocity-e2e-auth-"));
  cpSync(dataDir, authDataDir, { recursive: true });

  const demo = await serve(dataDir);
  const withSignIn = await serve(authDataDir, { VELOCITY_AUTH_REQUIRED: "true" });
  process.env[E2E_ENV.url] = demo.url;
  process.env[E2E_ENV.serverLog] = demo.log;
  process.env[E2E_ENV.authUrl] = withSignIn.url;
  process.env[E2E_ENV.viewerToken] = createToken(authDataDir, "e2e-viewer", "viewer");
  process.env[E2E_ENV.approverToken] = createToken(authDataDir, "e2e-approver", "approver");

  return async () => {
    await Promise.all([demo.stop(), withSignIn.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(authDataDir, { recursive: true, force: true });
  };
}
