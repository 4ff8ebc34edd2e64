// One real server and one phone-sized Chromium for the tests of a file: started before them,
// stopped after them.
//   const t = setup();                 // or setup({ EMBED_ORIGINS: … }) for the server's env
//   … t.srv.base … t.browser.context.newPage() …
import { before, after } from 'node:test';
import { startServer } from './server.mjs';
import { openBrowser } from './browser.mjs';

export function setup(env = {}) {
  const t = { srv: null, browser: null };
  before(async () => {
    t.srv = await startServer(env);
    t.browser = await openBrowser();
  });
  after(async () => {
    await t.browser?.close();
    await t.srv?.stop();
  });
  return t;
}
