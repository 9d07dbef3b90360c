/** `npm start`: the workstation server on http://127.0.0.1:8080 (PORT to change). */
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { configFromEnv } from './config.js';
import { formatInputError, isInputError } from '../core/errors.js';

function fail(message: string): never {
  process.stderr.write(`sacroguide: ${message}\n`);
  process.exit(1);
}

let config: ReturnType<typeof configFromEnv>;
let app: FastifyInstance;
try {
  config = configFromEnv();
  app = await buildApp(config, { logger: true });
} catch (e) {
  // a bad setting (PORT, DATABASE_URL, data folder) is the user's to fix: one line, no stack
  fail(isInputError(e) ? formatInputError(e) : `cannot start the server: ${(e as Error).message}`);
}
try {
  await app.listen({ host: config.host, port: config.port });
} catch (e) {
  const err = e as NodeJS.ErrnoException;
  fail(
    err.code === 'EADDRINUSE'
      ? `port ${config.port} is in use: stop the other server or set PORT=<free port>`
      : `cannot start the server: ${err.message}`,
  );
}
