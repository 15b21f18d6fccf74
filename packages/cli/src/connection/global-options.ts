/** The options every command takes. */
export interface GlobalOptions {
  readonly databaseUrl?: string;
  readonly schema?: string;
  readonly embedded?: string;
  readonly config?: string;
  readonly json?: boolean;
}
