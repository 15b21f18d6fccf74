import type { TruncateRequest, Truncation, TruncationStore } from '@edict/core/spi';
import type { Requests } from '../connection/requests';
import { truncationStatements, type TruncationStatements } from './truncation-statements';

/** Truncation on PostgreSQL: one call of `truncate_stream` (migration 8), and its records. */
export class PostgresTruncations implements TruncationStore {
  private readonly sql: TruncationStatements;

  constructor(
    S: string,
    private readonly requests: Requests,
  ) {
    this.sql = truncationStatements(S);
  }

  async truncateStream(request: TruncateRequest): Promise<Truncation> {
    const { streamId, before, snapshotVersion } = request;
    const [row] = await this.requests.query<Omit<Truncation, 'streamId' | 'before'>>(
      'truncate stream',
      this.sql.truncateStream,
      [streamId, before, snapshotVersion],
    );
    return { streamId, before, ...row! };
  }

  readTruncations(streamId?: string): Promise<Truncation[]> {
    return this.requests.query<Truncation>('read truncations', this.sql.readTruncations, [streamId ?? null]);
  }
}
