// The web catalog: reads the registry named in ?registry= (else the default one) through the
// public API and shows the view the URL's hash names, so every view is a link that survives a
// reload and the back button.

import { ApiError, apiUrl, getJson, segment, setToken, token } from './api.js';
import { el, replaceChildren } from './dom.js';
import { extensionDetail, extensionList, serverDetail, serverList } from './views.js';

const PAGE_SIZE = 24;
const KINDS = ['skills', 'plugins'];

const main = document.getElementById('main');
const notice = document.getElementById('notice');
const authPanel = document.getElementById('auth');
const picker = document.getElementById('registry');
const jsonLink = document.getElementById('json-link');

/** What the page learned at load: which registries there are and which one is shown. */
const context = { registry: null };

/** Each render gets a number; an answer for an older one is dropped. */
let renderCount = 0;

/** The hash as a route: #/, #/servers/<name>[/versions/<v>], #/skills[/<ns>/<name>[/versions/<v>]]. */
function parseRoute() {
  const raw = window.location.hash.replace(/^#/, '') || '/';
  const mark = raw.indexOf('?');
  const path = mark < 0 ? raw : raw.slice(0, mark);
  const params = new URLSearchParams(mark < 0 ? '' : raw.slice(mark + 1));
  const query = { q: params.get('q') || '', cursor: params.get('cursor') || '', page: params.get('page') || '' };
  let parts;
  try {
    parts = path.split('/').filter((p) => p !== '').map((p) => decodeURIComponent(p));
  } catch (e) {
    return { view: 'missing' };
  }
  if (parts.length === 0) return { view: 'servers', ...query };
  if (parts[0] === 'servers' && parts.length === 1) return { view: 'servers', ...query };
  if (parts[0] === 'servers' && parts.length === 2) return { view: 'server', name: parts[1] };
  if (parts[0] === 'servers' && parts.length === 4 && parts[2] === 'versions') {
    return { view: 'server', name: parts[1], version: parts[3] };
  }
  if (KINDS.includes(parts[0])) {
    const kind = parts[0];
    if (parts.length === 1) return { view: 'extensions', kind, ...query };
    if (parts.length === 3) return { view: 'extension', kind, namespace: parts[1], name: parts[2] };
    if (parts.length === 5 && parts[3] === 'versions') {
      return { view: 'extension', kind, namespace: parts[1], name: parts[2], version: parts[4] };
    }
  }
  return { view: 'missing' };
}

/** The API prefix of the registry shown: named when its name is known, else the bare default. */
function catalogPath(rest) {
  return context.registry
    ? 'registry/' + segment(context.registry) + '/v0.1/' + rest
    : 'v0.1/' + rest;
}

function extensionPath(kind, rest = '') {
  return 'registry/' + segment(context.registry) + '/v0.1/x/dev.toolhive/' + kind + rest;
}

/** The list the user came from, so that "← Servers" returns to the same search and page. */
const lastList = { servers: '#/', skills: '#/skills', plugins: '#/plugins' };

function showNotice(message) {
  if (message) {
    replaceChildren(notice, message);
    notice.hidden = false;
  } else {
    replaceChildren(notice);
    notice.hidden = true;
  }
}

function showAuth(reason) {
  const input = el('input', {
    type: 'password', id: 'token-input', autocomplete: 'off', placeholder: 'Paste a bearer token',
    'aria-label': 'Bearer token',
  });
  const form = el('form', { class: 'token-form' }, input,
    el('button', { type: 'submit' }, 'Use token'),
    token() ? el('button', { type: 'button', class: 'link-button', id: 'forget-token' }, 'Forget token') : null);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    setToken(input.value);
    window.location.reload();
  });
  const forget = form.querySelector('#forget-token');
  if (forget) {
    forget.addEventListener('click', () => {
      setToken('');
      window.location.reload();
    });
  }
  replaceChildren(authPanel,
    el('h2', {}, reason ? 'Sign-in needed' : 'Bearer token'),
    el('p', {}, reason
      || 'The catalog is read with this token. It is kept for this browser tab only (sessionStorage).'),
    form);
  authPanel.hidden = false;
}

/** What the user reads when the API says no. */
function explain(error, what) {
  if (!(error instanceof ApiError)) return 'Something went wrong: ' + error.message;
  switch (error.status) {
    case 0: return error.message;
    case 401:
      showAuth('This registry needs a sign-in: paste a bearer token from your identity provider'
        + ' to browse it. The token stays in this browser tab only.');
      return 'Not signed in: the registry answered 401 (' + error.message + ').';
    case 403: return 'Your token does not allow reading ' + what + ' (403: ' + error.message + ').';
    case 404: return 'Not found: ' + error.message;
    case 503: return 'The registry is busy or its database is unavailable; try again in a moment.';
    default: return 'The registry answered ' + error.status + ': ' + error.message;
  }
}

function setJsonLink(path, query) {
  jsonLink.href = apiUrl(path, query).href;
}

