/** Repeats, at the end of the run, that the real-PostgreSQL tests were skipped. */
export default function teardown(): void {
  if (!process.env.DATABASE_URL) {
    console.log('\n[edict] Reminder: the real-PostgreSQL tests were SKIPPED because DATABASE_URL is not set.\n');
  }
}
