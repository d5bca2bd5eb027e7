// Jobs: recent jobs of every visible configuration, and one job with live progress (Server-Sent Events read
// through fetch), cancellation, and its errors as a table or grouped by message.
import { api, events } from '../api.js';
import { session, every } from '../session.js';
import { h, fill, page, table, text, when, busy, announce, badge, alertBox } from '../ui.js';

const isFinal = (status) => !['QUEUED', 'RUNNING'].includes(status);
const progressText = (job) => (job.total >= 0 ? `${job.processed.toLocaleString()} / ${job.total.toLocaleString()}` : job.processed.toLocaleString());

export function jobColumns(configs) {
  return [
    { label: 'Job', render: (j) => h('a', { href: `#/jobs/${j.id}` }, `#${j.id}`) },
    configs ? { label: 'Synchronization', render: (j) => h('a', { href: `#/configs/${j.configId}` }, text(configs[j.configId]?.label) || `#${j.configId}`) } : null,
    { label: 'Status', render: (j) => [badge(j.status), j.dryRun ? ' dry run' : ''] },
    { label: 'Stage', render: (j) => j.stage || '' },
    { label: 'Processed', num: true, render: progressText },
    { label: 'Errors', num: true, render: (j) => j.errors },
    { label: 'Warnings', num: true, render: (j) => j.warnings },
    { label: 'Started', render: (j) => when(j.started || j.created) },
    { label: 'Finished', render: (j) => when(j.finished) },
    { label: 'By', render: (j) => j.createdBy || '' },
  ].filter(Boolean);
}

export async function list() {
  const configs = (await api.get('/sync-configs?pageSize=200')).items;
  const byId = Object.fromEntries(configs.map((c) => [c.id, c]));
  const load = async () => (await Promise.all(configs.map((c) => api.get(`/sync-configs/${c.id}/jobs?pageSize=10`).then((p) => p.items).catch(() => []))))
    .flat().sort((a, b) => b.id - a.id).slice(0, 100);
  const slot = h('div', {});
  const show = (jobs) => slot.replaceChildren(table('Recent jobs, newest first', jobColumns(byId), jobs, 'No jobs yet.'));
  let jobs = await load();
  show(jobs);
  page('Jobs', h('p', { class: 'hint' }, 'The latest jobs of every synchronization; the list refreshes while a job runs.'), slot);
  every(3000, async () => {
    if (!jobs.some((j) => !isFinal(j.status))) return;
    jobs = await load();
    show(jobs);
  });
}

export async function show(id) {
  let job = await api.get(`/jobs/${id}`);
  const config = await api.get(`/sync-configs/${job.configId}`);
  const summary = h('div', {});
  const errorsSlot = h('div', {});
  const bar = h('progress', { max: 1, value: 0, 'aria-label': `Progress of job ${id}` });
  const cancel = h('button', { type: 'button', class: 'danger', onclick: () => busy(cancel, async () => {
    try { job = await api.post(`/jobs/${id}/cancel`); update(job); } catch (error) { summary.append(alertBox(error, 'Not cancelled')); }
  }) }, 'Cancel job');

  function update(current) {
    job = current;
    if (job.total > 0) { bar.max = job.total; bar.value = Math.min(job.processed, job.total); } else bar.removeAttribute('value');
    if (isFinal(job.status)) { bar.max = 1; bar.value = 1; }
    cancel.hidden = isFinal(job.status) || !session.canAdmin(config.organization);
    fill(summary,
      h('p', { id: 'job-status' }, 'Status: ', badge(job.status), job.dryRun ? ' (dry run: nothing was written)' : '', job.stage ? ` — stage ${job.stage}` : ''),
      bar, h('p', {}, `Processed ${progressText(job)} · ${job.errors} errors · ${job.warnings} warnings`),
      job.message ? h('p', { class: job.status === 'FAILURE' ? 'alert' : 'note' }, job.message) : null,
      h('dl', { class: 'details' },
        h('dt', {}, 'Synchronization'), h('dd', {}, h('a', { href: `#/configs/${config.id}` }, text(config.label))),
        h('dt', {}, 'Run'), h('dd', {}, job.fullRun ? 'full' : (job.changedSince ? `incremental, changes since ${when(job.changedSince)}` : 'full (first run)')),
        h('dt', {}, 'Queued'), h('dd', {}, `${when(job.created)} by ${job.createdBy || ''}`),
        h('dt', {}, 'Started'), h('dd', {}, when(job.started) || '—'),
        h('dt', {}, 'Finished'), h('dd', {}, when(job.finished) || '—')));
  }

  page(`Job #${id}`, h('p', {}, h('a', { href: `#/configs/${config.id}` }, `← ${text(config.label)}`)),
    h('div', { class: 'toolbar' }, cancel), h('section', { 'aria-labelledby': 'job-status', 'aria-live': 'polite', 'aria-busy': 'false' }, summary),
    h('h2', {}, 'Errors and warnings'), errorsSlot);
  update(job);
  errorsView(id, errorsSlot);
  if (!isFinal(job.status)) follow(id, update, () => errorsView(id, errorsSlot));
}

