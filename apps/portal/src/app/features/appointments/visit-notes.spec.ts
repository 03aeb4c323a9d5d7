import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { VisitNote } from '@carebook/api-client';
import type { AppointmentStatus } from '@carebook/shared';
import { Clinic } from '../../core/clinic';
import { apiError, apiTesting } from '../../testing/fixtures';
import { settle } from '../../testing/spec-steps';
import { VisitNotes } from './visit-notes';

beforeEach(() => jest.useFakeTimers({ advanceTimers: true }));
afterEach(() => jest.useRealTimers());

const NOTES_URL = '/api/appointments/a1/notes';

function note(id: string, extra: Partial<VisitNote> = {}): VisitNote {
  return {
    id,
    appointmentId: 'a1',
    authorId: 'd1',
    author: { id: 'd1', fullName: 'Dr Amara Okafor' },
    body: 'Wheeze on expiration.',
    diagnosis: null,
    prescriptions: [],
    followUp: null,
    createdAt: '2030-03-01T09:40:00.000Z',
    amends: null,
    amendedBy: null,
    ...extra,
  };
}

const SALBUTAMOL = { name: 'Salbutamol inhaler', dose: '2 puffs as needed', instructions: 'At most 4 times a day' };

describe('VisitNotes', () => {
  let fixture: ComponentFixture<VisitNotes>;
  let http: HttpTestingController;

  function page(): HTMLElement {
    return fixture.nativeElement as HTMLElement;
  }
  function byTestId<T extends HTMLElement = HTMLElement>(id: string): T | null {
    return page().querySelector<T>(`[data-testid="${id}"]`);
  }
  function type(id: string, value: string): void {
    const input = byTestId<HTMLInputElement>(id);
    if (!input) throw new Error(`no ${id}`);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }
  async function click(id: string): Promise<void> {
    byTestId(id)?.click();
    await settle();
  }

  async function create(options: { role: 'patient' | 'doctor'; status?: AppointmentStatus; notes: VisitNote[] }): Promise<void> {
    TestBed.configureTestingModule({
      imports: [VisitNotes],
      providers: [provideRouter([]), ...apiTesting(), { provide: Clinic, useValue: { timezone: () => 'Europe/London' } }],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(VisitNotes);
    fixture.componentRef.setInput('appointmentId', 'a1');
    fixture.componentRef.setInput('role', options.role);
    fixture.componentRef.setInput('status', options.status ?? 'confirmed');
    fixture.componentRef.setInput('doctorId', 'd1');
    fixture.componentRef.setInput('isAuthor', options.role === 'doctor');
    await settle();
    http.expectOne(NOTES_URL).flush(options.notes);
    await settle();
  }

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
  });

  describe('reading', () => {
    it('shows each note with its prescriptions, and an amended note beside its correction', async () => {
      await create({
        role: 'patient',
        notes: [
          note('n1', { prescriptions: [SALBUTAMOL], amendedBy: 'n2' }),
          note('n2', { amends: 'n1', diagnosis: 'Asthma', prescriptions: [SALBUTAMOL, { name: 'Beclometasone', dose: '1 puff twice a day', instructions: 'Rinse mouth after' }] }),
        ],
      });
      const notes = page().querySelectorAll('[data-testid="visit-note"]');
      expect(notes).toHaveLength(2);
      expect(notes[0].classList).toContain('amended');
      expect(notes[0].textContent).toContain('Amended: see the correction below');
      expect(notes[0].textContent).toContain('Salbutamol inhaler, 2 puffs as needed. At most 4 times a day');
      expect(notes[1].textContent).toContain('Correction');
      expect(notes[1].querySelectorAll('[data-testid="note-prescription"]')).toHaveLength(2);
      expect(notes[1].textContent).toContain('Beclometasone, 1 puff twice a day. Rinse mouth after');
      expect(byTestId('note-editor')).toBeNull();
      expect(byTestId('visit-summary')).toBeNull();
    });

    it('gives the patient of a completed visit a summary of the note in force and a way to book a follow-up', async () => {
      await create({
        role: 'patient',
        status: 'completed',
        notes: [note('n1', { amendedBy: 'n2', diagnosis: 'Old' }), note('n2', { amends: 'n1', diagnosis: 'Asthma', prescriptions: [SALBUTAMOL], followUp: 'Review in 2 weeks' })],
      });
      const summary = byTestId('visit-summary')?.textContent ?? '';
      expect(summary).toContain('Diagnosis: Asthma');
      expect(summary).not.toContain('Old');
      expect(summary).toContain('Salbutamol inhaler, 2 puffs as needed');
      expect(summary).toContain('Next: Review in 2 weeks');
      expect(byTestId<HTMLAnchorElement>('book-follow-up')?.getAttribute('href')).toBe('/doctors/d1');
      expect(fixture.componentInstance.followUp()).toBe('asked');
    });

    it('offers no follow-up the doctor did not ask for: none in the note in force, or no notes yet', async () => {
      await create({
        role: 'patient',
        status: 'completed',
        notes: [note('n1', { amendedBy: 'n2', followUp: 'Review in 2 weeks' }), note('n2', { amends: 'n1', diagnosis: 'Asthma' })],
      });
      expect(byTestId('visit-summary')?.textContent).toContain('Diagnosis: Asthma');
      expect(byTestId('visit-summary')?.textContent).not.toContain('Review in 2 weeks');
      expect(byTestId('book-follow-up')).toBeNull();
      expect(fixture.componentInstance.followUp()).toBe('none');
    });

    it('says the notes are to come on a completed visit without notes, with no follow-up to book', async () => {
      await create({ role: 'patient', status: 'completed', notes: [] });
      expect(byTestId('summary-no-notes')?.textContent).toContain('has not written notes');
      expect(byTestId('book-follow-up')).toBeNull();
      expect(byTestId('no-notes')).toBeNull();
      expect(fixture.componentInstance.followUp()).toBe('none');
    });

    it('says when there are no notes yet', async () => {
      await create({ role: 'patient', notes: [] });
      expect(byTestId('no-notes')?.textContent).toContain('No visit notes yet.');
    });
  });

  describe('writing', () => {
    it('sends a note with its prescriptions, trimmed and without the empty optional fields', async () => {
      await create({ role: 'doctor', notes: [] });
      type('note-body', '  Wheeze on expiration.  ');
      await click('add-prescription');
      type('prescription-name-0', 'Salbutamol inhaler');
      type('prescription-dose-0', '2 puffs as needed ');
      type('prescription-instructions-0', 'At most 4 times a day');
      await click('save-note');

      const request = http.expectOne(NOTES_URL);
      expect(request.request.method).toBe('POST');
      expect(request.request.body).toEqual({ body: 'Wheeze on expiration.', prescriptions: [SALBUTAMOL] });
      request.flush(note('n1', { prescriptions: [SALBUTAMOL] }));
      await settle();
      http.expectOne(NOTES_URL).flush([note('n1', { prescriptions: [SALBUTAMOL] })]);
      await settle();
      expect(page().querySelectorAll('[data-testid="prescription-row"]')).toHaveLength(0);
      expect(byTestId<HTMLTextAreaElement>('note-body')?.value).toBe('');
    });

    it('refuses an incomplete prescription row and sends nothing', async () => {
      await create({ role: 'doctor', notes: [] });
      type('note-body', 'Seen.');
      await click('add-prescription');
      type('prescription-name-0', 'Amoxicillin');
      await click('save-note');
      http.expectNone(NOTES_URL);
      const errors = [...page().querySelectorAll('mat-error')].map((e) => e.textContent?.trim());
      expect(errors).toEqual(['Dose is required', 'Instructions is required']);
    });

    it('removes a row, so a note can go without prescriptions', async () => {
      await create({ role: 'doctor', notes: [] });
      type('note-body', 'Seen.');
      await click('add-prescription');
      await click('add-prescription');
      expect(page().querySelectorAll('[data-testid="prescription-row"]')).toHaveLength(2);
      await click('remove-prescription-1');
      await click('remove-prescription-0');
      expect(page().querySelector('[data-testid="prescription-row"]')).toBeNull();
      await click('save-note');
      const request = http.expectOne(NOTES_URL);
      expect(request.request.body).toEqual({ body: 'Seen.' });
      request.flush(note('n1'));
      await settle();
      http.expectOne(NOTES_URL).flush([note('n1')]);
    });

    it('requires the note itself, even of spaces', async () => {
      await create({ role: 'doctor', notes: [] });
      type('note-body', '   ');
      await click('save-note');
      http.expectNone(NOTES_URL);
      expect(page().querySelector('mat-error')?.textContent).toContain('The note is required');
    });

    it('puts the server’s field errors on the prescription field they name', async () => {
      await create({ role: 'doctor', notes: [] });
      type('note-body', 'Seen.');
      await click('add-prescription');
      type('prescription-name-0', 'Amoxicillin');
      type('prescription-dose-0', '500 mg');
      type('prescription-instructions-0', 'Three times a day');
      await click('save-note');
      http
        .expectOne(NOTES_URL)
        .flush(...apiError(400, 'Validation failed', [{ field: 'prescriptions.0.dose', message: 'dose must be shorter' }]));
      await settle();
      expect(page().querySelector('mat-error')?.textContent).toContain('dose must be shorter');
    });

    it('corrects a note with a new one that amends it, starting from its content', async () => {
      await create({ role: 'doctor', status: 'completed', notes: [note('n1', { diagnosis: 'Asthma', prescriptions: [SALBUTAMOL] })] });
      await click('correct-n1');
      expect(byTestId('note-editor')?.textContent).toContain('Correct the note');
      expect(byTestId<HTMLInputElement>('prescription-name-0')?.value).toBe('Salbutamol inhaler');
      type('prescription-dose-0', '1 puff as needed');
      await click('save-note');
      const request = http.expectOne(NOTES_URL);
      expect(request.request.body).toEqual({
        body: 'Wheeze on expiration.',
        diagnosis: 'Asthma',
        prescriptions: [{ ...SALBUTAMOL, dose: '1 puff as needed' }],
        amends: 'n1',
      });
      request.flush(note('n2'));
      await settle();
      http.expectOne(NOTES_URL).flush([]);
    });

    it('offers no editor on a cancelled appointment', async () => {
      await create({ role: 'doctor', status: 'cancelled', notes: [] });
      expect(byTestId('note-editor')).toBeNull();
    });
  });
});
