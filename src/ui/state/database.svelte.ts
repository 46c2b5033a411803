// Whether another tab needs the database: the worker reports a newer Sequent's upgrade (this
// tab's connection was closed: reload) or an older tab that holds up this tab's upgrade.
import { proxy } from 'comlink';
import type { AppApi, DatabaseChange } from '../../worker/app-api';

export class DatabaseState {
  change = $state.raw<DatabaseChange | null>(null);

  constructor(private readonly api: AppApi) {}

  watch(): void {
    const onChange = proxy((change: DatabaseChange) => {
      this.change = change;
    });
    void this.api.watchDatabase(onChange).catch(() => undefined);
  }
}
