// People on the demo page, for tests where several use it at once.
import { openDemoPage, waitForSelector } from './chromium.mjs';

// A demo page in its own browser context (its own IndexedDB: another
// person), once its live view is ready. `query`: the page's options.
export async function openDemoPerson(running, query) {
  const context = await running.browser().newContext();
  const opened = await openDemoPage(context, `${running.server().url}?${query}`);
  await waitForSelector(opened.page, '[data-testid="live"][data-ready="true"]', opened.problems);
  return { context, ...opened };
}

// Creates the account through the sign-in form; resolves to the pub shown.
export async function signUp(person, alias) {
  const { page } = person;
  await page.fill('[data-testid="signin-alias"]', alias);
  await page.fill('[data-testid="signin-password"]', `${alias} password`);
  await page.click('[data-testid="signin-create"]');
  await waitForSelector(page, '[data-testid="my-pub"][data-value]', person.problems);
  person.alias = alias;
  person.pub = await page.getAttribute('[data-testid="my-pub"]', 'data-value');
  return person.pub;
}
