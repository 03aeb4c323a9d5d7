import ICAL from 'ical.js';
import { APPOINTMENT_STATUSES, type AppointmentStatus } from '@carebook/shared';
import { appointmentCalendar, appointmentSummary, type DocumentContext } from './appointment-documents';
import type { AppointmentDetailDto } from './dto/appointments.dto';

const ID = '3f2b8c1e-9d4a-4b7e-8f60-2a1c5e7d9b04';

function appointment(overrides: Partial<AppointmentDetailDto> = {}): AppointmentDetailDto {
  return {
    id: ID,
    status: 'confirmed',
    doctorId: 'd0c70000-0000-4000-8000-000000000001',
    patientId: '9a710000-0000-4000-8000-000000000002',
    // 09:00–09:30 in London (British Summer Time)
    startsAt: '2026-07-06T08:00:00.000Z',
    endsAt: '2026-07-06T08:30:00.000Z',
    reason: 'Chest pain when climbing stairs',
    statusReason: null,
    patientDetails: { fullName: 'Alex Morgan', age: 34, gender: 'female', phone: '+44 20 7946 0018', email: 'alex@example.com' },
    doctor: {
      id: 'd0c70000-0000-4000-8000-000000000001',
      fullName: 'Dr Amara Okafor',
      specialty: 'Cardiology',
      location: 'Room 4, Riverside Wing',
      photoUrl: null,
      experienceYears: 14,
    },
    patient: { id: '9a710000-0000-4000-8000-000000000002', fullName: 'Alex Morgan' },
    sequence: 0,
    createdAt: '2026-06-20T10:15:00.000Z',
    updatedAt: '2026-06-21T11:00:00.000Z',
    actions: [],
    files: [],
    history: [],
    maxFileBytes: 10 * 1024 * 1024,
    acceptedFileTypes: ['application/pdf'],
    ...overrides,
  };
}

const context: DocumentContext = {
  clinicName: 'Carebook Clinic',
  format: { timeZone: 'Europe/London', locale: 'en-GB', hourCycle: 'h23' },
  publicUrl: 'https://care.example.org',
  cancellationWindowHours: 24,
  now: new Date('2026-06-22T12:00:00.000Z'),
};

/** The physical lines of an iCalendar file, as bytes split at CRLF. */
const physicalLines = (ics: string) => ics.split('\r\n').slice(0, -1);
/** RFC 5545 unfolding: a CRLF followed by one space continues the previous line. */
const unfold = (ics: string) => ics.replace(/\r\n /g, '');

function parseEvent(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return calendar.getFirstSubcomponent('vevent');
}

