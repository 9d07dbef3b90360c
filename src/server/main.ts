/** `npm start`: the workstation server on http://127.0.0.1:8080 (PORT to change). */
import { buildApp } from './app.js';
import { configFromEnv } from './config.js';

const config = configFromEnv();
const app = await buildApp(config, { logger: true });
try {
  await app.listen({ host: config.host, port: config.port });
} catch (e) {
  const err = e as NodeJS.ErrnoException;
  process.stderr.write(
    err.code === 'EADDRINUSE'
      ? `sacroguide: port ${config.port} is in use: stop the other server or set PORT=<free port>\n`
      : `sacroguide: cannot start the server: ${err.message}\n`,
  );
  process.exit(1);
}
