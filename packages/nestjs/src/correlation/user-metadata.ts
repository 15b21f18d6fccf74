/**
 * The default metadata of an authenticated user: `{ userId }`, from the user's `id` or `sub`
 * (a string or a number, as Passport strategies and JWT payloads give them); nothing when
 * there is no user or neither field.
 */
export function userMetadata(user: unknown): Readonly<Record<string, unknown>> | undefined {
  if (typeof user !== 'object' || user === null) return undefined;
  const { id, sub } = user as { id?: unknown; sub?: unknown };
  const userId = [id, sub].find(
    (v): v is string | number => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)),
  );
  return userId === undefined ? undefined : { userId: String(userId) };
}
