import { ConcurrencyError, DuplicateCommandError } from '@edict/core';
import type { AppendRequest, AppendResult } from '@edict/core/spi';
import type { Connection } from '../connection/connection';
import { AppendBatcher } from './append-batcher';
import type { AppendStatements } from './append-statements';
import { batchParameters } from './batch-parameters';
import { eventsParameter, expectedOf, recordedResult } from './wire';

interface BatchRow {
  out_index: number;
  out_status: 'ok' | 'conflict' | 'duplicate';
  out_version: string | null;
  out_first_position: string | null;
  out_created_at: Date | null;
}

interface OneRow {
  out_version: string;
  out_first_position: string | null;
  out_created_at: Date;
}

/**
 * Appends on PostgreSQL, each in one round trip: one command's alone (`append_events`), or,
 * with group commit, those that arrive while others are being committed together in one
 * transaction (`append_batch`), each with its own concurrency check and outcome.
 */
export class Appender {
  private readonly batcher: AppendBatcher | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly sql: AppendStatements,
    groupCommit: boolean,
  ) {
    this.batcher = groupCommit
      ? new AppendBatcher(
          (request) => this.appendOne(request),
          (requests) => this.appendMany(requests),
        )
      : undefined;
  }

  append(request: AppendRequest): Promise<AppendResult> {
    return this.batcher ? this.batcher.append(request) : this.appendOne(request);
  }

  private async appendOne(request: AppendRequest): Promise<AppendResult> {
    const { streamId, expectedVersion, commandId, commandFingerprint } = request;
    const [row] = (await this.connection.query<OneRow>(
      this.sql.one,
      [streamId, expectedOf(expectedVersion), commandId ?? null, eventsParameter(request), commandFingerprint ?? null],
      { operation: 'append', append: { streamId, expectedVersion, ...(commandId ? { commandId } : {}) } },
    )) as [OneRow];
    return recordedResult(request, Number(row.out_version), Number(row.out_first_position), row.out_created_at);
  }

  /** Several commands' appends in one transaction; one outcome per request, in order. */
  private async appendMany(requests: readonly AppendRequest[]): Promise<(AppendResult | Error)[]> {
    const { order, values } = batchParameters(requests);
    const rows = await this.connection.query<BatchRow>(this.sql.batch, values, { operation: 'append' });
    const outcomes = new Array<AppendResult | Error>(requests.length);
    for (const row of rows) {
      const index = order[row.out_index - 1]!;
      const request = requests[index]!;
      if (row.out_status === 'ok') {
        outcomes[index] = recordedResult(
          request,
          Number(row.out_version),
          Number(row.out_first_position),
          row.out_created_at!,
        );
      } else if (row.out_status === 'conflict') {
        outcomes[index] = new ConcurrencyError(request.streamId, request.expectedVersion, Number(row.out_version));
      } else {
        outcomes[index] = new DuplicateCommandError(request.commandId ?? '?');
      }
    }
    return outcomes;
  }
}
