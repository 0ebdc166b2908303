// A browser with the customer's certificate installed in its NSS database ($HOME/.pki/nssdb) and
// NO AutoSelectCertificateForUrls policy, as on a customer's desktop: the login and acquisition
// pages must load without a certificate prompt (headless Chromium cannot answer one and would wait
// forever), because only the certificate-login port asks for a certificate. Run by
// ChromiumE2eTest after manual.mjs, with in the environment:
//   BASE_URL    https://127.0.0.1:PORT/ (the pages)
//   LOGIN_URL   https://127.0.0.1:LOGIN-PORT/ (certificate login)
//   HOME        a directory whose .pki/nssdb holds the imported certificate
//   SHOTS_DIR   where the screenshots go
//   CHROMIUM    the browser executable
// Prints one JSON line per step; exits 1 (after a screenshot) on any failure.
import { join } from 'node:path';
import { check, env, failed, launch, step } from './walk-common.mjs';

const BASE = env('BASE_URL');
const LOGIN = env('LOGIN_URL');
const SHOTS = env('SHOTS_DIR');
const SERVICE = 'fx-forward';

const browser = await launch({ env: { ...process.env, HOME: env('HOME') } });
let page = null;
try {
  const context = await browser.newContext({
    ignoreHTTPSErrors: true, locale: 'ja-JP', viewport: { width: 1100, height: 900 },
  });
  page = await context.newPage();
  // the login page (A1, L1) and the acquisition page (A2): no prompt, so they load
  await page.goto(`${BASE}${SERVICE}/`, { timeout: 20_000 });
  check(await page.textContent('#certificate-login') === '電子証明書ログイン', 'no login page');
  await page.screenshot({ path: join(SHOTS, '10-installed-login.png'), fullPage: true });
  step('10-installed-login', { url: page.url() });
  await page.click('#acquire');
  await page.waitForURL(/\/acquire$/, { timeout: 20_000 });
  check(await page.isVisible('#acquisitionPassword'), 'no acquisition form');
  await page.screenshot({ path: join(SHOTS, '11-installed-acquire.png'), fullPage: true });
  step('11-installed-acquire', { url: page.url() });

  // [電子証明書ログイン] leads to the certificate-login port: that one asks for the certificate
  // (a desktop browser shows its chooser there; headless Chromium without the policy waits)
  const asked = page.waitForURL(/\/password$/, { timeout: 10_000 }).then(() => 'answered',
    () => 'waiting-for-certificate-choice');
  await page.goto(`${BASE}${SERVICE}/`, { timeout: 20_000 });
  page.click('#certificate-login').catch(() => {});
  const outcome = await asked;
  step('certificate-login-port', { outcome, login: LOGIN });
  await context.close();
  step('done');
} catch (e) {
  await failed(page, join(SHOTS, '99-installed-failure.png'), e);
} finally {
  await browser.close();
}
