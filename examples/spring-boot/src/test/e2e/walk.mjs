// The bank's manual in headless Chromium (Debian's /usr/bin/chromium) driven by Playwright, against
// the Spring Boot host. Run by ChromiumWalkTest, which starts the host, and by the
// ChromiumThrough*Test classes, which put nginx or HAProxy in front of it (BASE_URL and LOGIN_URL
// are then both the proxy's); they pass, in the environment:
//   BASE_URL        https://127.0.0.1:PORT/ (the pages: never ask for a certificate)
//   LOGIN_URL       https://127.0.0.1:LOGIN-PORT/ (certificate login: asks for one)
//   USER_ID, TEMP_PASSWORD, ACQ_PASSWORD   the customer's letter
//   NEW_PASSWORD    the (mixed-case) password chosen at the first login
//   SHOTS_DIR       where the screenshots go
//   DOWNLOAD_DIR    where the downloaded PKCS#12 file goes
//   CHROMIUM        the browser executable
// Prints one JSON line per step; exits 1 (after a screenshot of the failing page) on any failure.
// The helpers are the web example's (walk-common.mjs, copied beside this file by the tests).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  check, env, failed, launch, shooter, showKeyboard, step, typeWithSoftwareKeyboard,
} from './walk-common.mjs';

const BASE = env('BASE_URL');
const LOGIN_ORIGIN = new URL(env('LOGIN_URL')).origin;
const USER_ID = env('USER_ID');
const TEMP_PASSWORD = env('TEMP_PASSWORD');
const ACQ_PASSWORD = env('ACQ_PASSWORD');
const NEW_PASSWORD = env('NEW_PASSWORD');
const SHOTS = env('SHOTS_DIR');
const DOWNLOADS = env('DOWNLOAD_DIR');
mkdirSync(DOWNLOADS, { recursive: true });
const shot = shooter(SHOTS);
let current = null;
// the stylesheet applied (the web host's): the bar's background is its dark blue
const styled = (page) => page.evaluate(() =>
  getComputedStyle(document.querySelector('header.bar')).backgroundColor === 'rgb(11, 61, 107)');

const browser = await launch();
try {
  // ---- 2.1 Acquiring a certificate: a browser without any certificate yet
  const plain = await browser.newContext({
    ignoreHTTPSErrors: true, locale: 'ja-JP', acceptDownloads: true,
    viewport: { width: 1100, height: 900 },
  });
  let page = await plain.newPage();
  current = page;
  await page.goto(BASE);
  check(await styled(page), 'the stylesheet is not applied');
  check(/電子証明書ログイン/.test(await page.textContent('#certificate-login')), 'no [電子証明書ログイン]');
  await shot(page, '01-login');
  await page.click('#acquire');
  await page.waitForURL(/\/acquire$/);
  await page.fill('#userId', USER_ID);
  await page.fill('#password', TEMP_PASSWORD);
  await page.fill('#acquisitionPassword', ACQ_PASSWORD);
  await shot(page, '02-acquire');
  await page.click('form button[type="submit"]');
  await page.waitForSelector('#issued');
  check(/日本時間/.test(await page.textContent('#validity')), 'validity not in Japan time');
  await shot(page, '03-download');
  const [download] = await Promise.all([page.waitForEvent('download'),
    page.click('form[action="/acquire/download"] button')]);
  const p12 = join(DOWNLOADS, `${USER_ID}.p12`);
  await download.saveAs(p12);
  step('downloaded', { file: download.suggestedFilename() });
  await plain.close();

  // ---- 2.2 Certificate login with the file as the browser's certificate for the login port only
  const withCert = await browser.newContext({
    ignoreHTTPSErrors: true, locale: 'ja-JP', viewport: { width: 1100, height: 900 },
    clientCertificates: [{ origin: LOGIN_ORIGIN, pfxPath: p12, passphrase: ACQ_PASSWORD }],
  });
  page = await withCert.newPage();
  current = page;
  await page.goto(BASE);
  await page.click('#certificate-login');
  await page.waitForURL(/\/login\/password$/);
  check(new URL(page.url()).origin === LOGIN_ORIGIN, `certificate login on ${page.url()}`);
  check(await page.textContent('td.cn') === USER_ID, 'CN not shown');
  check(/日本時間/.test(await page.textContent('#validity')), 'validity not in Japan time');
  check(await page.isHidden('td.issuer-dn'), 'the issuer DN is not behind "details"');
  check(await styled(page), 'the stylesheet is not applied on the login port');

  // a wrong password: how many attempts are left
  await page.fill('#password', 'Wrong1pass');
  await page.click('#password-submit');
  await page.waitForSelector('#refusal');
  check(/あと4回/.test(await page.textContent('#refusal')), 'no attempts-left warning');
  await shot(page, '04-attempts-left');

  // L6: the keyboard is shuffled anew at each display and shows its target field
  const layout1 = await showKeyboard(page);
  await page.click('#softkeyboard-toggle');
  const layout2 = await showKeyboard(page);
  check(layout1 && layout2 && layout1 !== layout2, `the same layout twice: ${layout1}`);
  check(await page.getAttribute('#softkeyboard-target', 'data-target-id') === 'password',
    'the keyboard does not show its target');
  step('layouts', { first: layout1, second: layout2 });
  await typeWithSoftwareKeyboard(page, TEMP_PASSWORD);
  check(await page.inputValue('#password') === TEMP_PASSWORD, 'the keyboard typed something else');
  await shot(page, '05-password-keyboard');
  await page.click('#password-submit');

  // L5: the first-login change, the new mixed-case password typed on the keyboard
  await page.waitForURL(/\/login\/change$/);
  await page.click('#newPassword');
  await showKeyboard(page);
  check(await page.getAttribute('#softkeyboard-target', 'data-target-id') === 'newPassword',
    'the keyboard does not show the new-password field as its target');
  await typeWithSoftwareKeyboard(page, NEW_PASSWORD);
  check(await page.inputValue('#newPassword') === NEW_PASSWORD, 'the keyboard typed something else');
  check(await page.inputValue('#confirmation') === '', 'the keyboard typed elsewhere');
  await shot(page, '06-change-keyboard');
  await page.fill('#confirmation', NEW_PASSWORD);
  await page.click('#change-submit');
  await page.waitForURL(/\/home$/);
  check(await page.textContent('td.cn') === USER_ID, 'user ID missing on the landing page');
  await shot(page, '07-home');
  await withCert.close();
  step('done');
} catch (e) {
  await failed(current, join(SHOTS, '99-failure.png'), e);
} finally {
  await browser.close();
}
