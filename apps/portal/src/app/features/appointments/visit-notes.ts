import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { type AbstractControl, FormArray, type FormControl, type FormGroup, NonNullableFormBuilder, ReactiveFormsModule, type ValidationErrors, type ValidatorFn, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { AppointmentsApi, type CreateVisitNoteRequest, type Prescription, type VisitNote } from '@carebook/api-client';
import type { AppointmentStatus } from '@carebook/shared';
import { ClinicDatePipe } from '../../shared/clinic-date-pipe';
import { FormSubmit } from '../../shared/form-submit';
import { LoadError } from '../../shared/load-error';
import { problemOf } from '../../shared/validators';

/** The API's limits for a visit note (CreateVisitNoteRequest and Prescription). */
export const NOTE_LIMITS = { body: 10_000, diagnosis: 500, followUp: 500, prescriptions: 20, name: 200, dose: 200, instructions: 1000 } as const;

type PrescriptionForm = FormGroup<{ name: FormControl<string>; dose: FormControl<string>; instructions: FormControl<string> }>;

/** Required once trimmed, as the API trims. */
const filled: ValidatorFn = (control: AbstractControl<string | null>): ValidationErrors | null =>
  (control.value ?? '').trim() ? null : { required: true };

/**
 * The visit notes of one appointment. Its doctor writes them, with prescriptions and a follow-up (and corrects one
 * by writing a new note that amends it: notes are never edited); its patient reads them, and on a completed visit
 * sees a summary, with a way to book the follow-up the doctor asked for.
 */
@Component({
  selector: 'cb-visit-notes',
  imports: [ClinicDatePipe, LoadError, ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, RouterLink],
  templateUrl: './visit-notes.html',
  styleUrl: './visit-notes.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class VisitNotes {
  private readonly api = inject(AppointmentsApi);
  private readonly fb = inject(NonNullableFormBuilder);

  readonly appointmentId = input.required<string>();
  readonly role = input.required<'patient' | 'doctor' | 'admin'>();
  readonly status = input.required<AppointmentStatus>();
  readonly doctorId = input.required<string>();
  /** The appointment's own doctor (the only one who may write). */
  readonly isAuthor = input(false);

  protected readonly limits = NOTE_LIMITS;
  protected readonly problemOf = problemOf;

  protected readonly notes = rxResource({
    params: () => this.appointmentId(),
    stream: ({ params: id }) => this.api.listVisitNotes({ id }),
  });
  /** The note in force: the newest one nobody has corrected. */
  protected readonly latest = computed<VisitNote | undefined>(() => (this.notes.value() ?? []).filter((n) => !n.amendedBy).at(-1));
  protected readonly showSummary = computed(() => this.role() === 'patient' && this.status() === 'completed' && this.notes.hasValue());
  /**
   * Whether the doctor asked for a follow-up in the note in force ('asked': the summary offers "Book a follow-up"),
   * wrote none ('none', the notes not loading counted so), or the notes are still on their way ('unknown'). The
   * appointment page offers "Book again" only for 'none', so a completed visit has one way to book the doctor again.
   */
  readonly followUp = computed<'asked' | 'none' | 'unknown'>(() => {
    if (this.notes.error()) return 'none';
    if (!this.notes.hasValue()) return 'unknown';
    return this.latest()?.followUp ? 'asked' : 'none';
  });
  protected readonly canWrite = computed(() => this.isAuthor() && this.status() !== 'declined' && this.status() !== 'cancelled');
  protected readonly amends = signal<string | null>(null);
  protected readonly submit = new FormSubmit();

  protected readonly form = this.fb.group({
    body: ['', [filled, Validators.maxLength(NOTE_LIMITS.body)]],
    diagnosis: ['', Validators.maxLength(NOTE_LIMITS.diagnosis)],
    followUp: ['', Validators.maxLength(NOTE_LIMITS.followUp)],
    prescriptions: this.fb.array<PrescriptionForm>([]),
  });

  protected get prescriptions(): FormArray<PrescriptionForm> {
    return this.form.controls.prescriptions;
  }

  protected addPrescription(value?: Prescription): void {
    if (this.prescriptions.length >= NOTE_LIMITS.prescriptions) return;
    this.prescriptions.push(this.prescriptionGroup(value));
  }

  protected removePrescription(index: number): void {
    this.prescriptions.removeAt(index);
    this.form.markAsDirty();
  }

  protected correct(note: VisitNote): void {
    this.amends.set(note.id);
    this.reset(note);
  }

  protected cancelCorrection(): void {
    this.amends.set(null);
    this.reset();
  }

  protected save(): void {
    this.submit.run(
      this.form,
      () => this.api.createVisitNote({ id: this.appointmentId(), body: this.request() }),
      () => {
        this.cancelCorrection();
        this.notes.reload();
      },
    );
  }

  /** What the form says, as the API takes it: optional texts left out when empty. */
  private request(): CreateVisitNoteRequest {
    const { body, diagnosis, followUp, prescriptions } = this.form.getRawValue();
    const amends = this.amends();
    return {
      body: body.trim(),
      ...(diagnosis.trim() ? { diagnosis: diagnosis.trim() } : {}),
      ...(followUp.trim() ? { followUp: followUp.trim() } : {}),
      ...(prescriptions.length > 0
        ? { prescriptions: prescriptions.map((p) => ({ name: p.name.trim(), dose: p.dose.trim(), instructions: p.instructions.trim() })) }
        : {}),
      ...(amends ? { amends } : {}),
    };
  }

  private reset(note?: VisitNote): void {
    this.prescriptions.clear();
    for (const p of note?.prescriptions ?? []) this.addPrescription(p);
    this.form.reset({ body: note?.body ?? '', diagnosis: note?.diagnosis ?? '', followUp: note?.followUp ?? '' });
    this.submit.error.set(null);
  }

  private prescriptionGroup(value?: Prescription): PrescriptionForm {
    return this.fb.group({
      name: [value?.name ?? '', [filled, Validators.maxLength(NOTE_LIMITS.name)]],
      dose: [value?.dose ?? '', [filled, Validators.maxLength(NOTE_LIMITS.dose)]],
      instructions: [value?.instructions ?? '', [filled, Validators.maxLength(NOTE_LIMITS.instructions)]],
    });
  }
}