/** Follows the job's event stream until it ends; falls back to polling if the stream breaks. */
async function follow(id, update, ended) {
  const signal = session.signal;
  try {
    for await (const message of events(`/jobs/${id}/events`, signal)) {
      if (!message.data) continue;
      const current = JSON.parse(message.data);
      update(current);
      if (isFinal(current.status)) break;
    }
  } catch (error) {
    if (signal.aborted) return;
  }
  if (signal.aborted) return;
  let current = await api.get(`/jobs/${id}`);
  while (!isFinal(current.status) && !signal.aborted) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    current = await api.get(`/jobs/${id}`);
    update(current);
  }
  update(current);
  announce(`Job ${id} ended: ${current.status}.`);
  ended();
}

async function errorsView(id, slot) {
  let grouped = false;
  let pageNo = 1;
  const content = h('div', {});
  const toggle = (value, label) => h('label', {}, h('input', { type: 'radio', name: 'error-view', value, checked: String(grouped) === value,
    onchange: () => { grouped = value === 'true'; pageNo = 1; load(); } }), ` ${label}`);
  async function load() {
    try {
      if (grouped) {
        const groups = await api.get(`/jobs/${id}/errors?grouped=true`);
        content.replaceChildren(table('Errors grouped by message', [
          { label: 'Severity', render: (g) => badge(g.severity, g.severity === 'ERROR' ? 'bad' : 'WARNING') },
          { label: 'Code', render: (g) => g.code || '' },
          { label: 'Message', render: (g) => g.message },
          { label: 'Count', num: true, render: (g) => g.count },
          { label: 'Affected objects', render: (g) => g.objectCodes.slice(0, 20).join(', ') + (g.count > 20 ? ` and ${g.count - 20} more` : '') },
        ], groups, 'No errors.'));
        return;
      }
      const p = await api.get(`/jobs/${id}/errors?page=${pageNo}&pageSize=50`);
      const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
      fill(content, table(`Errors (${p.total})`, [
        { label: 'Severity', render: (e) => badge(e.severity, e.severity === 'ERROR' ? 'bad' : 'WARNING') },
        { label: 'Code', render: (e) => e.code || '' },
        { label: 'Message', render: (e) => e.message },
        { label: 'Object', render: (e) => [e.typeCode ? `${e.typeCode} ` : '', h('strong', {}, e.objectCode || '')] },
        { label: 'Exchange', render: (e) => (e.submitted || e.response ? h('details', {}, h('summary', {}, 'Sent and received'),
          e.submitted ? h('pre', {}, e.submitted) : null, e.response ? h('pre', {}, e.response) : null) : '') },
      ], p.items, 'No errors.'),
      pages > 1 ? h('div', { class: 'toolbar' },
        h('button', { type: 'button', disabled: pageNo <= 1, onclick: () => { pageNo -= 1; load(); } }, 'Previous'),
        `Page ${pageNo} of ${pages}`,
        h('button', { type: 'button', disabled: pageNo >= pages, onclick: () => { pageNo += 1; load(); } }, 'Next')) : null);
    } catch (error) { content.replaceChildren(alertBox(error, 'Errors could not be read')); }
  }
  slot.replaceChildren(h('div', { role: 'radiogroup', 'aria-label': 'Error view', class: 'toolbar' },
    toggle('false', 'Every error'), toggle('true', 'Grouped by message')), content);
  await load();
}
