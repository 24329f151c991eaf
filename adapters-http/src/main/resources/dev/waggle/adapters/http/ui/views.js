// The catalog's views: each takes API documents and returns DOM nodes built with el(), so that
// nothing a registry serves is ever parsed as HTML.

import { el, externalLink, text, webUrl, when } from './dom.js';

const OFFICIAL = 'io.modelcontextprotocol.registry/official';

/** The hash of a route: path segments are encoded one by one, so a name keeps its '/' as %2F. */
export function hashOf(segments, query = {}) {
  const path = '#/' + segments.map((s) => encodeURIComponent(s)).join('/');
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(name, value);
  }
  const search = params.toString();
  return search ? path + '?' + search : path;
}

export function official(item) {
  const meta = item && item._meta && item._meta[OFFICIAL];
  return meta && typeof meta === 'object' ? meta : {};
}

/** A status pill; "active" is the normal case and is only shown where asked for. */
export function statusBadge(status, { showActive = false } = {}) {
  const value = text(status).toLowerCase();
  if (!value || (value === 'active' && !showActive)) return null;
  const known = ['active', 'deprecated', 'deleted', 'archived'].includes(value);
  return el('span', { class: 'badge status-' + (known ? value : 'other') }, value);
}

/** The first HTTPS icon, light theme or none preferred, over a monogram shown until it loads. */
export function avatar(name, icons, size = 'small') {
  const monogram = (text(name).split('/').pop() || '?').replace(/[^A-Za-z0-9]/g, '').slice(0, 2);
  const box = el('span', { class: 'avatar avatar-' + size, 'aria-hidden': 'true' },
    el('span', { class: 'monogram' }, monogram.toUpperCase() || '?'));
  const list = Array.isArray(icons) ? icons.filter((i) => i && typeof i === 'object') : [];
  const icon = list.find((i) => i.theme !== 'dark' && webUrl(i.src, { httpsOnly: true }))
    || list.find((i) => webUrl(i.src, { httpsOnly: true }));
  if (icon) {
    const img = el('img', {
      src: webUrl(icon.src, { httpsOnly: true }), alt: '', loading: 'lazy',
      referrerpolicy: 'no-referrer', decoding: 'async',
    });
    img.addEventListener('error', () => img.remove());
    img.addEventListener('load', () => box.classList.add('has-image'));
    box.appendChild(img);
  }
  return box;
}

/** What a server is called: its title, else the part of its name after the namespace. */
function displayName(server) {
  const name = text(server.name);
  return text(server.title) || name.slice(name.indexOf('/') + 1) || name;
}

function transportLabel(transport) {
  if (!transport || typeof transport !== 'object') return null;
  return text(transport.type) || null;
}

export function searchForm(section, query, placeholder) {
  const input = el('input', {
    type: 'search', name: 'q', id: 'search', value: query || '', placeholder,
    'aria-label': placeholder, autocomplete: 'off', spellcheck: 'false',
  });
  const form = el('form', { class: 'search', role: 'search' }, input,
    el('button', { type: 'submit' }, 'Search'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    window.location.hash = hashOf(section, { q: input.value.trim() });
  });
  return form;
}

export function pager(section, query, page, nextCursor) {
  const number = Number.parseInt(page, 10) > 1 ? Number.parseInt(page, 10) : 1;
  const nav = el('nav', { class: 'pager', 'aria-label': 'Pages' });
  if (number > 1) {
    nav.appendChild(el('a', { href: hashOf(section, { q: query }), class: 'pager-first' }, '« First page'));
  }
  nav.appendChild(el('span', { class: 'muted' }, 'Page ' + number));
  if (typeof nextCursor === 'string' && nextCursor !== '') {
    nav.appendChild(el('a', {
      href: hashOf(section, { q: query, cursor: nextCursor, page: number + 1 }),
      class: 'pager-next', rel: 'next',
    }, 'Next page »'));
  }
  return nav;
}

