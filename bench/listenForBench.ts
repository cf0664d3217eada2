import type { Server } from 'node:http';

/**
 * Starts a bench child's server on a free loopback port and announces it the way `spawnServer`
 * (`httpLoad.ts`) waits for: `lyssnar på <url> —` on stderr. SIGTERM closes it and exits 0.
 */
export function listenForBench(server: Server): void {
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    process.stderr.write(`lyssnar på http://127.0.0.1:${port} —\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}
