import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { AdapterName } from './measure';

/** Tokens the server minted for the load generator. */
export interface BenchTokens {
  /** A nestjs-jwt-permissions token (HS256) for the benchmark user. */
  jwtAuth: string;
  /** A token signed by @nestjs/jwt (README setup), for passport-jwt and the docs guard. */
  nestjsJwt: string;
  /** Distinct nestjs-jwt-permissions tokens, one per user, to defeat the token cache. */
  distinct: string[];
}

/** What the server process sends. */
export type ServerMessage =
  | { type: 'ready'; port: number; tokens: BenchTokens }
  | { type: 'heap'; heapUsed: number }
  | { type: 'cpu'; microseconds: number }
  | { type: 'guardTimes'; microseconds: GuardTimes };
/** What the load generator sends. */
export type ParentMessage = { type: 'heap' } | { type: 'cpu' } | { type: 'guardTimes' } | { type: 'stop' };

/** µs per canActivate() of each timed guard (see app/timed.guards.ts) since the last query; NaN if not called. */
export interface GuardTimes {
  /** JwtAuthGuard as a whole. */
  full: number;
  /** Its verification step, timed inside it. */
  verification: number;
  /** A guard that only reads the Authorization header. */
  headerOnly: number;
}

/** A running benchmark server, in its own process. */
export class ServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    /** The base URL, on 127.0.0.1. */
    readonly url: string,
    readonly tokens: BenchTokens,
  ) {}

  /** Forks http-server.js serving `adapter`, and waits for it to listen. */
  static start(adapter: AdapterName, distinctTokens: number): Promise<ServerProcess> {
    const child = fork(join(__dirname, 'http-server.js'), [adapter, String(distinctTokens)], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise((resolve, reject) => {
      child.once('exit', (code) =>
        reject(new Error(`the ${adapter} server exited with code ${code} before it was ready`)),
      );
      child.once('message', (message: ServerMessage) => {
        if (message.type !== 'ready') return reject(new Error(`unexpected first message ${message.type}`));
        child.removeAllListeners('exit');
        resolve(new ServerProcess(child, `http://127.0.0.1:${message.port}`, message.tokens));
      });
    });
  }

  /** The server's heap in use, in bytes, after two full garbage collections. */
  async heapUsed(): Promise<number> {
    const answer = await this.ask('heap');
    return answer.type === 'heap' ? answer.heapUsed : Number.NaN;
  }

  /**
   * The CPU time the server process has used so far, in µs: per request, a measure of its cost that
   * other processes on the machine do not skew the way they skew throughput.
   */
  async cpuMicroseconds(): Promise<number> {
    const answer = await this.ask('cpu');
    return answer.type === 'cpu' ? answer.microseconds : Number.NaN;
  }

  /** µs per canActivate() of each timed guard since the last query, measured inside the server. */
  async guardTimes(): Promise<GuardTimes> {
    const answer = await this.ask('guardTimes');
    return answer.type === 'guardTimes'
      ? answer.microseconds
      : { full: Number.NaN, verification: Number.NaN, headerOnly: Number.NaN };
  }

  private ask(type: 'heap' | 'cpu' | 'guardTimes'): Promise<ServerMessage> {
    return new Promise((resolve) => {
      const listener = (message: ServerMessage) => {
        if (message.type !== type) return;
        this.child.off('message', listener);
        resolve(message);
      };
      this.child.on('message', listener);
      this.child.send({ type } satisfies ParentMessage);
    });
  }

  /** Closes the app and waits for the process to end. */
  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.child.send({ type: 'stop' } satisfies ParentMessage);
    });
  }
}
