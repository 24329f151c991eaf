// Builds DOM nodes from data without ever parsing it as HTML: every string from the API
// becomes a text node or an attribute value, never markup.

/**
 * el('a', {href: '#/x', class: 'card'}, 'text', childNode, [more, nodes])
 * Attributes are set with setAttribute; children that are strings become text nodes.
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      node.addEventListener(name.slice(2), value);
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else if (child instanceof Node) node.appendChild(child);
    else node.appendChild(document.createTextNode(String(child)));
  }
}

export function replaceChildren(node, ...children) {
  while (node.firstChild) node.removeChild(node.firstChild);
  append(node, children);
}

/** The URL when it is an absolute http(s) URL, else null: no javascript:, data: or relative links. */
export function webUrl(text, { httpsOnly = false } = {}) {
  if (typeof text !== 'string' || text.length === 0) return null;
  try {
    const url = new URL(text);
    if (url.protocol === 'https:' || (!httpsOnly && url.protocol === 'http:')) return url.href;
  } catch (e) {
    // not a URL at all
  }
  return null;
}

/** A link that opens outside the page, or plain text when the URL is not a web URL. */
export function externalLink(href, text) {
  const url = webUrl(href);
  if (!url) return el('span', {}, text ?? String(href ?? ''));
  return el('a', { href: url, rel: 'noopener noreferrer nofollow', target: '_blank' }, text ?? url);
}

/** Text of a value that may be anything: only strings and numbers are shown. */
export function text(value, fallback = '') {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return fallback;
}

/** 2026-01-10T09:00:00.123Z → "2026-01-10 09:00 UTC"; anything else is shown as given. */
export function when(value) {
  if (typeof value !== 'string' || value === '') return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}
