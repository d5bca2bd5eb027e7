// The console driven in Debian's Chromium by playwright-core, step by step as an administrator works, with a
// screenshot of each step. Started by ConsoleE2EIT, which prepares the server, the DHIS2 emulator and the data,
// and afterwards checks what DHIS2 received. Exits non-zero on the first failed check.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const env = (name) => process.env[name] ?? (() => { throw new Error(`${name} is not set`); })();
const CONSOLE = env('CONSOLE_URL');
const SHOTS = env('SCREENSHOTS');
const DHIS2_URL = env('DHIS2_URL');
const FHIR_SYSTEM = 'https://registry.example.org/code';
const TIMEOUT = 20_000;

let step = 0;
const browser = await chromium.launch({
  executablePath: env('CHROMIUM'),
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run'],
});
// bypassCSP only so that axe-core can be injected for the accessibility checks; the page's own code needs no exception
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, bypassCSP: true });
const page = await context.newPage();
page.setDefaultTimeout(TIMEOUT);
const problems = [];
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
// refusals the page shows (401 at sign-in, 400 with field errors) are logged by Chromium as failed loads: not problems
page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console error: ${m.text()}`); });
page.on('dialog', (d) => { problems.push(`unexpected browser dialog: ${d.message()}`); d.dismiss(); });
const streams = [];
page.on('response', (r) => { if (/\/api\/jobs\/\d+\/events$/.test(r.url())) streams.push(`${r.status()} ${r.headers()['content-type']}`); });

async function shot(name) {
  step += 1;
  const file = path.join(SHOTS, `${String(step).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`e2e step ${step}: ${name}`);
}

