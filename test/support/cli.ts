import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(projectRoot, 'bin', 'hirebox.js');

/** Builds the headless CLI (a second or so) so the tests run what `npx hirebox` runs. */
export function buildShells(): void {
  const result = spawnSync(process.execPath, ['scripts/build.mjs', 'shells'], { cwd: projectRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`build failed: ${result.stderr}`);
}

export interface RunningCli {
  child: ChildProcess;
  /** The single line `serve` printed. */
  line: string;
  port: number;
  token: string;
  stderr(): string;
}

/** Starts `hirebox serve` and waits for its line. */
export function startServe(dataFolder: string, extraArgs: string[] = []): Promise<RunningCli> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'serve', '--data', dataFolder, '--port', '0', ...extraArgs], { cwd: projectRoot, env: { ...process.env, HIREBOX_DATA: '' } });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^Hirebox listening on http:\/\/127\.0\.0\.1:(\d+)\/#token=([\w-]+)\n/.exec(stdout);
      if (match) resolve({ child, line: stdout, port: Number(match[1]), token: match[2]!, stderr: () => stderr });
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
}

/** Runs a CLI command to its end. */
export function runCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, HIREBOX_DATA: '' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill(signal);
  });
}
