// The real worker service with one fault injected: the first echo never answers, and the
// worker then dies of an uncaught error, as a worker does when a bug escapes or memory runs out.
import { expose } from 'comlink';
import { SequentService } from '../../src/worker/service.ts';

class CrashingService extends SequentService {
  override echo<T>(_value: T): Promise<T> {
    setTimeout(() => {
      throw new Error('simulated crash');
    });
    return new Promise<T>(() => undefined);
  }
}

expose(new CrashingService());
