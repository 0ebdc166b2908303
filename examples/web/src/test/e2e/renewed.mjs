// Certificate login with the renewed certificate's file, after renew.mjs (ChromiumE2eTest has
// imported the same file into an NSS database with pk12util). Headless Chromium cannot answer the
// certificate chooser that an NSS-installed certificate brings up (without a managed
// AutoSelectCertificateForUrls policy, which the tests do not install), so the browser presents
// the file as Playwright's client certificate, as manual.mjs does. In the environment:
//   BASE_URL, LOGIN_URL   the pages and certificate login
//   USER_ID               the customer
//   LOGIN_PASSWORD        the customer's login password
//   RENEWED_P12, FILE_PASSWORD   the renewed certificate's file and the password chosen for it
//   SHOTS_DIR             where the screenshots go
//   CHROMIUM              the browser executable
// Prints one JSON line per step; exits 1 (after a screenshot) on any failure.
import { join } from 'node:path';
import { check, env, failed, launch, step } from './walk-common.mjs';

const BASE = env('BASE_URL');
const LOGIN_ORIGIN = new URL(env('LOGIN_URL')).origin;
const USER_ID = env('USER_ID');
const SHOTS = env('SHOTS_DIR');
const SERVICE = 'fx-forward';

const browser = await launch();
let page = null;
try {
  const context = await browser.newContext({
    ignoreHTTPSErrors: true, locale: 'ja-JP', viewport: { width: 1100, height: 900 },
    clientCertificates: [{ origin: LOGIN_ORIGIN, pfxPath: env('RENEWED_P12'),
      passphrase: env('FILE_PASSWORD') }],
  });
  page = await context.newPage();
  await page.goto(`${BASE}${SERVICE}/`, { timeout: 20_000 });
  await page.click('#certificate-login');
  await page.waitForURL(/\/password$/, { timeout: 20_000 });
  check(new URL(page.url()).origin === LOGIN_ORIGIN, `certificate login on ${page.url()}`);
  check(await page.textContent('td.cn') === USER_ID, 'another certificate was presented');
  await page.fill('#password', env('LOGIN_PASSWORD'));
  await page.screenshot({ path: join(SHOTS, 'r05-renewed-password.png'), fullPage: true });
  step('r05-renewed-password', { url: page.url() });
  await page.click('#password-submit');
  await page.waitForURL(/\/home$/, { timeout: 20_000 });
  check(await page.textContent('.user-id') === USER_ID, 'user ID missing on the landing page');
  const verdict = await page.getAttribute('#reacquisition-status', 'data-verdict');
  check(verdict === 'UNAFFECTED', `verdict of the renewed certificate: ${verdict}`);
  await page.screenshot({ path: join(SHOTS, 'r06-renewed-home.png'), fullPage: true });
  step('r06-renewed-home', { url: page.url(), serial: await page.textContent('details.certificate-details td.mono') });
  await context.close();
  step('done');
} catch (e) {
  await failed(page, join(SHOTS, '99-renewed-failure.png'), e);
} finally {
  await browser.close();
}
