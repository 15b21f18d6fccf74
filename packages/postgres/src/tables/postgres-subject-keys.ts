import type { StoredSubjectKey, SubjectKeyStore } from '@edict/core/spi';
import type { Requests } from '../connection/requests';
import { subjectKeyStatements } from './subject-key-statements';

interface SubjectKeyRow {
  subject: string;
  key: Buffer | null;
}

const toStored = (row: SubjectKeyRow): StoredSubjectKey => ({
  subject: row.subject,
  key: row.key === null ? null : new Uint8Array(row.key),
});

/** The subjects' wrapped data keys on PostgreSQL (`subject_keys`, migration 9). */
export class PostgresSubjectKeys implements SubjectKeyStore {
  private readonly sql: ReturnType<typeof subjectKeyStatements>;

  constructor(
    S: string,
    private readonly requests: Requests,
  ) {
    this.sql = subjectKeyStatements(S);
  }

  async loadSubjectKeys(subjects: readonly string[]): Promise<StoredSubjectKey[]> {
    const rows = await this.requests.query<SubjectKeyRow>('load subject keys', this.sql.load, [[...subjects]]);
    return rows.map(toStored);
  }

  async createSubjectKey(subject: string, key: Uint8Array): Promise<StoredSubjectKey> {
    const [row] = await this.requests.query<SubjectKeyRow>('create subject key', this.sql.create, [
      subject,
      Buffer.from(key),
    ]);
    return toStored(row!);
  }

  async forgetSubject(subject: string): Promise<boolean> {
    const [row] = await this.requests.query<{ had: boolean }>('forget subject', this.sql.forget, [subject]);
    return row!.had;
  }
}
