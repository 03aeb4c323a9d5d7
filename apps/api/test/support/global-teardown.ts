export default async function globalTeardown(): Promise<void> {
  const db = (globalThis as { __carebookDb?: { stop(): Promise<void> } }).__carebookDb;
  await db?.stop();
}
