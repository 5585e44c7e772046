// Serving the embedded PGlite over the Postgres wire protocol to every
// claimwatch process (the owner included). PGlite is one session, so the
// server lends it to one connection at a time: from a connection's first
// message until the Sync or simple Query that ends its exchange — and, when
// that leaves a transaction open, until the transaction ends. Handing the
// session over message by message instead (as @electric-sql/pglite-socket
// does) lets two connections' Parse/Bind/Execute interleave, and one of them
// fails with `portal "" does not exist`.
import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const GSSENC_REQUEST = 80877104;

/** A mutex whose holder may keep it across many messages. */
class SessionLock {
  private holder: symbol | null = null;
  private waiters: { id: symbol; resolve: () => void }[] = [];

  async acquire(id: symbol): Promise<void> {
    if (this.holder === id) return;
    if (this.holder === null) {
      this.holder = id;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push({ id, resolve }));
  }

  release(id: symbol): void {
    if (this.holder !== id) return;
    const next = this.waiters.shift();
    this.holder = next ? next.id : null;
    next?.resolve();
  }

  /** A connection that went away gives up its place in the line too. */
  forget(id: symbol): void {
    this.waiters = this.waiters.filter((w) => w.id !== id);
    this.release(id);
  }

  holds(id: symbol): boolean {
    return this.holder === id;
  }
}

export class PgliteServer {
  private server: Server | null = null;
  private readonly lock = new SessionLock();
  private readonly sockets = new Set<Socket>();

  constructor(private readonly db: PGlite) {}

  /** Listens on a unix socket path, or on 127.0.0.1 at `port` (0: any free port). */
  async listen(where: { path: string } | { port: number }): Promise<string> {
    const server = createServer((socket) => this.serve(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      if ('path' in where) server.listen(where.path, resolve);
      else server.listen(where.port, '127.0.0.1', resolve);
    });
    const addr = server.address();
    return typeof addr === 'string' ? addr : `127.0.0.1:${addr!.port}`;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private serve(socket: Socket): void {
    const id = Symbol('connection');
    this.sockets.add(socket);
    socket.setNoDelay(true);
    let buffer = Buffer.alloc(0);
    let started = false;
    let chain = Promise.resolve();
    let closed = false;

    const cleanup = () => {
      if (closed) return;
      closed = true;
      this.sockets.delete(socket);
      chain = chain.then(async () => {
        if (this.lock.holds(id) && this.db.isInTransaction()) {
          await this.db.runExclusive(() => this.db.exec('ROLLBACK')).catch(() => {});
        }
        this.lock.forget(id);
      });
    };

    const run = async (message: Buffer, endsExchange: boolean) => {
      await this.lock.acquire(id);
      if (closed) return this.lock.forget(id);
      await this.db.runExclusive(() => this.db.execProtocolRawStream(new Uint8Array(message), {
        onRawData: (data) => { if (!socket.destroyed) socket.write(Buffer.from(data)); },
      }));
      if (endsExchange && !this.db.isInTransaction()) this.lock.release(id);
    };

    socket.on('data', (data: Buffer) => {
      buffer = Buffer.concat([buffer, data]);
      for (;;) {
        if (!started) {
          if (buffer.length < 8) return;
          const len = buffer.readInt32BE(0);
          if (buffer.length < len) return;
          const code = buffer.readInt32BE(4);
          const message = buffer.subarray(0, len);
          buffer = buffer.subarray(len);
          if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
            socket.write('N');
            continue;
          }
          if (code === CANCEL_REQUEST) {
            socket.end();
            return;
          }
          started = true;
          chain = chain.then(() => run(Buffer.from(message), true));
          continue;
        }
        if (buffer.length < 5) return;
        const len = buffer.readInt32BE(1);
        if (buffer.length < 1 + len) return;
        const type = String.fromCharCode(buffer[0]);
        const message = Buffer.from(buffer.subarray(0, 1 + len));
        buffer = buffer.subarray(1 + len);
        if (type === 'X') {
          socket.end();
          cleanup();
          return;
        }
        // Sync ends an extended-protocol exchange; a simple Query is one by itself.
        chain = chain.then(() => run(message, type === 'S' || type === 'Q'))
          .catch(() => { socket.destroy(); cleanup(); });
      }
    });
    socket.on('error', cleanup);
    socket.on('close', cleanup);
  }
}
