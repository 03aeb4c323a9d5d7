import { localDate } from '../../shared/clinic-time';

/** A thread's messages grouped by the clinic-local day they were sent, oldest first, for the day separators. */
export function groupByDay<T extends { createdAt: string }>(messages: readonly T[], timezone: string): { day: string; messages: T[] }[] {
  const groups: { day: string; messages: T[] }[] = [];
  for (const message of messages) {
    const day = localDate(message.createdAt, timezone);
    const last = groups[groups.length - 1];
    if (last?.day === day) last.messages.push(message);
    else groups.push({ day, messages: [message] });
  }
  return groups;
}

/**
 * Adds messages to a thread kept in seq order: one already there (an echo of our own send, a resend, a live
 * event that crossed a catch-up) replaces the copy rather than repeating it.
 */
export function mergeMessages<T extends { seq: number }>(thread: readonly T[], incoming: readonly T[]): T[] {
  const bySeq = new Map(thread.map((m) => [m.seq, m]));
  for (const message of incoming) bySeq.set(message.seq, message);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}
