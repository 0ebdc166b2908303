// The bank's manual, page by page, in headless Chromium (Debian's /usr/bin/chromium) driven by
// Playwright. Run by ChromiumE2eTest, which starts the web example, and by
// ChromiumThroughProxiesTest, which puts nginx or HAProxy in front of it (BASE_URL and LOGIN_URL
// are then both the proxy's); they pass, in the environment:
//   BASE_URL        https://127.0.0.1:PORT/ (the pages: never asks for a certificate)
//   LOGIN_URL       https://127.0.0.1:LOGIN-PORT/ (certificate login: asks for one)
//   USER_ID, TEMP_PASSWORD, ACQ_PASSWORD   the demo customer's letter
//   NEW_PASSWORD    the password chosen at the first login
//   SHOTS_DIR       where the screenshots go
//   DOWNLOAD_DIR    where the downloaded PKCS#12 file goes
//   CHROMIUM        the browser executable
// Prints one JSON line per step; exits 1 (after a screenshot of the failing page) on any failure.
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
const SERVICE = 'fx-forward';
mkdirSync(DOWNLOADS, { recursive: true });
const shot = shooter(SHOTS);
let current = null;

const browser = await launch();
try {
  // ---- 2.1 Acquiring a certificate: a browser without any certificate yet
  const plain = await browser.newContext({
    ignoreHTTPSErrors: true, locale: 'ja-JP', acceptDownloads: true,
    viewport: { width: 1100, height: 900 },
  });
  let page = await plain.newPage();
  current = page;
  await page.goto(`${BASE}${SERVICE}/`);
  check(await page.textContent('#acquire') === '電子証明書取得', 'no [電子証明書取得] button');
  check(await page.textContent('#certificate-login') === '電子証明書ログイン', 'no [電子証明書ログイン] button');
  await shot(page, '01-login');

  // A1-A2: [電子証明書取得], then user ID, password and acquisition password
  await page.click('#acquire');
  await page.waitForURL(/\/acquire$/);
  await page.fill('#userId', USER_ID);
  await page.fill('#password', TEMP_PASSWORD);
  await page.fill('#acquisitionPassword', ACQ_PASSWORD);
  await shot(page, '02-acquire');

  // A3: the "issuing" screen only while a certificate is being issued (a quick issuance goes
  // straight to the download screen)
  await page.click('#acquire-submit');
  await page.waitForURL(/\/(issuing|download)$/);
  if (/\/issuing$/.test(page.url())) {
    await shot(page, '03-issuing');
  }
  await page.waitForURL(/\/download$/, { timeout: 60_000 });

  // A4-A5: [ダウンロード] and the browser's download
  await shot(page, '04-download');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  check(download.suggestedFilename() === `${USER_ID}.p12`,
    `download named ${download.suggestedFilename()}`);
  step('downloaded', { file: download.suggestedFilename() });

  // the page shows itself again with the downloads left
  await page.waitForFunction(() => document.getElementById('downloads-left')?.textContent === '2',
    null, { timeout: 10_000 });
  // the imports keep failing: two more downloads use the file up, and the download has ended
  for (let i = 2; i <= 3; i++) {
    await page.waitForSelector('#download');
    const [again] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    step('downloaded', { file: again.suggestedFilename(), time: i });
    if (i === 2) {
      await page.waitForFunction(() => document.getElementById('downloads-left')?.textContent === '1',
        null, { timeout: 10_000 });
    }
  }
  await page.waitForURL(/\?download-ended$/, { timeout: 10_000 });
  await page.waitForSelector('.notice');
  check(/終了しています/.test(await page.textContent('.notice')), 'no "download has ended" notice');
  await shot(page, '04a-downloads-used-up');

  // no dead end: the certificate was never used for a login, so acquiring again issues a new
  // one (which replaces it) instead of "your certificate is valid"
  await page.click('#acquire');
  await page.waitForURL(/\/acquire$/);
  await page.fill('#userId', USER_ID);
  await page.fill('#password', TEMP_PASSWORD);
  await page.fill('#acquisitionPassword', ACQ_PASSWORD);
  await page.click('#acquire-submit');
  await page.waitForURL(/\/download$/, { timeout: 60_000 });
  await shot(page, '04b-acquired-again');
  // the same screen in English: every label keeps a visible distance from its value (the text
  // itself is measured, not its box)
  await page.goto(`${BASE}${SERVICE}/download?lang=en`);
  await page.waitForSelector('#download-facts');
  const gaps = await page.evaluate(() => {
    const textBox = (el) => { const r = document.createRange(); r.selectNodeContents(el);
      return r.getBoundingClientRect(); };
    const pairs = [...document.querySelectorAll('#download-facts dt')]
      .map((dt) => [dt, dt.nextElementSibling])
      .concat([...document.querySelectorAll('main table tr')]
        .filter((tr) => tr.querySelector('th') && tr.querySelector('td'))
        .map((tr) => [tr.querySelector('th'), tr.querySelector('td')]));
    return pairs.map(([label, value]) => ({ label: label.textContent.trim(),
      gap: Math.round(textBox(value).left - textBox(label).right) }));
  });
  step('download-en-gaps', { gaps });
  check(gaps.some((g) => g.label === 'Download possible until'), `no English labels: ${JSON.stringify(gaps)}`);
  check(gaps.every((g) => g.gap >= 8), `a label runs into its value: ${JSON.stringify(gaps)}`);
  await shot(page, '04c-download-en');
  await page.goto(`${BASE}${SERVICE}/download?lang=ja`);
  await page.waitForSelector('#download');
  const [fresh] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  const p12 = join(DOWNLOADS, fresh.suggestedFilename());
  await fresh.saveAs(p12);
  step('downloaded-new-certificate', { file: fresh.suggestedFilename() });
  await plain.close();

  // ---- A6-A12: the certificate imported into the browser (Playwright's client certificates)
  const withCert = await browser.newContext({
    ignoreHTTPSErrors: true, locale: 'ja-JP', viewport: { width: 1100, height: 900 },
    clientCertificates: [{ origin: LOGIN_ORIGIN, pfxPath: p12, passphrase: ACQ_PASSWORD }],
  });
  page = await withCert.newPage();
  current = page;

  // ---- 2.2 Certificate login: L1 [電子証明書ログイン]
  await page.goto(`${BASE}${SERVICE}/`);
  await page.click('#certificate-login');
  await page.waitForURL(/\/password$/);
  const cn = await page.textContent('td.cn');
  check(cn === USER_ID, `CN shown is ${cn}`);
  const notAfter = await page.textContent('td.not-after');
  check(/日本時間/.test(notAfter), `validity not in Japan time: ${notAfter}`);

  check(new URL(page.url()).origin === LOGIN_ORIGIN, `certificate login on ${page.url()}`);

  // L4: wrong passwords first: how many attempts are left, and a warning before the last one
  for (let i = 1; i <= 4; i++) {
    await page.fill('#password', `Wrong${i}pass`);
    await page.click('#password-submit');
    await page.waitForURL(/\/password$/);
    await page.waitForSelector('.notice.error');
  }
  const warning = await page.textContent('.notice.warning');
  check(/次にパスワードを誤るとロック/.test(warning), `no last-attempt warning: ${warning}`);
  await shot(page, '05a-last-attempt-warning');

  // L6: the temporary password with the software keyboard, whose keys are shuffled anew on every
  // display and which shows the field it types into
  const layout1 = await showKeyboard(page);
  await page.click('#softkeyboard-toggle');
  const layout2 = await showKeyboard(page);
  check(layout1 && layout2 && layout1 !== layout2, `the same layout twice: ${layout1}`);
  check(!/^1234567890qwertyuiop/.test(layout2), `a fixed QWERTY layout: ${layout2}`);
  check(await page.getAttribute('#softkeyboard-target', 'data-target-id') === 'password',
    'the keyboard does not show its target');
  check(await page.evaluate(() => document.getElementById('password').classList
    .contains('softkey-target')), 'the target field is not highlighted');
  step('layouts', { first: layout1, second: layout2 });
  await typeWithSoftwareKeyboard(page, TEMP_PASSWORD);
  check(await page.inputValue('#password') === TEMP_PASSWORD, 'the keyboard typed something else');
  check(await page.getAttribute('#password', 'type') === 'password', 'the field is not masked');
  await shot(page, '05-password');
  await page.click('#password-submit');

  // L5: first-login change
  await page.waitForURL(/\/change-password$/);
  await shot(page, '06-change-password');
  // the temporary password just typed is not asked again
  check(await page.locator('#currentPassword').count() === 0,
    'the change form asks for the temporary password again');
  // the new (mixed-case) password with the software keyboard, into the field it shows as target
  await page.click('#newPassword');
  await showKeyboard(page);
  check(await page.getAttribute('#softkeyboard-target', 'data-target-id') === 'newPassword',
    'the keyboard does not show the new-password field as its target');
  check(/[A-Z]/.test(NEW_PASSWORD) && /[a-z]/.test(NEW_PASSWORD), 'NEW_PASSWORD is not mixed-case');
  await typeWithSoftwareKeyboard(page, NEW_PASSWORD);
  check(await page.inputValue('#newPassword') === NEW_PASSWORD, 'the keyboard typed something else');
  check(await page.inputValue('#confirmPassword') === '', 'the keyboard typed elsewhere');
  await shot(page, '06a-keyboard-new-password');
  await page.fill('#confirmPassword', NEW_PASSWORD);
  await page.click('#change-submit');

  // the landing page: validity (R4) and re-acquisition status
  await page.waitForURL(/\/home$/);
  check(await page.textContent('.user-id') === USER_ID, 'user ID missing on the landing page');
  const verdict = await page.getAttribute('#reacquisition-status', 'data-verdict');
  check(verdict === 'UNAFFECTED', `verdict ${verdict}`);
  check(/日本時間/.test(await page.textContent('td.not-after')), 'validity missing');
  await shot(page, '07-home');

  // the same page in English
  await page.goto(`${env('LOGIN_URL')}${SERVICE}/home?lang=en`);
  check(/Your certificate/.test(await page.textContent('main')), 'no English text');
  await shot(page, '08-home-en');
  await withCert.close();
  step('done');
} catch (e) {
  await failed(current, join(SHOTS, '99-failure.png'), e);
} finally {
  await browser.close();
}