/** One server of the list: its latest version. */
export function serverCard(item) {
  const server = item.server || {};
  const meta = official(item);
  const name = text(server.name);
  const packages = Array.isArray(server.packages) ? server.packages : [];
  const remotes = Array.isArray(server.remotes) ? server.remotes : [];
  const kinds = [...new Set(packages.map((p) => text(p && p.registryType)).filter(Boolean))];
  const remoteKinds = [...new Set(remotes.map((r) => transportLabel(r)).filter(Boolean))];
  return el('li', { class: 'card server-card', 'data-name': name },
    el('a', { class: 'card-link', href: hashOf(['servers', name]) },
      avatar(name, server.icons),
      el('span', { class: 'card-body' },
        el('span', { class: 'card-title' },
          el('span', { class: 'title' }, displayName(server)),
          statusBadge(meta.status)),
        el('span', { class: 'card-name' }, name, el('span', { class: 'version' }, 'v' + text(server.version))),
        el('span', { class: 'description' }, text(server.description, 'No description.')),
        el('span', { class: 'card-foot' },
          kinds.map((k) => el('span', { class: 'chip' }, k)),
          remoteKinds.map((k) => el('span', { class: 'chip chip-remote' }, 'remote · ' + k)),
          meta.updatedAt ? el('span', { class: 'muted updated' }, 'updated ' + when(meta.updatedAt).slice(0, 10)) : null))));
}

export function serverList(body, route) {
  const servers = Array.isArray(body.servers) ? body.servers : [];
  const next = body.metadata && body.metadata.nextCursor;
  const heading = route.q ? `Servers matching “${route.q}”` : 'Servers';
  return [
    el('div', { class: 'list-head' },
      el('h1', {}, heading),
      searchForm([], route.q, 'Search server names')),
    servers.length === 0
      ? el('p', { class: 'empty' }, route.q ? 'No server name contains “' + route.q + '”.' : 'This registry serves no servers yet.')
      : el('ul', { class: 'cards', id: 'server-list' }, servers.map(serverCard)),
    pager([], route.q, route.page, next),
  ];
}

function facts(rows) {
  const list = el('dl', { class: 'facts' });
  for (const [label, value] of rows) {
    if (value === null || value === undefined || value === '') continue;
    list.appendChild(el('dt', {}, label));
    list.appendChild(el('dd', {}, value));
  }
  return list;
}

function section(title, id, ...children) {
  return el('section', { class: 'panel', id }, el('h2', {}, title), ...children);
}

function variables(title, items, describe) {
  const list = Array.isArray(items) ? items.filter((i) => i && typeof i === 'object') : [];
  if (list.length === 0) return null;
  return el('div', { class: 'vars' },
    el('h4', {}, title),
    el('ul', {}, list.map((v) => el('li', {},
      el('code', {}, text(v.name) || text(v.value) || text(v.valueHint) || '(positional)'),
      ...describe(v)))));
}

function flags(v) {
  return [
    v.isRequired ? el('span', { class: 'chip chip-small' }, 'required') : null,
    v.isSecret ? el('span', { class: 'chip chip-small chip-secret' }, 'secret') : null,
    v.description ? el('span', { class: 'muted' }, ' — ' + text(v.description)) : null,
  ];
}

function packageCard(pkg) {
  const transport = pkg.transport && typeof pkg.transport === 'object' ? pkg.transport : {};
  return el('li', { class: 'package' },
    el('div', { class: 'package-head' },
      el('span', { class: 'chip chip-registry' }, text(pkg.registryType, 'package')),
      el('code', { class: 'identifier' }, text(pkg.identifier)),
      pkg.version ? el('span', { class: 'version' }, 'v' + text(pkg.version)) : null),
    facts([
      ['Transport', transportLabel(transport)
        ? [el('span', { class: 'chip chip-transport' }, transportLabel(transport)),
          transport.url ? el('code', {}, ' ' + text(transport.url)) : null]
        : null],
      ['Runtime', text(pkg.runtimeHint) || null],
      ['Registry', pkg.registryBaseUrl ? externalLink(pkg.registryBaseUrl) : null],
      ['SHA-256', text(pkg.fileSha256) || null],
    ]),
    variables('Environment variables', pkg.environmentVariables, flags),
    variables('Arguments', pkg.packageArguments, flags));
}

function remoteCard(remote) {
  return el('li', { class: 'package' },
    el('div', { class: 'package-head' },
      el('span', { class: 'chip chip-transport' }, transportLabel(remote) || 'remote'),
      el('code', { class: 'identifier' }, text(remote.url))),
    variables('Headers', remote.headers, flags));
}

