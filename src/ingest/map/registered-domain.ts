// dns.question.registered_domain / top_level_domain / subdomain for Sysmon 22, as Winlogbeat's
// registered_domain processor splits a name with the Public Suffix List. Sequent ships no copy
// of that list (about 10,000 rules, changing weekly): it knows the multi-label suffixes below,
// the ones most DNS logs meet (second-level country registries and a few big shared hosting
// suffixes), and otherwise takes the last label as the suffix, which is what the list says for
// every plain TLD. A name under an unlisted multi-label suffix (`x.blogspot.com.br`) is split
// one label too high: `registered_domain` would be `com.br`-style; those names are rare in
// endpoint DNS logs, and every other field of the event is unaffected.

const MULTI_LABEL = new Set([
  // Country registries' second levels.
  ...['ac', 'co', 'gov', 'ltd', 'me', 'net', 'nhs', 'org', 'plc', 'police', 'sch'].map(
    (s) => `${s}.uk`,
  ),
  ...['com', 'net', 'org', 'edu', 'gov', 'asn', 'id'].map((s) => `${s}.au`),
  ...['co', 'net', 'org', 'ac', 'govt', 'geek', 'gen', 'school'].map((s) => `${s}.nz`),
  ...['co', 'ne', 'or', 'ac', 'ad', 'ed', 'go', 'gr', 'lg'].map((s) => `${s}.jp`),
  ...['co', 'ne', 'or', 're', 'pe', 'go', 'mil', 'ac', 'hs', 'ms', 'es', 'sc', 'kg'].map(
    (s) => `${s}.kr`,
  ),
  ...['com', 'net', 'org', 'gov', 'edu', 'ac'].map((s) => `${s}.cn`),
  ...['com', 'net', 'org', 'gov', 'edu', 'idv'].map((s) => `${s}.tw`),
  ...['com', 'net', 'org', 'gov', 'edu', 'idv'].map((s) => `${s}.hk`),
  ...['com', 'net', 'org', 'gov', 'edu', 'per'].map((s) => `${s}.sg`),
  ...['co', 'net', 'org', 'gen', 'firm', 'ind', 'ac', 'edu', 'gov', 'res'].map((s) => `${s}.in`),
  ...['com', 'net', 'org', 'gov', 'edu', 'art', 'blog', 'eco', 'ind', 'inf', 'tec'].map(
    (s) => `${s}.br`,
  ),
  ...['com', 'net', 'org', 'gob', 'edu'].map((s) => `${s}.mx`),
  ...['com', 'net', 'org', 'gob', 'edu', 'int'].map((s) => `${s}.ar`),
  ...['co', 'org', 'web', 'net', 'ac', 'gov'].map((s) => `${s}.za`),
  ...['com', 'net', 'org', 'gov', 'edu', 'bel', 'gen', 'web'].map((s) => `${s}.tr`),
  ...['com', 'net', 'org', 'gov', 'edu', 'pp', 'msk', 'spb'].map((s) => `${s}.ru`),
  ...['com', 'net', 'org', 'gov', 'edu', 'in', 'kiev'].map((s) => `${s}.ua`),
  ...['co', 'or', 'ac', 'go', 'web'].map((s) => `${s}.id`),
  ...['co', 'or', 'ac', 'go', 'in', 'mi', 'net'].map((s) => `${s}.th`),
  ...['com', 'net', 'org', 'gov', 'edu'].map((s) => `${s}.my`),
  ...['com', 'net', 'org', 'gov', 'edu'].map((s) => `${s}.ph`),
  ...['com', 'net', 'org', 'gov', 'edu'].map((s) => `${s}.vn`),
  ...['com', 'net', 'org', 'gov', 'edu'].map((s) => `${s}.pk`),
  ...['com', 'net', 'org', 'gov', 'edu', 'sch'].map((s) => `${s}.sa`),
  ...['com', 'net', 'org', 'gov', 'edu', 'eg'].map((s) => `${s}.eg`),
  ...['co', 'ac', 'gov', 'org', 'net', 'muni'].map((s) => `${s}.il`),
  ...['com', 'net', 'org', 'gov', 'edu', 'nom'].map((s) => `${s}.pl`),
  ...['com', 'net', 'org', 'gov', 'edu'].map((s) => `${s}.co`),
  ...['com', 'org', 'gob', 'edu', 'nom'].map((s) => `${s}.es`),
  ...['co', 'or', 'ac', 'go', 'ne'].map((s) => `${s}.ke`),
  ...['com', 'org', 'gov', 'edu', 'net', 'ac'].map((s) => `${s}.ng`),
  ...['qc', 'on', 'bc', 'ab'].map((s) => `${s}.ca`),
  ...['gv', 'co', 'or', 'ac'].map((s) => `${s}.at`),
  // Shared hosting and dynamic-DNS suffixes the list carries as public.
  'cloudfront.net',
  'azurewebsites.net',
  'cloudapp.net',
  'blob.core.windows.net',
  'trafficmanager.net',
  'appspot.com',
  'herokuapp.com',
  'github.io',
  'githubusercontent.com',
  'gitlab.io',
  'netlify.app',
  'vercel.app',
  'pages.dev',
  'workers.dev',
  'web.app',
  'firebaseapp.com',
  'blogspot.com',
  'wordpress.com',
  'amazonaws.com',
  's3.amazonaws.com',
  'duckdns.org',
  'no-ip.org',
  'ddns.net',
  'ngrok.io',
  'ngrok-free.app',
  'onion',
]);

export interface DomainParts {
  registered_domain: string;
  top_level_domain: string;
  subdomain?: string;
}

/** The name split as the Public Suffix List would; undefined for a bare suffix or one label. */
export function registeredDomain(name: string): DomainParts | undefined {
  const host = name.endsWith('.') ? name.slice(0, -1) : name;
  const labels = host.toLowerCase().split('.');
  if (labels.length < 2 || labels.some((l) => l === '')) return undefined;
  // An address, not a name.
  if (/^\d+$/.test(labels[labels.length - 1]) || host.includes(':')) return undefined;
  if (MULTI_LABEL.has(labels.join('.'))) return undefined;
  // The longest listed suffix wins; a plain TLD otherwise.
  let suffixLabels = 1;
  for (let n = Math.min(labels.length - 1, 4); n >= 2; n--) {
    if (MULTI_LABEL.has(labels.slice(-n).join('.'))) {
      suffixLabels = n;
      break;
    }
  }
  if (labels.length <= suffixLabels) return undefined;
  const original = host.split('.');
  const tld = original.slice(-suffixLabels).join('.');
  const registered = original.slice(-suffixLabels - 1).join('.');
  const sub = original.slice(0, -suffixLabels - 1).join('.');
  return sub
    ? { registered_domain: registered, top_level_domain: tld, subdomain: sub }
    : { registered_domain: registered, top_level_domain: tld };
}