function markSection(route) {
  const section = route.view.startsWith('server') ? 'servers' : route.kind || 'servers';
  for (const tab of document.querySelectorAll('#tabs a')) {
    tab.classList.toggle('active', tab.dataset.section === section);
    if (tab.dataset.section === section) tab.setAttribute('aria-current', 'page');
    else tab.removeAttribute('aria-current');
  }
  document.title = 'Waggle catalog' + (context.registry ? ' · ' + context.registry : '');
}

async function render() {
  const mine = ++renderCount;
  const route = parseRoute();
  markSection(route);
  showNotice(null);
  main.setAttribute('aria-busy', 'true');
  let nodes;
  try {
    nodes = await view(route);
  } catch (error) {
    nodes = [el('p', { class: 'error', id: 'error' }, explain(error, 'this registry'))];
  }
  if (mine !== renderCount) return;
  replaceChildren(main, nodes);
  main.removeAttribute('aria-busy');
  if (route.view === 'server' || route.view === 'extension') window.scrollTo(0, 0);
}

async function view(route) {
  switch (route.view) {
    case 'servers': {
      lastList.servers = window.location.hash || '#/';
      const query = { version: 'latest', limit: PAGE_SIZE, search: route.q, cursor: route.cursor };
      setJsonLink(catalogPath('servers'), query);
      return serverList(await getJson(catalogPath('servers'), query), route);
    }
    case 'server': {
      const base = catalogPath('servers/' + segment(route.name) + '/versions');
      const one = base + '/' + (route.version ? segment(route.version) : 'latest');
      setJsonLink(one, {});
      const [item, all] = await Promise.all([getJson(one), getJson(base)]);
      const versions = Array.isArray(all.servers) ? all.servers : [];
      document.title = (item.server && item.server.name ? item.server.name + ' · ' : '') + document.title;
      return serverDetail(item, versions, lastList.servers);
    }
    case 'extensions': {
      if (!context.registry) return unnamed(route.kind);
      lastList[route.kind] = window.location.hash;
      const query = { limit: PAGE_SIZE, search: route.q, cursor: route.cursor };
      setJsonLink(extensionPath(route.kind), query);
      return extensionList(route.kind, await getJson(extensionPath(route.kind), query), route);
    }
    case 'extension': {
      if (!context.registry) return unnamed(route.kind);
      const base = extensionPath(route.kind, '/' + segment(route.namespace) + '/' + segment(route.name));
      const one = route.version ? base + '/versions/' + segment(route.version) : base;
      setJsonLink(one, {});
      const [entry, all] = await Promise.all([getJson(one), getJson(base + '/versions')]);
      const versions = Array.isArray(all[route.kind]) ? all[route.kind] : [];
      return extensionDetail(route.kind, entry, versions, lastList[route.kind]);
    }
    default:
      return [el('p', { class: 'error', id: 'error' }, 'There is no such page in the catalog.'),
        el('p', {}, el('a', { href: '#/' }, 'Back to the servers'))];
  }
}

function unnamed(kind) {
  return [el('p', { class: 'empty' },
    'The ' + kind + ' of the default registry cannot be listed without its name; pick a registry above.')];
}

/**
 * Which registries to offer: GET /v1/registries when this Waggle serves it (it lists what the
 * caller may see), else the default registry alone.
 */
async function loadRegistries() {
  const asked = new URLSearchParams(window.location.search).get('registry');
  let defaultName = null;
  try {
    defaultName = (await getJson('ui/settings.json')).defaultRegistry || null;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw error;
  }
  let names = [];
  try {
    const body = await getJson('v1/registries');
    if (Array.isArray(body.registries)) {
      names = body.registries.map((r) => r && r.name).filter((n) => typeof n === 'string');
    }
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw error;
  }
  if (defaultName && !names.includes(defaultName)) names.unshift(defaultName);
  context.registry = asked || defaultName;
  if (context.registry && !names.includes(context.registry)) names.push(context.registry);

  replaceChildren(picker, names.map((name) => el('option', {
    value: name, selected: name === context.registry,
  }, name + (name === defaultName ? ' (default)' : ''))));
  if (names.length === 0) picker.appendChild(el('option', { value: '' }, 'default'));
  picker.disabled = names.length < 2;
  document.getElementById('registry-picker').hidden = false;
}

picker.addEventListener('change', () => {
  const url = new URL(window.location.href);
  url.searchParams.set('registry', picker.value);
  url.hash = '#/';
  window.location.assign(url.href);
});

document.getElementById('token-toggle').addEventListener('click', () => {
  if (authPanel.hidden) showAuth(null);
  else authPanel.hidden = true;
});

window.addEventListener('hashchange', render);

(async () => {
  try {
    await loadRegistries();
  } catch (error) {
    replaceChildren(main, el('p', { class: 'error', id: 'error' }, explain(error, 'this registry')));
    return;
  }
  await render();
})();
