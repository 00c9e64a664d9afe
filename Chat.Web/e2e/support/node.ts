import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const repo = resolve(web, '..');

/**
 * The Chat.Server.dll (CHAT_SERVER_DLL, or the Debug or Release build) that serves the page in
 * Chat.Web/dist: testing an older build of the page would prove nothing.
 */
function serverDll(): string {
  const built = readPage(join(web, 'dist', 'index.html'));
  const candidates = process.env.CHAT_SERVER_DLL
    ? [process.env.CHAT_SERVER_DLL]
    : ['Debug', 'Release'].map((configuration) => join(repo, 'Chat.Server', 'bin', configuration, 'net10.0', 'Chat.Server.dll'));
  const existing = candidates.filter((dll) => existsSync(dll));
  if (existing.length === 0) {
    throw new Error('Chat.Server.dll is not built: run `dotnet build Chat.sln` in the repository root first (it also builds this page).');
  }
  const current = existing.find((dll) => built !== null && readPage(join(dirname(dll), 'wwwroot', 'index.html')) === built);
  if (!current) {
    throw new Error(`${existing.join(' and ')} serve(s) an older build of the page than Chat.Web/dist: run \`dotnet build Chat.sln\` (it rebuilds the page and copies it next to the server).`);
  }
  return current;
}

function readPage(path: string): string | null {
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A Chat.Server node on a free loopback port with its own SQLite file, started and stopped by the tests. */
export class ChatNode {
  private process: ChildProcess | null = null;
  private log: string[] = [];

  private constructor(
    private readonly dll: string,
    readonly port: number,
    private readonly folder: string,
    private readonly settings: string[],
  ) {}

  /** `settings` are more command-line settings, e.g. `['--Accounts:Admins:0', 'root']`. */
  static async start(settings: string[] = []): Promise<ChatNode> {
    const dll = serverDll();
    const node = new ChatNode(dll, await freePort(), mkdtempSync(join(tmpdir(), 'chat-e2e-')), settings);
    await node.run();
    return node;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Kills the process at once (no graceful shutdown), as a crash would. */
  async kill(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGKILL');
    await exited;
    this.process = null;
  }

  /** Starts the node again on the same port and database. */
  async restart(): Promise<void> {
    await this.kill();
    await this.run();
  }

  /** Shuts the node down as a deploy would (its connections closed), keeping the database for `startAgain`. */
  async stop(): Promise<void> {
    const child = this.process;
    if (child && child.exitCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    this.process = null;
  }

  /** Starts a stopped node again on the same port and database; resolves with the time (ms) it was ready. */
  async startAgain(): Promise<number> {
    await this.run();
    return Date.now();
  }

  /** Stops the node and deletes its files. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.folder, { recursive: true, force: true });
  }

  private async run(): Promise<void> {
    const args = [
      this.dll,
      '--urls', this.url,
      '--ConnectionStrings:Chat', `Data Source=${join(this.folder, 'chat.db')}`,
      '--Accounts:RequestsPerMinutePerAddress', '100000',
      '--Hub:MessageBurst', '100000',
      '--Hub:MessagesPerSecond', '100000',
      ...this.settings,
    ];
    const env = { ...process.env, ASPNETCORE_ENVIRONMENT: 'Production', DOTNET_ENVIRONMENT: 'Production', DOTNET_NOLOGO: '1' };
    const child = spawn('dotnet', args, { cwd: this.folder, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.process = child;
    const keep = (chunk: Buffer) => {
      this.log.push(chunk.toString());
      if (this.log.length > 200) this.log.splice(0, this.log.length - 200);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    await this.waitReady(child);
  }

  private async waitReady(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + 45_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`The node exited with ${child.exitCode}:\n${this.log.join('')}`);
      try {
        const response = await fetch(`${this.url}/healthz/ready`);
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
      // Often, since the page's reconnect time is measured from the moment this sees the node ready.
      await new Promise((done) => setTimeout(done, 20));
    }
    throw new Error(`The node did not get ready in 45 s:\n${this.log.join('')}`);
  }
}

/** Registers an account through REST (faster than the page when the test is not about registering). */
export async function registerUser(node: ChatNode, name: string, password = 'correct horse battery'): Promise<{ id: number; name: string }> {
  const response = await fetch(`${node.url}/api/account/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  if (response.status !== 201) throw new Error(`register ${name}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: number; name: string };
}

/** Signs in through REST and answers the status: 200, or 401 for a wrong password, 403 for a disabled account. */
export async function loginStatus(node: ChatNode, name: string, password: string): Promise<number> {
  const response = await fetch(`${node.url}/api/account/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  return response.status;
}
