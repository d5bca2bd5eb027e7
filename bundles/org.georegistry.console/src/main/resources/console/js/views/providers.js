// What is installed: sync providers (with versions and settings), where the server has them transformations, and
// for a system administrator what each file in deploy/ became or why it does not work.
// The page refreshes by itself, so a provider dropped into deploy/ shows up without reloading anything.
import { api } from '../api.js';
import { every } from '../session.js';
import { h, page, table, announce } from '../ui.js';

const settingsList = (settings) => (settings.length
  ? h('ul', {}, settings.map((s) => h('li', {}, h('code', {}, s.name), ` — ${s.label} (${s.type.toLowerCase()}${s.required ? ', required' : ''}${s.secret ? ', secret' : ''})`)))
  : h('p', { class: 'hint' }, 'None.'));

export async function list() {
  const providersSlot = h('div', {});
  const transformationsSlot = h('div', {});
  const deploySlot = h('div', {});
  let known = null;
  let shown = null;
  async function load() {
    const [providers, transformations, deployments] = await Promise.all([api.get('/providers'),
      api.optional('/transformations'), api.optional('/deployments')]);
    const types = providers.map((p) => `${p.type}@${p.version}`).sort().join(' ');
    if (known !== null && known !== types) announce('The installed providers changed.');
    const state = JSON.stringify([transformations, deployments]);
    if (known === types && shown === state) return;
    known = types;
    shown = state;
    providersSlot.replaceChildren(table('Sync providers', [
      { label: 'Type', render: (p) => h('code', {}, p.type) },
      { label: 'Label', render: (p) => p.label },
      { label: 'Version', render: (p) => p.version },
      { label: 'Bundle', render: (p) => p.bundle?.symbolicName || '' },
      { label: 'Can', render: (p) => p.capabilities.join(', ') },
      { label: 'Settings', render: (p) => h('details', {}, h('summary', {}, `${p.systemSettings.length} system, ${p.configSettings.length} configuration`),
        h('h3', {}, 'External system'), settingsList(p.systemSettings), h('h3', {}, 'Configuration'), settingsList(p.configSettings)) },
    ], providers, 'No provider is installed: drop one into deploy/.'));
    const items = Array.isArray(transformations) ? transformations : transformations?.items;
    transformationsSlot.replaceChildren(...(items ? [h('h2', {}, 'Transformations'), table('FHIR import transformations', [
      { label: 'Id', render: (t) => h('code', {}, t.id || t.name || '') },
      { label: 'Label', render: (t) => t.label || '' },
      { label: 'Version', render: (t) => t.version || t.bundle?.version || '' },
      { label: 'Bundle', render: (t) => t.bundle?.symbolicName || t.bundle || '' },
    ], items, 'No transformation is installed.')] : []));
    deploySlot.replaceChildren(...(Array.isArray(deployments) ? [h('h2', {}, 'deploy/'), table('Files in deploy/', [
      { label: 'File', render: (d) => h('code', {}, d.file) },
      { label: 'Bundle or configuration', render: (d) => (d.bundle ? `${d.bundle.symbolicName} ${d.bundle.version}`
        : d.configuration ? h('code', {}, d.configuration) : '') },
      { label: 'State', render: (d) => d.status },
      { label: 'Problem', render: (d) => (d.problem ? h('span', { class: 'error-text' }, d.problem) : 'none') },
    ], deployments, 'Nothing is installed from deploy/.')] : []));
  }
  await load();
  page('Providers', h('p', { class: 'hint' }, 'Installed right now; bundles added to or removed from deploy/ appear here within seconds.'),
    providersSlot, transformationsSlot, deploySlot);
  every(3000, () => load().catch(() => {}));
}
