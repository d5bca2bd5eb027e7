// Synchronization configurations: list, and one configuration with Run now, Dry run, its files and job history.
import { api, download } from '../api.js';
import { session } from '../session.js';
import { h, page, table, text, when, busy, confirm, announce, badge, alertBox } from '../ui.js';
import { jobColumns } from './jobs.js';

/** Files a provider offers for a configuration, by provider type (the API has no list of them). */
const CONFIG_ARTIFACTS = {
  fhir: [{ name: 'bundle', label: 'Generate Bundle' }],
  reveal: [{ name: 'export.geojson', label: 'Download GeoJSON' }],
};

export async function list() {
  const [configs, systems] = await Promise.all([api.get('/sync-configs?pageSize=200'), api.get('/external-systems?pageSize=200')]);
  const byId = Object.fromEntries(systems.items.map((s) => [s.id, s]));
  page('External System Synchronizations',
    session.canAdmin() && systems.items.length ? h('div', { class: 'toolbar' }, h('a', { class: 'button primary', href: '#/configs/new' }, '+ New synchronization')) : null,
    table('Synchronization configurations', [
      { label: 'Label', render: (c) => h('a', { href: `#/configs/${c.id}` }, text(c.label) || `#${c.id}`) },
      { label: 'External system', render: (c) => text(byId[c.externalSystem]?.label) || c.externalSystem },
      { label: 'Direction', render: (c) => c.direction },
      { label: 'Hierarchy', render: (c) => c.hierarchy || '' },
      { label: 'Schedule', render: (c) => c.cron || 'manual' },
      { label: 'Last success', render: (c) => when(c.lastSuccess) || 'never' },
    ], configs.items, systems.items.length ? 'No synchronizations yet.' : 'Register an external system first.'));
}

export async function show(id) {
  const config = await api.get(`/sync-configs/${id}`);
  const [system, history] = await Promise.all([
    api.get(`/external-systems/${encodeURIComponent(config.externalSystem)}`),
    api.get(`/sync-configs/${id}/jobs?pageSize=20`),
  ]);
  const editable = session.canAdmin(config.organization);
  const result = h('div', { 'aria-live': 'polite' });
  const run = (dryRun) => async () => {
    try {
      const job = await api.post(`/sync-configs/${id}/run?dryRun=${dryRun}`);
      announce(`${dryRun ? 'Dry run' : 'Run'} queued as job ${job.id}.`);
      location.hash = `#/jobs/${job.id}`;
    } catch (error) { result.replaceChildren(alertBox(error, 'Not started')); }
  };
  const runNow = h('button', { type: 'button', class: 'primary', onclick: () => busy(runNow, run(false)) }, 'Run now');
  const dryRun = h('button', { type: 'button', onclick: () => busy(dryRun, run(true)) }, 'Dry run');
  const files = (CONFIG_ARTIFACTS[system.type] || []).map((a) => {
    const b = h('button', { type: 'button', onclick: () => busy(b, async () => {
      try {
        const { fileName, size } = await download(`/sync-configs/${id}/artifacts/${a.name}`);
        announce(`Downloaded ${fileName} (${size.toLocaleString()} bytes).`);
        result.replaceChildren(h('p', { class: 'note' }, `Downloaded ${fileName} (${size.toLocaleString()} bytes).`));
      } catch (error) { result.replaceChildren(alertBox(error, `${a.label} failed`)); }
    }) }, a.label);
    return b;
  });
  const remove = h('button', { type: 'button', class: 'danger', onclick: async () => {
    if (!await confirm(`Delete ${text(config.label)}?`, 'The configuration and its job history are removed.')) return;
    try {
      await api.del(`/sync-configs/${id}`);
      announce('Synchronization deleted.');
      location.hash = '#/configs';
    } catch (error) { result.replaceChildren(alertBox(error, 'Not deleted')); }
  } }, 'Delete…');

  page(`Synchronization: ${text(config.label)}`,
    h('p', {}, h('a', { href: '#/configs' }, '← Synchronizations')),
    editable ? h('div', { class: 'toolbar' }, runNow, dryRun, files,
      h('a', { class: 'button', href: `#/configs/${id}/edit` }, 'Edit'), remove) : null,
    result,
    h('dl', { class: 'details' },
      h('dt', {}, 'External system'), h('dd', {}, h('a', { href: `#/systems/${encodeURIComponent(system.id)}` }, text(system.label)), ` (${system.type})`),
      h('dt', {}, 'Direction'), h('dd', {}, config.direction),
      h('dt', {}, 'Hierarchy'), h('dd', {}, config.hierarchy || '—'),
      h('dt', {}, 'Schedule'), h('dd', {}, config.cron || 'manual'),
      h('dt', {}, 'Last success'), h('dd', {}, when(config.lastSuccess) || 'never'),
      h('dt', {}, 'Organization'), h('dd', {}, config.organization)),
    h('details', {}, h('summary', {}, 'Provider settings (JSON)'), h('pre', {}, JSON.stringify(config.settings, null, 2))),
    h('h2', {}, 'Jobs'),
    table('Job history, newest first', jobColumns(), history.items, 'Not run yet.'),
    system.providerAvailable ? null : h('p', {}, badge('provider not installed', 'bad')));
}
