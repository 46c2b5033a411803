// Every repository the services use, over one open database.
import type { IDBPDatabase } from 'idb';
import { AlertRepository } from '../../store/alerts.ts';
import { EventRepository } from '../../store/events.ts';
import { ExceptionRepository } from '../../store/exceptions.ts';
import { FileRepository } from '../../store/files.ts';
import { HuntRepository } from '../../store/hunts.ts';
import { RuleRepository } from '../../store/rule-store.ts';
import type { SequentSchema } from '../../store/schema.ts';
import { SessionDataRepository } from '../../store/session-data.ts';
import { SessionRepository } from '../../store/sessions.ts';
import { TriageRepository } from '../../store/triage.ts';
import { chunkPlaces } from './timeline/chunk-places.ts';

export class Repos {
  readonly sessions: SessionRepository;
  readonly files: FileRepository;
  readonly events: EventRepository;
  readonly alerts: AlertRepository;
  readonly triage: TriageRepository;
  readonly rules: RuleRepository;
  readonly exceptions: ExceptionRepository;
  readonly hunts: HuntRepository;
  readonly data: SessionDataRepository;

  constructor(readonly db: IDBPDatabase<SequentSchema>) {
    this.sessions = new SessionRepository(db);
    this.files = new FileRepository(db);
    // Each chunk is stored with its timeline places (timeline/chunk-places.ts).
    this.events = new EventRepository(db, chunkPlaces);
    this.alerts = new AlertRepository(db);
    this.triage = new TriageRepository(db);
    this.rules = new RuleRepository(db);
    this.exceptions = new ExceptionRepository(db);
    this.hunts = new HuntRepository(db);
    this.data = new SessionDataRepository(db);
  }
}
