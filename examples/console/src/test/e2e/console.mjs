// The branch operator console in headless Chromium (run by ChromiumConsoleTest): operator A logs in
// with A's own certificate (file as Playwright's client certificate) and password, changes the
// temporary password, finds the customer, reads the account's history, proposes a new temporary
// password and is refused when approving it; operator B logs in with B's certificate, approves,
// downloads the letter once and is refused the second time; B reads the account in English.
// In the environment:
//   BASE_URL                       the console
//   USER_ID                        the customer
//   A_P12, A_TEMP, A_NEW           operator A's certificate file (password "operator") and passwords
//   B_P12, B_TEMP, B_NEW           the same for operator B
//   SHOTS_DIR, DOWNLOAD_DIR        where screenshots and the letter go
//   CHROMIUM                       the browser executable
// Prints one JSON line per step; exits 1 (after a screenshot) on any failure.
import { chromium } from 'playwright-core';
import { join } from 'node:path';

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const BASE = env('BASE_URL');
const ORIGIN = new URL(BASE).origin;
const USER_ID = env('USER_ID');
const SHOTS = env('SHOTS_DIR');
const step = (name, extra = {}) => console.log(JSON.stringify({ step: name, ...extra }));
const check = (cond, message) => { if (!cond) throw new Error(message); };
const code = async (page) => page.getAttribute('.notice[data-code]', 'data-code');

const browser = await chromium.launch({
  executablePath: env('CHROMIUM'),
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  timeout: 60_000,
});
let page = null;

async function operator(p12, locale) {
  const context = await browser.newContext({
    ignoreHTTPSErrors: true, locale, viewport: { width: 1280, height: 900 }, acceptDownloads: true,
    clientCertificates: [{ origin: ORIGIN, pfxPath: p12, passphrase: 'operator' }],
  });
  return context.newPage();
}

async function shot(name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  step(name, { url: page.url() });
}

async function login(prefix, temp, next) {
  await page.goto(BASE, { timeout: 20_000 });
  await shot(`${prefix}1-login`);
  await page.click('#certificate-login');
  await page.waitForURL(/\/password$/, { timeout: 20_000 });
  await page.fill('#password', temp);
  await shot(`${prefix}2-password`);
  await page.click('#password-submit');
  await page.waitForURL(/\/change-password$/, { timeout: 20_000 });
  await page.fill('#newPassword', next);
  await page.fill('#confirmPassword', next);
  await shot(`${prefix}3-change-password`);
  await page.click('#change-submit');
  await page.waitForURL(/\/accounts$/, { timeout: 20_000 });
  await shot(`${prefix}4-search`);
}

try {
  // operator A: login, search, history, proposal
  page = await operator(env('A_P12'), 'ja-JP');
  await login('a', env('A_TEMP'), env('A_NEW'));
  await page.fill('#user', USER_ID);
  await page.click('#search');
  await page.waitForURL(/\/accounts\?user=/, { timeout: 20_000 });
  const section = page.locator('section.account[data-service="fx-forward"]');
  check(await section.locator('tr.certificate[data-status="ACTIVE"]').count() === 1,
    'no active certificate in the history');
  check((await section.locator('td.downloaded').first().textContent()).match(/^\d{4}-/),
    'no download in the history');
  check((await section.locator('td.first-login').first().textContent()).match(/^\d{4}-/),
    'no first login in the history');
  const verdict = await section.locator('table.verdict').getAttribute('data-verdict');
  await shot('a5-account');
  step('verdict', { verdict });
  await section.locator('button.propose-RESET_TEMPORARY_PASSWORD').click();
  await page.waitForURL(/\/proposals\?proposed=/, { timeout: 20_000 });
  const id = new URL(page.url()).searchParams.get('proposed');
  check(await code(page) === 'PROPOSED', 'the proposal was not confirmed');
  await shot('a6-proposed');
  await page.locator(`tr.proposal[data-id="${id}"] button.approve`).click();
  await page.waitForURL(/\/decide$/, { timeout: 20_000 });
  check(await code(page) === 'PROPOSER', `the proposer's approval: ${await code(page)}`);
  await shot('a7-proposer-refused');
  await page.context().close();

  // operator B: login, approve, the letter once
  page = await operator(env('B_P12'), 'ja-JP');
  await login('b', env('B_TEMP'), env('B_NEW'));
  await page.goto(`${BASE}proposals`, { timeout: 20_000 });
  await shot('b5-proposals');
  await page.locator(`tr.proposal[data-id="${id}"] button.approve`).click();
  await page.waitForURL(/\/decide$/, { timeout: 20_000 });
  check(await code(page) === 'APPROVED', `the approval: ${await code(page)}`);
  await shot('b6-approved');
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 20_000 }),
    page.click('#download-letter'),
  ]);
  const letter = join(env('DOWNLOAD_DIR'), 'letter.pdf');
  await download.saveAs(letter);
  step('letter', { file: letter, suggested: download.suggestedFilename() });
  await page.click('#download-letter');
  await page.waitForURL(/\/letter$/, { timeout: 20_000 });
  check(await code(page) === 'ALREADY_DOWNLOADED', `the second download: ${await code(page)}`);
  await shot('b7-letter-already-downloaded');
  await page.goto(`${BASE}accounts?user=${USER_ID}&lang=en`, { timeout: 20_000 });
  check(await page.locator('section.account[data-service="fx-forward"] td.login-password')
    .textContent() === 'temporary', 'the reset did not show');
  await shot('b8-account-en');
  await page.goto(`${BASE}proposals`, { timeout: 20_000 });
  await shot('b9-proposals-en');
  await page.goto(`${BASE}campaign`, { timeout: 20_000 });
  check(await page.getAttribute('body', 'data-page') === 'campaign', 'no campaign page');
  await shot('b10-campaign-en');
  step('done');
} catch (e) {
  if (page) {
    try {
      await page.screenshot({ path: join(SHOTS, '99-failure.png'), fullPage: true });
    } catch (ignored) {
      // the page is gone
    }
  }
  console.error(e && e.stack ? e.stack : String(e));
  process.exitCode = 1;
} finally {
  await browser.close();
}
