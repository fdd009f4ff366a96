import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createTestContext, TestContext } from '@dialer/testing';
import { API_CLIENT_SCHEMA, generateApiClientSchema } from '../../scripts/api-client/generate-api-client';
import { initialJavaScript, INITIAL_JS_BUDGET_BYTES } from '../../scripts/web/bundle-budget';
import { ensureWebBuild, WEB_BUILD_INDEX } from '../../scripts/web/web-build';
import { RunningApi, startApi } from '../support/apps';

const DIST = path.dirname(WEB_BUILD_INDEX);

/** The web app as the api serves it, its budget, and its typed client kept equal to the api's OpenAPI description. */
describe('the web app (build, serving, api contract)', () => {
  let ctx: TestContext;
  let api: RunningApi;

  beforeAll(async () => {
    ensureWebBuild((line) => process.stdout.write(`${line}\n`));
    ctx = await createTestContext();
    api = await startApi(ctx.config);
  });

  afterAll(async () => {
    await api?.close();
    await ctx?.cleanup();
  });

  it('keeps the checked-in typed client equal to a fresh generation from the api’s OpenAPI document (run `npm run api:client`)', async () => {
    const fresh = await generateApiClientSchema(ctx.config);
    expect(readFileSync(API_CLIENT_SCHEMA, 'utf8')).toBe(fresh);
    // The desk's operations carry their response schemas.
    expect(fresh).toMatch(/"\/agent\/campaigns": \{[\s\S]*?"application\/json": components\["schemas"\]\["AgentCampaignDto"\]\[\]/);
    expect(fresh).toContain('components["schemas"]["LoginResultDto"]');
  });

  it('serves the app at / and on its deep links, without shadowing the api or /docs, and leads the old dashboard’s address to the wallboard', async () => {
    const html = { accept: 'text/html' };
    for (const page of ['/', '/login', '/desk', '/desk/calls/anything']) {
      const response = await fetch(`${api.url}${page}`, { headers: html });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<div id="root">');
    }
    const apiRoute = await fetch(`${api.url}/agent/campaigns`, { headers: html });
    expect(apiRoute.status).toBe(401);
    expect(await apiRoute.json()).toMatchObject({ code: expect.any(String) });
    expect((await fetch(`${api.url}/docs`, { headers: html })).status).toBe(200);
    const dashboard = await fetch(`${api.url}/dashboard/?campaign=00000000-0000-4000-8000-000000000000`, { headers: html, redirect: 'manual' });
    expect(dashboard.status).toBe(301);
    expect(dashboard.headers.get('location')).toBe('/console/wallboard?campaign=00000000-0000-4000-8000-000000000000');
    expect((await fetch(`${api.url}/not-a-page`, { headers: html })).status).toBe(404);
    const bundle = readdirSync(path.join(DIST, 'assets')).find((file) => file.startsWith('index-') && file.endsWith('.js'))!;
    const asset = await fetch(`${api.url}/assets/${bundle}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${api.url}/assets/missing.js`)).status).toBe(404);
  });

  it('keeps the agent desk’s initial JavaScript within 250 KB gzipped, the Voice SDK outside it', () => {
    const initial = initialJavaScript(DIST);
    process.stdout.write(`initial JavaScript: ${(initial.gzipBytes / 1024).toFixed(1)} KB gzipped (${initial.files.map((f) => f.file).join(', ')})\n`);
    expect(initial.files.length).toBeGreaterThan(0);
    expect(initial.gzipBytes).toBeLessThanOrEqual(INITIAL_JS_BUDGET_BYTES);
    for (const { file } of initial.files) expect(readFileSync(path.join(DIST, file.replace(/^\//, '')), 'utf8')).not.toContain('twilio.com/docs/voice/sdk');
    expect(readdirSync(path.join(DIST, 'assets')).some((file) => /^twilio-.*\.js$/.test(file))).toBe(true);
  });
});
