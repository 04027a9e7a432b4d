// examples/svelte-vite through `vite build` and `vite preview`, against the
// packed package: the production bundle holds nothing of Node's, and the
// built app works in Chromium with a real relay, with no console errors.
import { test } from 'node:test';
import path from 'node:path';
import * as vite from 'vite';
import { launchChromium } from './support/chromium.mjs';
import { useExampleApp, checkExampleApp, javascriptUnder, assertNoNodeCode } from './support/example-app.mjs';

const example = useExampleApp();

test('vite build + preview of the example: sign-in, the store, the graph and sync through the relay, no console errors', async () => {
  const { app } = example;
  const configFile = path.join(app, 'vite.config.js');
  await vite.build({ root: app, configFile, logLevel: 'silent' });
  assertNoNodeCode(await javascriptUnder(path.join(app, 'dist')), 'the production bundle');
  const server = await vite.preview({ root: app, configFile, logLevel: 'silent', preview: { host: '127.0.0.1', port: 0 } });
  const browser = await launchChromium();
  try {
    await checkExampleApp(browser, server.resolvedUrls.local[0]);
  } finally {
    await browser.close();
    await server.close();
  }
});