/** axe-core's WCAG 2 A/AA rules on the current page: no serious or critical violation. */
async function accessible(what) {
  await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async () => (await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] }))
    .violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`));
  assert.deepEqual(found, [], `accessibility of ${what}`);
  checkedPages += 1;
}
let checkedPages = 0;

async function signIn(username, password) {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const started = Date.now();
try {
  // 1. sign in: a wrong password is refused in the page itself (no browser dialog), then the right one
  const first = await page.goto(CONSOLE);
  assert.equal(first.status(), 200);
  await page.getByRole('heading', { name: 'Sign in to GeoRegistry' }).waitFor();
  await signIn('admin', 'wrong-password');
  await page.getByText('Wrong username or password').waitFor();
  await shot('login-refused');
  await accessible('the sign-in page');
  await signIn('admin', env('ADMIN_PASSWORD'));
  await page.getByRole('heading', { name: 'External Systems' }).waitFor();
  await page.getByRole('link', { name: 'Finance DHIS2' }).waitFor();
  await shot('systems-list');

  // 2. register the DHIS2: "+", pick the type, fill the generated fields
  await page.getByRole('link', { name: '+ New external system' }).click();
  await page.getByLabel('Type').selectOption('dhis2');
  await page.getByLabel('URL').waitFor();
  await page.getByLabel(/^Id\b/).fill('dhis2');
  await page.getByLabel('Label').fill('DHIS2 emulator');
  await page.getByLabel('Organization').selectOption('moh');
  await page.getByLabel('URL').fill('not a url');
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password', { exact: true }).fill(env('DHIS2_PASSWORD'));
  await page.getByRole('button', { name: 'Create' }).click();
  // the server's field error lands next to the field
  await page.locator('[data-field="settings.url"][aria-invalid="true"]').waitFor();
  await shot('system-field-error');
  await page.getByLabel('URL').fill(DHIS2_URL);
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('heading', { name: 'External system: DHIS2 emulator' }).waitFor();
  // the password is write-only: shown as "set", replaceable, never displayed
  await page.getByRole('button', { name: 'Replace Password' }).waitFor();
  assert.ok(!(await page.content()).includes(env('DHIS2_PASSWORD')), 'the password must never reach the page');
  await shot('system-created');

  // 3. test the connection
  await page.getByRole('button', { name: 'Test connection' }).click();
  await page.locator('#test-result').getByText('Connected', { exact: true }).waitFor();
  assert.match(await page.locator('#test-result').innerText(), /version 2\.40\.5/);
  await shot('connection-tested');
  await accessible('an external system');

  // 4. the DHIS2 app: a zip DHIS2's App Management accepts, holding its manifest.webapp
  const [app] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download DHIS2 app' }).click()]);
  // the dhis2-plugin.zip artifact; the provider names the file it sends
  assert.match(app.suggestedFilename(), /\.zip$/);
  const zip = await fs.readFile(await app.path());
  assert.equal(zip.subarray(0, 4).toString('latin1'), 'PK\x03\x04', 'the DHIS2 app is a zip');
  assert.ok(zip.includes(Buffer.from('manifest.webapp')), 'the DHIS2 app holds manifest.webapp');
  await page.locator('#status').getByText(`Downloaded ${app.suggestedFilename()}.`).waitFor({ state: 'attached' });
  await shot('dhis2-app');

  // 5. a synchronization: the generated form with the DHIS2 matching tables
  await page.getByRole('link', { name: '+ New synchronization' }).click();
  await page.getByRole('heading', { name: 'New synchronization' }).waitFor();
  await page.getByLabel('Label').fill('Hierarchy to DHIS2');
  await page.getByLabel('Hierarchy', { exact: true }).selectOption('ADMIN');
  await page.getByRole('table', { name: 'Levels, parents first' }).waitFor();
  assert.equal(await page.getByLabel('Synchronize Facility').inputValue(), 'ALL');
  await page.getByLabel('Synchronize Province').selectOption('ALL');
  // the tables come from DHIS2's live options: its level names, and targets limited to compatible attributes
  assert.equal(await page.getByText('DHIS2 did not describe its attributes').count(), 0, 'live options were read');
  await page.getByRole('table', { name: 'Levels, parents first' }).getByText('1: Province').waitFor();
  await page.getByRole('button', { name: 'Add attribute mapping for Facility' }).click();
  await page.getByLabel('Registry attribute 1, Facility').selectOption('population');
  const target = page.getByLabel('DHIS2 target 1, Facility');
  assert.equal(await target.evaluate((el) => el.tagName), 'SELECT', 'the DHIS2 target is a choice from the live attributes');
  const targets = await target.locator('option').evaluateAll((os) => os.map((o) => o.value));
  assert.ok(targets.includes('attribute:AtPopulat01'), `the INTEGER_POSITIVE attribute is offered: ${targets}`);
  assert.ok(!targets.includes('attribute:AtPhoto0001'), `the IMAGE attribute is not: ${targets}`);
  assert.ok(!targets.includes('name'), `a text target is not offered for an integer: ${targets}`);
  await target.selectOption('attribute:AtPopulat01');
  await page.getByLabel('Schedule (cron, UTC)').fill('every night');
  await shot('config-form');
  await accessible('the configuration form with the DHIS2 tables');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.locator('[data-field="cron"][aria-invalid="true"]').waitFor();
  await shot('config-field-error');
  await page.getByLabel('Schedule (cron, UTC)').fill('');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('heading', { name: 'Synchronization: Hierarchy to DHIS2' }).waitFor();
  await page.getByText('Not run yet.').waitFor();
  await shot('config-created');

  // editing shows the saved matching again and saves it unchanged
  await page.getByRole('link', { name: 'Edit' }).click();
  await page.getByRole('heading', { name: 'Edit synchronization: Hierarchy to DHIS2' }).waitFor();
  assert.equal(await page.getByLabel('Registry attribute 1, Facility').inputValue(), 'population');
  assert.equal(await page.getByLabel('DHIS2 target 1, Facility').inputValue(), 'attribute:AtPopulat01');
  assert.equal(await page.getByLabel('Synchronize Province').inputValue(), 'ALL');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('heading', { name: 'Synchronization: Hierarchy to DHIS2' }).waitFor();

  // 6. Run now: the job page follows the live progress until it succeeds
  await page.getByRole('button', { name: 'Run now' }).click();
  await page.getByRole('heading', { name: /^Job #\d+$/ }).waitFor();
  // DHIS2 answers slowly here (the test delays it), so the page shows the job running, then its end, live
  await page.locator('#job-status').getByText('RUNNING').waitFor();
  await shot('job-running');
  await page.locator('#job-status').getByText('SUCCESS').waitFor({ timeout: 60_000 });
  assert.ok(streams.some((s) => s.startsWith('200 text/event-stream')), `the page read the event stream: ${streams}`);
  assert.match(await page.locator('main').innerText(), /Processed 5 \/ 5 · 0 errors/);
  await page.getByText('No errors.').waitFor();
  await shot('job-succeeded');
  await page.getByLabel('Grouped by message').check();
  await page.getByText('No errors.').waitFor();

  // 7. a dry run, then the Jobs section with both
  await page.getByRole('link', { name: /← Hierarchy to DHIS2/ }).click();
  await page.getByRole('button', { name: 'Dry run' }).click();
  await page.locator('#job-status').getByText('SUCCESS').waitFor({ timeout: 60_000 });
  await page.getByText('dry run: nothing was written').waitFor();
  await shot('dry-run');

  // 8. a facility DHIS2 refuses (its population does not fit INTEGER_POSITIVE): the next run lists the error
  const created = await fetch(new URL('api/geo-objects', CONSOLE), { method: 'POST', headers: {
    Authorization: `Basic ${Buffer.from(`admin:${env('ADMIN_PASSWORD')}`).toString('base64')}`, 'Content-Type': 'application/json' },
  body: JSON.stringify({ type: 'facility', code: 'F3', label: 'Kamakwie Post', parents: { ADMIN: 'D1' },
    geometry: { type: 'Point', coordinates: [-12.2, 9.5] }, attributes: { population: -5 } }) });
  assert.equal(created.status, 201, await created.text());
  await page.getByRole('link', { name: /← Hierarchy to DHIS2/ }).click();
  await page.getByRole('button', { name: 'Run now' }).click();
  await page.locator('#job-status').getByText('FAILURE').waitFor({ timeout: 60_000 });
  const errors = page.getByRole('table', { name: 'Errors (1)' });
  await errors.getByText('F3', { exact: true }).waitFor();
  await shot('job-errors');
  await page.getByLabel('Grouped by message').check();
  const grouped = page.getByRole('table', { name: 'Errors grouped by message' });
  await grouped.getByText('F3').waitFor();
  await shot('job-errors-grouped');
  await accessible('a job with errors');
  await page.getByRole('link', { name: 'Jobs', exact: true }).click();
  await page.getByRole('table', { name: 'Recent jobs, newest first' }).waitFor();
  const recent = page.getByRole('table', { name: 'Recent jobs, newest first' });
  assert.equal(await recent.getByText('SUCCESS').count(), 2);
  assert.equal(await recent.getByText('FAILURE').count(), 1);
  await shot('jobs');
  await accessible('the jobs');

  // 9. FHIR: register the server, export the hierarchy to it, then "Generate Bundle" downloads what it sends
  await page.getByRole('link', { name: 'External Systems' }).click();
  await page.getByRole('link', { name: '+ New external system' }).click();
  await page.getByLabel('Type').selectOption('fhir');
  await page.getByLabel('FHIR base URL').waitFor();
  await page.getByLabel(/^Id\b/).fill('fhir');
  await page.getByLabel('Label').fill('FHIR server');
  await page.getByLabel('Organization').selectOption('moh');
  await page.getByLabel('FHIR base URL').fill(env('FHIR_URL'));
  await page.getByLabel('Identifier system').fill(FHIR_SYSTEM);
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('heading', { name: 'External system: FHIR server' }).waitFor();
  await page.getByRole('button', { name: 'Test connection' }).click();
  await page.locator('#test-result').getByText('Connected', { exact: true }).waitFor();
  await shot('fhir-system-created');

  await page.getByRole('link', { name: '+ New synchronization' }).click();
  await page.getByRole('heading', { name: 'New synchronization' }).waitFor();
  await page.getByLabel('Label').fill('Hierarchy to FHIR');
  assert.equal(await page.getByLabel('Direction').inputValue(), 'EXPORT');
  await page.getByLabel('Hierarchy', { exact: true }).selectOption('ADMIN');
  // the installed transformations (the mCSD feature) are offered as a choice, from the provider's options
  const transformation = page.getByLabel('Import transformation');
  assert.equal(await transformation.evaluate((el) => el.tagName), 'SELECT', 'transformations come from options()');
  assert.ok((await transformation.locator('option').count()) > 1, 'the mCSD transformation is offered');
  await page.getByLabel('Objects per transaction').fill('100');
  await shot('fhir-config-form');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('heading', { name: 'Synchronization: Hierarchy to FHIR' }).waitFor();
  await page.getByRole('button', { name: 'Run now' }).click();
  await page.getByRole('heading', { name: /^Job #\d+$/ }).waitFor();
  await page.locator('#job-status').getByText('SUCCESS').waitFor({ timeout: 60_000 });
  assert.match(await page.locator('main').innerText(), /Processed 6 \/ 6 · 0 errors/);
  await page.getByText('No errors.').waitFor();
  await shot('fhir-job-succeeded');

  await page.getByRole('link', { name: /← Hierarchy to FHIR/ }).click();
  const [bundleFile] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('button', { name: 'Generate Bundle' }).click()]);
  const bundle = JSON.parse(await fs.readFile(await bundleFile.path(), 'utf8'));
  assert.equal(bundle.resourceType, 'Bundle');
  assert.equal(bundle.type, 'transaction');
  const locations = bundle.entry.filter((e) => e.resource?.resourceType === 'Location');
  const codes = locations.map((e) => e.resource.identifier?.find((i) => i.system === FHIR_SYSTEM)?.value).sort();
  assert.deepEqual(codes, ['D1', 'D2', 'F1', 'F2', 'F3', 'P1'], 'a Location per Geo-Object, identified by its code');
  assert.ok(locations.every((e) => e.request?.method === 'PUT' && e.request.url.startsWith('Location?identifier=')),
    'conditional updates, as an export sends them');
  await page.locator('p.note').getByText(/Downloaded .+ \(\d[\d,.]* bytes\)/).waitFor();
  await shot('fhir-bundle-generated');

  // 10. providers and their versions
  await page.getByRole('link', { name: 'Providers' }).click();
  const providers = page.getByRole('table', { name: 'Sync providers' });
  await providers.getByText('org.georegistry.sync.dhis2').waitFor();
  // a provider dropped into deploy/ while the page is open shows up by itself: no reload, no restart
  let loads = 0;
  page.on('load', () => { loads += 1; });
  const staged = path.join(SHOTS, 'example.jar.tmp');
  await fs.copyFile(env('EXAMPLE_JAR'), staged);
  await fs.rename(staged, path.join(env('DEPLOY_DIR'), 'example.jar'));
  await providers.getByText('org.georegistry.sync.example').waitFor();
  assert.equal(loads, 0, 'the page was not reloaded');
  // a file in deploy/ that is no bundle: the system administrator is told why it was not installed
  await fs.writeFile(path.join(env('DEPLOY_DIR'), 'notes.jar'), 'not a jar at all');
  const deployed = page.getByRole('table', { name: 'Files in deploy/' });
  await deployed.getByRole('row').filter({ hasText: 'notes.jar' }).getByText(/^it is not a readable jar file/).waitFor();
  await deployed.getByRole('row').filter({ hasText: 'example.jar' }).getByText('ACTIVE').waitFor();
  await shot('providers');
  await accessible('the providers');

  // 11. a read-only user of the organization: sees its system, not another organization's, and changes nothing
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn('reader', env('READER_PASSWORD'));
  await page.getByRole('link', { name: 'DHIS2 emulator' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Finance DHIS2' }).count(), 0);
  assert.equal(await page.getByRole('link', { name: '+ New external system' }).count(), 0);
  await page.getByRole('link', { name: 'Synchronizations' }).click();
  await page.getByRole('link', { name: 'Hierarchy to DHIS2' }).click();
  await page.getByRole('table', { name: 'Job history, newest first' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Run now' }).count(), 0);
  await shot('reader-view');

  assert.deepEqual(problems, []);
  console.log(`e2e passed in ${Date.now() - started} ms (${checkedPages} pages checked with axe-core)`);
} catch (error) {
  await shot('failure').catch(() => {});
  console.error(error);
  if (problems.length) console.error(problems.join('\n'));
  process.exitCode = 1;
} finally {
  await browser.close();
}