function versionsTable(items, current, linkOf, { dates = true } = {}) {
  const rows = items.map((item) => {
    const server = item.server || item;
    const meta = official(item);
    const version = text(server.version);
    const status = text(meta.status) || text(server.status) || 'active';
    return el('tr', { class: version === current ? 'current' : null },
      el('td', {}, el('a', { href: linkOf(version) }, version),
        meta.isLatest ? [' ', el('span', { class: 'chip chip-small chip-latest' }, 'latest')] : null),
      el('td', {}, statusBadge(status, { showActive: true }),
        meta.statusMessage ? el('span', { class: 'muted' }, ' ' + text(meta.statusMessage)) : null),
      dates ? el('td', {}, when(meta.publishedAt)) : null,
      dates ? el('td', {}, when(meta.updatedAt)) : null);
  });
  return el('table', { class: 'versions', id: 'versions' },
    el('thead', {}, el('tr', {}, el('th', {}, 'Version'), el('th', {}, 'Status'),
      dates ? [el('th', {}, 'Published'), el('th', {}, 'Updated')] : null)),
    el('tbody', {}, rows));
}

function rawJson(document, label) {
  return el('details', { class: 'raw' }, el('summary', {}, label),
    el('pre', {}, JSON.stringify(document, null, 2)));
}

function repositoryLink(repository) {
  if (!repository || typeof repository !== 'object') return null;
  const url = text(repository.url);
  if (!url) return null;
  const where = [text(repository.source) || text(repository.type), text(repository.subfolder)]
    .filter(Boolean).join(' · ');
  return [externalLink(url), where ? el('span', { class: 'muted' }, ' (' + where + ')') : null];
}

export function serverDetail(item, versions, backHash) {
  const server = item.server || {};
  const meta = official(item);
  const name = text(server.name);
  const version = text(server.version);
  const packages = Array.isArray(server.packages) ? server.packages.filter((p) => p && typeof p === 'object') : [];
  const remotes = Array.isArray(server.remotes) ? server.remotes.filter((r) => r && typeof r === 'object') : [];
  return el('article', { class: 'detail', id: 'server-detail' },
    el('nav', { class: 'crumbs' }, el('a', { href: backHash, id: 'back-to-list' }, '← Servers')),
    el('header', { class: 'detail-head' },
      avatar(name, server.icons, 'large'),
      el('div', {},
        el('h1', {}, displayName(server)),
        el('p', { class: 'card-name' }, name,
          el('span', { class: 'version' }, 'v' + version),
          meta.isLatest ? el('span', { class: 'chip chip-small chip-latest' }, 'latest') : null,
          statusBadge(meta.status, { showActive: true })))),
    meta.statusMessage
      ? el('p', { class: 'status-message' }, text(meta.statusMessage)) : null,
    el('p', { class: 'lead', id: 'description' }, text(server.description, 'No description.')),
    facts([
      ['Repository', repositoryLink(server.repository)],
      ['Website', server.websiteUrl ? externalLink(server.websiteUrl) : null],
      ['Published', meta.publishedAt ? when(meta.publishedAt) : null],
      ['Updated', meta.updatedAt ? when(meta.updatedAt) : null],
    ]),
    packages.length > 0
      ? section('Packages', 'packages', el('ul', { class: 'packages' }, packages.map(packageCard)))
      : null,
    remotes.length > 0
      ? section('Remotes', 'remotes', el('ul', { class: 'packages' }, remotes.map(remoteCard)))
      : null,
    packages.length === 0 && remotes.length === 0
      ? el('p', { class: 'empty' }, 'This version names no package and no remote.') : null,
    section('Versions', 'versions-panel',
      versionsTable(versions, version, (v) => hashOf(['servers', name, 'versions', v]))),
    rawJson(server, 'server.json'));
}

const KIND_TITLES = { skills: 'Skills', plugins: 'Plugins' };
const KIND_SINGULAR = { skills: 'skill', plugins: 'plugin' };

export function extensionCard(kind, entry) {
  const id = text(entry.namespace) + '/' + text(entry.name);
  return el('li', { class: 'card', 'data-name': id },
    el('a', { class: 'card-link', href: hashOf([kind, text(entry.namespace), text(entry.name)]) },
      avatar(text(entry.name), []),
      el('span', { class: 'card-body' },
        el('span', { class: 'card-title' },
          el('span', { class: 'title' }, text(entry.title) || text(entry.name)),
          statusBadge(entry.status)),
        el('span', { class: 'card-name' }, id, el('span', { class: 'version' }, 'v' + text(entry.version))),
        el('span', { class: 'description' }, text(entry.description, 'No description.')),
        el('span', { class: 'card-foot' },
          [...new Set((Array.isArray(entry.packages) ? entry.packages : [])
            .map((p) => text(p && p.registryType)).filter(Boolean))]
            .map((k) => el('span', { class: 'chip' }, k))))));
}

