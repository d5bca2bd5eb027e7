// The console's entry: signs in, then routes #/... to the page modules (loaded on first use).
import { api, credentials, onUnauthorized } from './api.js';
import { session } from './session.js';
import { h, page, alertBox, announce } from './ui.js';

const routes = [
  [/^#\/systems$/, () => import('./views/systems.js').then((m) => m.list())],
  [/^#\/systems\/new$/, () => import('./views/systems.js').then((m) => m.edit(null))],
  [/^#\/systems\/([^/]+)$/, (id) => import('./views/systems.js').then((m) => m.edit(decodeURIComponent(id)))],
  [/^#\/configs$/, () => import('./views/configs.js').then((m) => m.list())],
  [/^#\/configs\/new(?:\?system=(.*))?$/, (system) => import('./views/config-form.js').then((m) => m.edit(null, system && decodeURIComponent(system)))],
  [/^#\/configs\/(\d+)$/, (id) => import('./views/configs.js').then((m) => m.show(Number(id)))],
  [/^#\/configs\/(\d+)\/edit$/, (id) => import('./views/config-form.js').then((m) => m.edit(Number(id)))],
  [/^#\/jobs$/, () => import('./views/jobs.js').then((m) => m.list())],
  [/^#\/jobs\/(\d+)$/, (id) => import('./views/jobs.js').then((m) => m.show(Number(id)))],
  [/^#\/providers$/, () => import('./views/providers.js').then((m) => m.list())],
];

async function route() {
  session.leave();
  const hash = location.hash || '#/systems';
  if (!session.me) return login(hash === '#/login' ? '#/systems' : hash);
  if (hash === '#/login') { location.hash = '#/systems'; return; }
  document.querySelectorAll('#nav a').forEach((a) => {
    if (hash.startsWith(a.getAttribute('href'))) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  const match = routes.map(([pattern, load]) => [pattern.exec(hash), load]).find(([m]) => m);
  if (!match) return page('Not found', h('p', {}, 'No such page. '), h('a', { href: '#/systems' }, 'External Systems'));
  try {
    await match[1](...match[0].slice(1));
  } catch (error) {
    if (error.status !== 401) page('Something went wrong', alertBox(error, error.status === 404 ? 'Not found' : 'Could not load this page'));
  }
}

function signedIn(me) {
  session.me = me;
  document.getElementById('who-name').textContent = `${me.username}${me.organization ? ` (${me.organization})` : ''} · ${me.roles.join(', ')}`;
  document.getElementById('who').hidden = false;
  document.getElementById('nav').hidden = false;
}

function signedOut() {
  session.me = null;
  credentials.clear();
  document.getElementById('who').hidden = true;
  document.getElementById('nav').hidden = true;
}

function login(next, reason) {
  signedOut();
  const username = h('input', { id: 'login-user', autocomplete: 'username', required: true });
  const password = h('input', { id: 'login-password', type: 'password', autocomplete: 'current-password', required: true });
  const token = h('input', { id: 'login-token', type: 'password', autocomplete: 'off' });
  const useToken = h('input', { id: 'login-use-token', type: 'checkbox', onchange: () => {
    basicFields.hidden = useToken.checked; tokenField.hidden = !useToken.checked;
    username.required = password.required = !useToken.checked; token.required = useToken.checked;
  } });
  const basicFields = h('div', {}, h('div', { class: 'field' }, h('label', { for: 'login-user' }, 'Username'), username),
    h('div', { class: 'field' }, h('label', { for: 'login-password' }, 'Password'), password));
  const tokenField = h('div', { class: 'field', hidden: true }, h('label', { for: 'login-token' }, 'API token'), token);
  const message = h('div', { role: 'alert' }, reason ? h('p', { class: 'alert' }, reason) : null);
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h('form', { class: 'stacked', 'aria-labelledby': 'login-title', onsubmit: async (event) => {
    event.preventDefault();
    const authorization = useToken.checked ? credentials.bearer(token.value) : credentials.basic(username.value, password.value);
    submit.disabled = true;
    try {
      const me = await api.get('/me', { authorization });
      credentials.set(authorization);
      signedIn(me);
      location.hash = next;
      if (location.hash === next) route();
    } catch (error) {
      message.replaceChildren(h('p', { class: 'alert' }, error.status === 401
        ? 'Wrong username or password, or the token is not valid.' : `Cannot sign in: ${error.message}`));
      (useToken.checked ? token : password).focus();
    } finally { submit.disabled = false; }
  } }, message, basicFields, tokenField,
  h('div', { class: 'field check' }, useToken, h('label', { for: 'login-use-token' }, 'Sign in with an API token')),
  h('div', { class: 'actions' }, submit));
  const main = document.getElementById('main');
  main.replaceChildren(h('h1', { id: 'login-title' }, 'Sign in to GeoRegistry'), form);
  document.title = 'Sign in · GeoRegistry';
  (reason ? password : username).focus();
}

onUnauthorized(() => {
  if (session.me) { announce('Your session ended; please sign in again.'); login(location.hash, 'Your session ended; please sign in again.'); }
});
document.getElementById('logout').addEventListener('click', () => { signedOut(); location.hash = '#/login'; });
window.addEventListener('hashchange', route);

(async () => {
  if (credentials.get()) {
    try { signedIn(await api.get('/me', { authorization: credentials.get() })); } catch { signedOut(); }
  }
  route();
})();