describe('appointmentCalendar', () => {
  it('writes one event a calendar app reads back: UID, UTC times, sequence, status and place', () => {
    const ics = appointmentCalendar(appointment({ sequence: 2 }), context);
    const event = parseEvent(ics);
    expect(event).not.toBeNull();
    expect(event?.getFirstPropertyValue('uid')).toBe(`${ID}@care.example.org`);
    const start = event?.getFirstPropertyValue('dtstart') as ICAL.Time;
    const end = event?.getFirstPropertyValue('dtend') as ICAL.Time;
    expect(start.zone?.tzid).toBe('UTC');
    expect(start.toJSDate().toISOString()).toBe('2026-07-06T08:00:00.000Z');
    expect(end.toJSDate().toISOString()).toBe('2026-07-06T08:30:00.000Z');
    expect(event?.getFirstPropertyValue('sequence')).toBe(2);
    expect(event?.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(event?.getFirstPropertyValue('summary')).toBe('Appointment with Dr Amara Okafor (Cardiology)');
    expect(event?.getFirstPropertyValue('location')).toBe('Room 4, Riverside Wing, Carebook Clinic');
    expect(event?.getFirstPropertyValue('url')).toBe(`https://care.example.org/appointments/${ID}`);
  });

  it('ends every line with CRLF, the file included', () => {
    const ics = appointmentCalendar(appointment(), context);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it.each<[AppointmentStatus, string]>([
    ['pending', 'TENTATIVE'],
    ['confirmed', 'CONFIRMED'],
    ['declined', 'CANCELLED'],
    ['cancelled', 'CANCELLED'],
    ['completed', 'CONFIRMED'],
    ['no_show', 'CONFIRMED'],
  ])('marks a %s appointment %s', (status, expected) => {
    expect(parseEvent(appointmentCalendar(appointment({ status }), context))?.getFirstPropertyValue('status')).toBe(expected);
  });

  it('has a STATUS for every appointment status', () => {
    for (const status of APPOINTMENT_STATUSES) {
      expect(unfold(appointmentCalendar(appointment({ status }), context))).toMatch(/\r\nSTATUS:(TENTATIVE|CONFIRMED|CANCELLED)\r\n/);
    }
  });

  it('escapes backslashes, semicolons, commas and line breaks in text, and they read back unchanged', () => {
    const location = 'Wing B; floor 2, room \\ 4\nby the lifts';
    const ics = appointmentCalendar(appointment({ doctor: { ...appointment().doctor, location } }), context);
    expect(unfold(ics)).toContain('LOCATION:Wing B\\; floor 2\\, room \\\\ 4\\nby the lifts');
    expect(parseEvent(ics)?.getFirstPropertyValue('location')).toBe(`${location}, Carebook Clinic`);
    expect(parseEvent(ics)?.getFirstPropertyValue('description')).toContain(`Reference: ${ID}`);
  });

  it('never carries the medical reason: calendars are often shared', () => {
    const ics = appointmentCalendar(appointment({ reason: 'Chest pain when climbing stairs' }), context);
    expect(unfold(ics)).not.toContain('Chest pain');
    expect(unfold(ics)).not.toContain('Reason');
  });

  describe('line folding', () => {
    const longName = 'Dr Zoë Ångström-Øvergård 张伟医生, Consultant in Paediatric Cardiology and Electrophysiology';

    it('keeps every line within 75 octets and unfolds back to the same text, multibyte names included', () => {
      const reason = '患者は階段を上るときに胸の痛みを感じます。'.repeat(6) + ' Ça empire la nuit — 😷🫀'.repeat(4);
      const ics = appointmentCalendar(
        appointment({ reason, doctor: { ...appointment().doctor, fullName: longName, location: 'Bâtiment Ü, 3ᵉ étage' } }),
        context,
      );
      const lines = physicalLines(ics);
      expect(lines.length).toBeGreaterThan(22);
      for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
      // no character was cut in half: each physical line is valid UTF-8 on its own
      for (const line of lines) expect(Buffer.from(line).toString('utf8')).not.toContain('\ufffd');
      const event = parseEvent(ics);
      expect(event?.getFirstPropertyValue('summary')).toBe(`Appointment with ${longName} (Cardiology)`);
      expect(event?.getFirstPropertyValue('description')).not.toContain(reason);
      expect(event?.getFirstPropertyValue('location')).toBe('Bâtiment Ü, 3ᵉ étage, Carebook Clinic');
    });

    it('folds at exactly 75 octets and moves a character that would straddle the limit to the next line', () => {
      // "SUMMARY:Appointment with " is 25 octets; 49 more ASCII make 74, and "医" (3 octets) would reach 77.
      const name = `${'A'.repeat(49)}医`;
      const lines = physicalLines(appointmentCalendar(appointment({ doctor: { ...appointment().doctor, fullName: name } }), context));
      const at = lines.findIndex((line) => line.startsWith('SUMMARY:'));
      expect(Buffer.byteLength(lines[at])).toBe(74);
      expect(lines[at + 1].startsWith(' 医 (Cardiology)')).toBe(true);

      // an ASCII line is cut at 75 octets exactly; continuation lines hold 74 after their leading space
      const ascii = 'B'.repeat(200);
      const folded = physicalLines(appointmentCalendar(appointment({ doctor: { ...appointment().doctor, fullName: ascii } }), context));
      const start = folded.findIndex((line) => line.startsWith('SUMMARY:'));
      expect(folded.slice(start, start + 3).map((line) => Buffer.byteLength(line))).toEqual([75, 75, 75]);
      expect(folded[start + 1]).toMatch(/^ B+$/);
    });

    it('leaves a line of exactly 75 octets whole', () => {
      // "SUMMARY:Appointment with " + name + " (Cardiology)" = 75 octets
      const name = 'C'.repeat(75 - 'SUMMARY:Appointment with '.length - ' (Cardiology)'.length);
      const lines = physicalLines(appointmentCalendar(appointment({ doctor: { ...appointment().doctor, fullName: name } }), context));
      const at = lines.findIndex((line) => line.startsWith('SUMMARY:'));
      expect(Buffer.byteLength(lines[at])).toBe(75);
      expect(lines[at + 1].startsWith(' ')).toBe(false);
    });
  });
});

describe('appointmentSummary', () => {
  it('gives the doctor, the date and time in the clinic’s timezone, the reason and the patient', () => {
    const text = appointmentSummary(appointment(), context);
    expect(text).toContain('Carebook Clinic — appointment summary');
    expect(text).toContain('Status:      Confirmed');
    expect(text).toContain('Date:        Monday, 6 July 2026');
    expect(text).toContain('Time:        09:00–09:30 (30 minutes, Europe/London time)');
    expect(text).toContain('Doctor:      Dr Amara Okafor, Cardiology');
    expect(text).toContain('Where:       Room 4, Riverside Wing');
    expect(text).toContain(`Reference:   ${ID}`);
    expect(text).toContain('Reason for the visit\n  Chest pain when climbing stairs');
    expect(text).toContain('  Name:      Alex Morgan');
    expect(text).toContain('  Email:     alex@example.com');
  });

  it('follows the clinic’s timezone, across midnight too', () => {
    const text = appointmentSummary(appointment(), { ...context, format: { ...context.format, timeZone: 'Pacific/Auckland' } });
    // 08:00Z on 6 July is 20:00 on 6 July in Auckland (NZST, +12)
    expect(text).toContain('Date:        Monday, 6 July 2026');
    expect(text).toContain('Time:        20:00–20:30 (30 minutes, Pacific/Auckland time)');
    const newYork = appointmentSummary(appointment({ startsAt: '2026-07-06T02:00:00.000Z', endsAt: '2026-07-06T03:00:00.000Z' }), {
      ...context,
      format: { ...context.format, timeZone: 'America/New_York' },
    });
    expect(newYork).toContain('Date:        Sunday, 5 July 2026');
    expect(newYork).toContain('Time:        22:00–23:00 (60 minutes, America/New_York time)');
  });

  it('writes dates and times in the clinic’s locale and hour cycle', () => {
    const text = appointmentSummary(appointment({ status: 'pending' }), {
      ...context,
      format: { timeZone: 'America/New_York', locale: 'en-US', hourCycle: 'h12' },
    }).replace(/[\u202f\u2009]/g, ' ');
    // 08:00Z on 6 July is 04:00 in New York (EDT, -4)
    expect(text).toContain('Date:        Monday, July 6, 2026');
    expect(text).toContain('Time:        4:00 – 4:30 AM (30 minutes, America/New_York time)');
    expect(text).toContain('until Sunday, July 5, 2026 at 4:00 AM;');
  });

  it('tells a patient until when they can change the appointment online', () => {
    expect(appointmentSummary(appointment({ status: 'pending' }), context)).toContain(
      'You can cancel or reschedule online until Sunday, 5 July 2026 at 09:00; after that, please call the clinic.',
    );
    expect(appointmentSummary(appointment(), { ...context, cancellationWindowHours: 0 })).toContain(
      'You can cancel or reschedule online until the appointment starts.',
    );
    expect(appointmentSummary(appointment({ status: 'cancelled', statusReason: 'Feeling better' }), context)).not.toContain(
      'You can cancel',
    );
  });

  it('shows why it was cancelled, the files and who changed what', () => {
    const text = appointmentSummary(
      appointment({
        status: 'cancelled',
        statusReason: 'Feeling better',
        files: [
          {
            id: 'f1',
            fileName: 'ecg.pdf',
            contentType: 'application/pdf',
            size: 1000,
            uploadedBy: { id: 'p', fullName: 'Alex Morgan', role: 'patient' },
            uploadedAt: '2026-06-20T10:20:00.000Z',
          },
        ],
        history: [
          {
            id: 1,
            event: 'booked',
            fromStatus: null,
            toStatus: 'pending',
            actor: { id: 'p', fullName: 'Alex Morgan', role: 'patient' },
            reason: null,
            startsAt: '2026-07-06T08:00:00.000Z',
            previousStartsAt: null,
            at: '2026-06-20T10:15:00.000Z',
          },
          {
            id: 2,
            event: 'expired',
            fromStatus: 'pending',
            toStatus: 'cancelled',
            actor: null,
            reason: 'Not confirmed in time',
            startsAt: '2026-07-06T08:00:00.000Z',
            previousStartsAt: null,
            at: '2026-06-22T10:15:00.000Z',
          },
        ],
      }),
      context,
    );
    expect(text).toContain('Status:      Cancelled');
    expect(text).toContain('Note:        Feeling better');
    expect(text).toContain('Attached files\n  - ecg.pdf');
    expect(text).toContain('20 Jun 2026, 11:15  booked by Alex Morgan (patient)');
    expect(text).toContain('22 Jun 2026, 11:15  expired by the clinic — Not confirmed in time');
  });
});
