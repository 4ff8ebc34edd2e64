// Starts the real server binary on a free port with a fresh data directory, for one test file.
//   const srv = await startServer({ EMBED_ORIGINS: 'http://localhost:1234' });
//   ... srv.base ...
//   await srv.stop();
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SERVER_BIN = process.env.SERVER_BIN || join(root, 'target/debug/server');
export const DIST_DIR = process.env.DIST_DIR || join(root, 'dist');

/** The first coordinator, made by the server binary on a data directory (before the server starts). */
export function createCoordinator(dataDir, password, username = 'koordinator') {
  execFileSync(SERVER_BIN, ['create-coordinator', '--username', username], {
    env: { ...process.env, DATA_DIR: dataDir, LAPOR_PASSWORD: password, RUST_LOG: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** A port nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export async function startServer(extraEnv = {}) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'lapor-e2e-'));
  const proc = spawn(SERVER_BIN, [], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DIST_DIR,
      RUST_LOG: process.env.RUST_LOG || 'warn',
      SUBMIT_BURST: '100',
      SUBMIT_RATE_PER_HOUR: '1000',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  proc.stdout.on('data', (d) => { log += d; });
  proc.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((resolve) => proc.on('exit', resolve));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}:\n${log}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`server did not answer /healthz within 60 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    port,
    log: () => log,
    async stop() {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
