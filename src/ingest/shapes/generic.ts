// Anything else that is a JSON object: kept as it is, so rules on its own fields still run.
import type { ShapeDef } from './shape.ts';

export const generic: ShapeDef<'generic'> = {
  id: 'generic',
  reason: 'generic JSON documents (no Windows event or ECS shape recognized), taken as they are',
  matches: () => true,
};
