import { hoursByDay } from './landing';

describe('hoursByDay', () => {
  it('lists every weekday with its windows in order, and the days without any as closed', () => {
    const days = hoursByDay([
      { weekday: 1, start: '13:00', end: '18:00' },
      { weekday: 1, start: '08:00', end: '12:00' },
      { weekday: 6, start: '09:00', end: '13:00' },
    ]);
    expect(days).toHaveLength(7);
    expect(days[0]).toEqual({ day: 'Monday', hours: '08:00–12:00, 13:00–18:00' });
    expect(days[1]).toEqual({ day: 'Tuesday', hours: 'Closed' });
    expect(days[5]).toEqual({ day: 'Saturday', hours: '09:00–13:00' });
    expect(days[6]).toEqual({ day: 'Sunday', hours: 'Closed' });
  });
});
