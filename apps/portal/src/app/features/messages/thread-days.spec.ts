import { groupByDay, mergeMessages } from './thread-days';

describe('groupByDay', () => {
  it('starts a new group at each local midnight of the clinic, not of UTC', () => {
    const messages = [
      { id: 1, createdAt: '2026-03-01T22:30:00Z' },
      { id: 2, createdAt: '2026-03-01T23:30:00Z' },
      { id: 3, createdAt: '2026-03-02T09:00:00Z' },
    ];
    // Athens is UTC+2: 22:30Z is already 2 March there.
    expect(groupByDay(messages, 'Europe/Athens').map((g) => [g.day, g.messages.map((m) => m.id)])).toEqual([['2026-03-02', [1, 2, 3]]]);
    expect(groupByDay(messages, 'UTC').map((g) => [g.day, g.messages.map((m) => m.id)])).toEqual([
      ['2026-03-01', [1, 2]],
      ['2026-03-02', [3]],
    ]);
  });
});

describe('mergeMessages', () => {
  it('keeps seq order and one copy of each seq, the newest copy winning', () => {
    const thread = [
      { seq: 1, body: 'a' },
      { seq: 3, body: 'c' },
    ];
    expect(mergeMessages(thread, [{ seq: 2, body: 'b' }, { seq: 3, body: 'c read' }])).toEqual([
      { seq: 1, body: 'a' },
      { seq: 2, body: 'b' },
      { seq: 3, body: 'c read' },
    ]);
  });
});
