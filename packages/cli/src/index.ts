// First: a missing peer dependency is reported by name, before anything tries to load it.
import './check-peers';

export { run } from './run';
export { ExitCode } from './exit-codes';
export type { CliConfig, CliAppOptions, ConfigContext } from './connection/load-config';
export type { HandlerReport, HandlerReportState, Holder } from './status/read-status';