/** Dotted versions compared number by number, text where a part is not a number. */
function compareVersions(a, b) {
  const left = text(a).split(/[.+-]/);
  const right = text(b).split(/[.+-]/);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const x = left[i] ?? '';
    const y = right[i] ?? '';
    const numbers = /^\d+$/.test(x) && /^\d+$/.test(y);
    const order = numbers ? Number(x) - Number(y) : x.localeCompare(y);
    if (order !== 0) return order;
  }
  return 0;
}

/**
 * The list answers one item per version; a person looks for one card per skill, showing its
 * highest version on this page.
 */
function newestPerName(items) {
  const byName = new Map();
  for (const item of items) {
    const key = text(item.namespace) + '/' + text(item.name);
    const seen = byName.get(key);
    if (!seen || compareVersions(item.version, seen.version) > 0) byName.set(key, item);
  }
  return [...byName.values()];
}

export function extensionList(kind, body, route) {
  const items = newestPerName(
    Array.isArray(body[kind]) ? body[kind].filter((i) => i && typeof i === 'object') : []);
  const next = body.metadata && body.metadata.nextCursor;
  const title = KIND_TITLES[kind];
  return [
    el('div', { class: 'list-head' },
      el('h1', {}, route.q ? `${title} matching “${route.q}”` : title),
      searchForm([kind], route.q, 'Search ' + kind)),
    items.length === 0
      ? el('p', { class: 'empty' }, route.q ? 'Nothing matches “' + route.q + '”.' : 'This registry serves no ' + kind + '.')
      : el('ul', { class: 'cards', id: kind + '-list' }, items.map((e) => extensionCard(kind, e))),
    pager([kind], route.q, route.page, next),
  ];
}

function extensionPackage(pkg) {
  return el('li', { class: 'package' },
    el('div', { class: 'package-head' },
      el('span', { class: 'chip chip-registry' }, text(pkg.registryType, 'package')),
      el('code', { class: 'identifier' }, text(pkg.identifier) || text(pkg.url))),
    facts([
      ['Reference', text(pkg.ref) || null],
      ['Commit', text(pkg.commit) || null],
      ['Folder', text(pkg.subfolder) || null],
      ['Digest', text(pkg.digest) || null],
      ['Media type', text(pkg.mediaType) || null],
    ]));
}

export function extensionDetail(kind, entry, versions, backHash) {
  const namespace = text(entry.namespace);
  const name = text(entry.name);
  const version = text(entry.version);
  const packages = Array.isArray(entry.packages) ? entry.packages.filter((p) => p && typeof p === 'object') : [];
  const tools = Array.isArray(entry.allowedTools) ? entry.allowedTools.map((t) => text(t)).filter(Boolean) : [];
  return el('article', { class: 'detail', id: 'extension-detail' },
    el('nav', { class: 'crumbs' }, el('a', { href: backHash, id: 'back-to-list' }, '← ' + KIND_TITLES[kind])),
    el('header', { class: 'detail-head' },
      avatar(name, [], 'large'),
      el('div', {},
        el('h1', {}, text(entry.title) || name),
        el('p', { class: 'card-name' }, namespace + '/' + name,
          el('span', { class: 'version' }, 'v' + version),
          statusBadge(entry.status, { showActive: true })))),
    el('p', { class: 'lead', id: 'description' }, text(entry.description, 'No description.')),
    facts([
      ['Repository', repositoryLink(entry.repository)],
      ['License', text(entry.license) || null],
      ['Compatibility', text(entry.compatibility) || null],
      ['Allowed tools', tools.length ? tools.join(', ') : null],
    ]),
    packages.length > 0
      ? section('Packages', 'packages', el('ul', { class: 'packages' }, packages.map(extensionPackage)))
      : null,
    section('Versions', 'versions-panel',
      // Skills and plugins carry no publish dates.
      versionsTable(versions, version, (v) => hashOf([kind, namespace, name, 'versions', v]),
        { dates: false })),
    rawJson(entry, KIND_SINGULAR[kind] + '.json'));
}
