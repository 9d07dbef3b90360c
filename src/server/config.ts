/** Server settings from the environment, with the defaults of the contract. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

export interface ServerConfig {
  host: string;
  port: number;
  /** Where studies, label maps and the embedded database live. */
  dataDir: string;
  /** The example CT copied into the study store on first start. */
  exampleCtPath: string;
  /** Largest accepted upload, bytes. */
  uploadLimitBytes: number;
  databaseUrl?: string;
  /** The built web workstation (`vite build` output); the plain study page is served without it. */
  webDir: string;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT=${env.PORT} is not a port number`);
  const limitMb = Number(env.SACROGUIDE_UPLOAD_LIMIT_MB ?? 2048);
  if (!(limitMb > 0))
    throw new Error(`SACROGUIDE_UPLOAD_LIMIT_MB=${env.SACROGUIDE_UPLOAD_LIMIT_MB} is not a size`);
  return {
    host: env.HOST ?? '127.0.0.1',
    port,
    dataDir: env.SACROGUIDE_DATA ?? join(REPO_ROOT, '.data'),
    exampleCtPath: join(REPO_ROOT, 'data', 'example_ct', 'ct.nii.gz'),
    uploadLimitBytes: Math.round(limitMb * 1024 * 1024),
    databaseUrl: env.DATABASE_URL,
    webDir: env.SACROGUIDE_WEB_DIR ?? join(REPO_ROOT, 'web', 'dist'),
  };
}
