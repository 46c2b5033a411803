import { expose } from 'comlink';
import { SequentService } from './service.ts';

// The worker's entry: it serves the API to whoever created it.
expose(new SequentService());
