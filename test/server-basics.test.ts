/** The server skeleton of issue 3: health, the bundled example study, its volume, the page. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/server/app.js';
import { configFromEnv } from '../src/server/config.js';
import { decodeNifti } from '../src/io/nifti.js';
import { REPO, tempDir } from './cli-helpers.js';

describe('server (inject)', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({ ...configFromEnv({}), dataDir: tempDir('sg-server-') });
  });
  afterAll(async () => app.close());

  it('answers health', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/health' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ status: 'ok' });
  });

  it('lists the bundled example study on first start and serves it as NIfTI', async () => {
    const list = (await app.inject({ method: 'GET', url: '/api/studies' })).json();
    expect(list).toHaveLength(1);
    expect(list[0].name.toLowerCase()).toContain('example');
    expect(list[0]).toMatchObject({
      modality: 'CT',
      dims: [expect.any(Number), expect.any(Number), expect.any(Number)],
    });
    const vol = await app.inject({ method: 'GET', url: `/api/studies/${list[0].id}/volume` });
    expect(vol.statusCode).toBe(200);
    const { volume } = decodeNifti(gunzipSync(vol.rawPayload));
    expect([...volume.dims]).toEqual(list[0].dims);
    const page = await app.inject({ method: 'GET', url: '/studies' });
    expect(page.body).toContain(list[0].name);
  });

  it('answers 404 with one clear line for an unknown study, and deletes', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/studies/nope/volume' });
    expect(r.statusCode).toBe(404);
    expect(r.json().error).toMatch(/no study "nope"/);
    const id = (await app.inject({ method: 'GET', url: '/api/studies' })).json()[0].id;
    expect((await app.inject({ method: 'DELETE', url: `/api/studies/${id}` })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/studies' })).json()).toHaveLength(0);
  });
});

describe('npm start', () => {
  let child: ChildProcess;
  const port = 20000 + Math.floor(Math.random() * 20000);
  beforeAll(async () => {
    child = spawn(process.execPath, [join(REPO, 'dist', 'server', 'main.js')], {
      env: { ...process.env, PORT: String(port), SACROGUIDE_DATA: tempDir('sg-start-') },
      stdio: 'ignore',
    });
    for (let i = 0; i < 100; i++) {
      try {
        await fetch(`http://127.0.0.1:${port}/api/health`);
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
  afterAll(() => {
    child.kill();
  });

  it('serves health on 127.0.0.1:PORT', async () => {
    const r = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(await r.json()).toEqual({ status: 'ok' });
  });
});
