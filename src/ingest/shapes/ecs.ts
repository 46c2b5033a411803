// Documents already in ECS: what Winlogbeat's pipelines or Elastic Agent write, and the same
// documents as Elasticsearch returns them (hits with `_source`). Taken as they are.
import { isObj, type ShapeDef } from './shape.ts';

const ECS_PREFIXES = ['event.', 'winlog.', 'ecs.', 'host.', 'process.', 'agent.'];

export const ecs: ShapeDef<'ecs'> = {
  id: 'ecs',
  reason:
    'ECS documents (`@timestamp` with `event`/`winlog`/`ecs`/`host` fields, nested or dotted, as Winlogbeat or Elastic Agent write them): taken as they are',
  matches: (raw) => {
    if (isObj(raw.event) || isObj(raw.winlog) || isObj(raw.ecs)) return true;
    if ('@timestamp' in raw && (isObj(raw.host) || isObj(raw.agent))) return true;
    // Dotted keys: the same fields written flat.
    for (const k in raw) {
      for (const p of ECS_PREFIXES) if (k.startsWith(p)) return true;
    }
    return false;
  },
};

export const elasticsearchHit: ShapeDef<'elasticsearch-hit'> = {
  id: 'elasticsearch-hit',
  reason:
    'Elasticsearch hits / elasticdump (`_index` and `_source` per record): the `_source` documents are read',
  matches: (raw) => isObj(raw._source) && ('_index' in raw || '_id' in raw),
};
