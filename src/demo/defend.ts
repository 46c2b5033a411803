// Elastic Defend (endpoint) events: the only source that writes `network.protocol: "http"` on
// an incoming WinRM connection, which Elastic's WinRM rule requires.
import type { Doc } from '../eql/compiled.ts';
import { hostFields, iso, processFields, userFields } from './ecs.ts';
import type { Host, Proc } from './fleet.ts';

const DEFEND_VERSION = '8.13.2';

function endpointBase(host: Host, ts: number, dataset: string, sequence: number): Doc {
  return {
    '@timestamp': iso(ts),
    agent: { type: 'endpoint', version: DEFEND_VERSION, id: host.defendAgentId },
    ecs: { version: '8.10.0' },
    data_stream: { dataset, namespace: 'default', type: 'logs' },
    host: hostFields(host),
    labels: { synthetic: true },
    event: {
      agent_id_status: 'verified',
      dataset,
      module: 'endpoint',
      kind: 'event',
      sequence,
      ingested: iso(ts + 1500),
      created: iso(ts),
    },
  };
}

export interface InboundConnection {
  remoteIp: string;
  remotePort: number;
  localIp: string;
  localPort: number;
  /** As Defend's protocol detection labels it ('http' for WinRM on 5985/5986). */
  protocol?: string;
}

export function defendConnectionAccepted(
  host: Host,
  ts: number,
  p: Proc,
  c: InboundConnection,
  sequence: number,
): Doc {
  const doc = endpointBase(host, ts, 'endpoint.events.network', sequence);
  Object.assign(doc.event as Doc, {
    id: `${host.defendAgentId.slice(0, 8)}-${sequence}`,
    category: ['network'],
    type: ['start'],
    action: 'connection_accepted',
    outcome: 'unknown',
  });
  const network: Doc = {
    direction: 'ingress',
    transport: 'tcp',
    type: c.remoteIp.includes(':') ? 'ipv6' : 'ipv4',
  };
  if (c.protocol) network.protocol = c.protocol;
  return Object.assign(doc, {
    process: { entity_id: p.guid, pid: p.pid, name: p.name, executable: p.executable },
    user: userFields(p.user),
    network,
    source: { ip: c.remoteIp, port: c.remotePort },
    destination: { ip: c.localIp, port: c.localPort },
  });
}

export function defendProcessStart(host: Host, ts: number, p: Proc, sequence: number): Doc {
  const doc = endpointBase(host, ts, 'endpoint.events.process', sequence);
  Object.assign(doc.event as Doc, {
    id: `${host.defendAgentId.slice(0, 8)}-${sequence}`,
    category: ['process'],
    type: ['start'],
    action: 'start',
  });
  return Object.assign(doc, { process: processFields(p), user: userFields(p.user) });
}

/** An outgoing connection as Defend records it; `protocol` when Defend recognised one. */
export function defendConnection(
  host: Host,
  ts: number,
  p: Proc,
  localIp: string,
  localPort: number,
  remoteIp: string,
  remotePort: number,
  sequence: number,
  protocol?: string,
): Doc {
  const doc = endpointBase(host, ts, 'endpoint.events.network', sequence);
  Object.assign(doc.event as Doc, {
    id: `${host.defendAgentId.slice(0, 8)}-${sequence}`,
    category: ['network'],
    type: ['start'],
    action: 'connection_attempted',
    outcome: 'unknown',
  });
  return Object.assign(doc, {
    process: { entity_id: p.guid, pid: p.pid, name: p.name, executable: p.executable },
    user: userFields(p.user),
    network: {
      direction: 'egress',
      transport: 'tcp',
      type: 'ipv4',
      ...(protocol ? { protocol } : {}),
    },
    source: { ip: localIp, port: localPort },
    destination: { ip: remoteIp, port: remotePort },
  });
}
