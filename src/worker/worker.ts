import { expose } from 'comlink';
import { openSequentDb } from '../store/open.ts';
import { withApp } from './app/expose.ts';
import { AppService } from './app/service.ts';
import { SequentService } from './service.ts';

// The worker's entry: one object serves the foundation's calls and the app's services.
expose(withApp(new SequentService(), new AppService({ openDb: (hooks) => openSequentDb(hooks) })));
