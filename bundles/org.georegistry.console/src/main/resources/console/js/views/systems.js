// External systems: list, create, edit (write-only secrets), connection test, delete, the DHIS2 app download.
import { api, download } from '../api.js';
import { session } from '../session.js';
import { h, page, table, text, field, select, showErrors, clearErrors, busy, confirm, announce, badge, alertBox } from '../ui.js';
import { settingsForm } from '../settings-form.js';

/** Files a provider offers for a system, by provider type (the API has no list of them). */
const SYSTEM_ARTIFACTS = { dhis2: [{ name: 'dhis2-plugin.zip', label: 'Download DHIS2 app' }] };

export async function list() {
  const [systems, providers] = await Promise.all([api.get('/external-systems?pageSize=200'), api.get('/providers')]);
  const labels = Object.fromEntries(providers.map((p) => [p.type, p.label]));
  page('External Systems',
    session.canAdmin() ? h('div', { class: 'toolbar' }, h('a', { class: 'button primary', href: '#/systems/new' }, '+ New external system')) : null,
    table('External systems', [
      { label: 'Label', render: (s) => h('a', { href: `#/systems/${encodeURIComponent(s.id)}` }, text(s.label) || s.id) },
      { label: 'Id', render: (s) => s.id },
      { label: 'Type', render: (s) => [labels[s.type] || s.type, s.providerAvailable ? null : [' ', badge('provider not installed', 'bad')]] },
      { label: 'Organization', render: (s) => s.organization },
      { label: 'Description', render: (s) => s.description || '' },
    ], systems.items, 'No external systems yet.'));
}

export async function edit(id) {
  const [providers, organizations, system] = await Promise.all([
    api.get('/providers'),
    session.isSra ? api.get('/organizations') : Promise.resolve([]),
    id ? api.get(`/external-systems/${encodeURIComponent(id)}`) : Promise.resolve(null),
  ]);
  const editable = session.canAdmin(system?.organization);
  const disabled = !editable;
  const type = select([['', 'Choose a type…'], ...providers.map((p) => [p.type, `${p.label} (${p.type})`])], system?.type,
    { required: true, disabled: disabled || !!system, 'data-field': 'type' });
  const code = h('input', { value: system?.id ?? '', required: true, disabled: disabled || !!system, 'data-field': 'id',
    pattern: '[A-Za-z0-9][A-Za-z0-9_.-]*', autocomplete: 'off' });
  const label = h('input', { value: text(system?.label), required: true, disabled, 'data-field': 'label' });
  const description = h('textarea', { rows: 2, disabled, 'data-field': 'description' }, system?.description ?? '');
  const organization = session.isSra
    ? select([['', 'Choose…'], ...organizations.map((o) => [o.code, `${text(o.label)} (${o.code})`])], system?.organization,
      { required: true, disabled, 'data-field': 'organization' })
    : h('input', { value: system?.organization ?? session.me.organization ?? '', disabled: true, 'data-field': 'organization' });
  const settingsSlot = h('fieldset', {}, h('legend', {}, 'Connection settings'));
  let settings = null;
  const showSettings = () => {
    const provider = providers.find((p) => p.type === type.value);
    settings = provider ? settingsForm(provider.systemSettings, system?.settings, { secrets: system?.secrets, disabled }) : null;
    settingsSlot.replaceChildren(h('legend', {}, provider ? `${provider.label} connection settings` : 'Connection settings'),
      settings ? settings.element : h('p', { class: 'hint' }, system ? `The provider of type ${system.type} is not installed.` : 'Choose a type first.'));
  };
  type.addEventListener('change', showSettings);
  showSettings();

  const save = h('button', { type: 'submit', class: 'primary', hidden: disabled }, system ? 'Save' : 'Create');
  const form = h('form', { class: 'stacked', novalidate: true, onsubmit: (event) => {
    event.preventDefault();
    busy(save, async () => {
      const read = settings ? settings.read() : { values: {}, errors: [] };
      if (read.errors.length) return showErrors(form, { fieldErrors: read.errors });
      const body = { id: code.value.trim(), type: type.value, organization: organization.value || undefined,
        label: label.value.trim(), description: description.value, settings: read.values };
      try {
        const saved = system ? await api.put(`/external-systems/${encodeURIComponent(system.id)}`, body)
          : await api.post('/external-systems', body);
        clearErrors(form);
        announce(`External system ${text(saved.label)} saved.`);
        if (system) edit(saved.id); else location.hash = `#/systems/${encodeURIComponent(saved.id)}`;
      } catch (error) { showErrors(form, error); }
    });
  } },
  field('Type', type, system ? 'The type of a system cannot change.' : null),
  field('Id', code, 'Letters, digits, dot, dash and underscore; it cannot change later.'),
  field('Label', label), field('Organization', organization), field('Description', description),
  settingsSlot, h('div', { class: 'actions' }, save));

  page(system ? `External system: ${text(system.label)}` : 'New external system',
    h('p', {}, h('a', { href: '#/systems' }, '← External Systems')),
    system && editable ? actions(system) : null, form);
}

function actions(system) {
  const result = h('div', { id: 'test-result', 'aria-live': 'polite' });
  const test = h('button', { type: 'button', onclick: () => busy(test, async () => {
    result.replaceChildren(h('p', {}, 'Testing the connection…'));
    try {
      const r = await api.post(`/external-systems/${encodeURIComponent(system.id)}/test`);
      result.replaceChildren(h('div', { class: 'note' },
        h('p', {}, badge(r.ok ? 'Connected' : 'Not connected', r.ok ? 'ok' : 'bad'),
          r.version ? ` version ${r.version}` : '', r.ok ? (r.supported ? ' (supported)' : ' (not supported by this provider)') : ''),
        h('ul', {}, r.messages.map((m) => h('li', {}, m)))));
    } catch (error) { result.replaceChildren(alertBox(error, 'The test could not run')); }
  }) }, 'Test connection');
  const artifacts = (SYSTEM_ARTIFACTS[system.type] || []).map((a) => {
    const b = h('button', { type: 'button', onclick: () => busy(b, async () => {
      try {
        const { fileName } = await download(`/external-systems/${encodeURIComponent(system.id)}/artifacts/${a.name}`);
        announce(`Downloaded ${fileName}.`);
      } catch (error) { result.replaceChildren(alertBox(error, 'The download failed')); }
    }) }, a.label);
    return b;
  });
  const remove = h('button', { type: 'button', class: 'danger', onclick: () => deleteSystem(system, result) }, 'Delete…');
  return [h('div', { class: 'toolbar' }, test, artifacts,
    h('a', { class: 'button', href: `#/configs/new?system=${encodeURIComponent(system.id)}` }, '+ New synchronization'),
    remove), result];
}

async function deleteSystem(system, result) {
  if (!await confirm(`Delete ${text(system.label)}?`, 'The external system is removed. This cannot be undone.')) return;
  try {
    await api.del(`/external-systems/${encodeURIComponent(system.id)}`);
  } catch (error) {
    if (error.status !== 409 || !session.isSra) return result.replaceChildren(alertBox(error, 'Not deleted'));
    const cascade = await confirm('Delete its synchronizations and external ids too?',
      `${error.message}. Deleting anyway also deletes its synchronization configurations and the external ids it recorded.`,
      'Delete everything');
    if (!cascade) return;
    try { await api.del(`/external-systems/${encodeURIComponent(system.id)}?cascade=true`); } catch (e) {
      return result.replaceChildren(alertBox(e, 'Not deleted'));
    }
  }
  announce(`External system ${text(system.label)} deleted.`);
  location.hash = '#/systems';
}
