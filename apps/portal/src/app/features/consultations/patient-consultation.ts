import { ChangeDetectionStrategy, Component, effect, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import { ConsultationsApi, DoctorsApi, type ConsultationDto } from '@carebook/api-client';
import { CONSULTATION_LIMITS } from '@carebook/shared';
import { finalize, map } from 'rxjs';
import { applyServerErrors, describeError } from '../../core/api-error';
import { ConsultationPresence } from '../../core/consultation-presence';
import { confirmAction } from '../../shared/confirm-dialog';
import { MatDialog } from '@angular/material/dialog';
import { PageStatus } from '../../shared/page-status';
import { required } from '../../shared/validators';
import { SectionCard } from '../../shared/section-card';
import { followConsultations } from './consultation-live';

/**
 * "See a doctor now": the patient asks with a reason (and, if they like, a specialty), then waits first come,
 * first served with their place and an estimate kept live, and can leave the queue. Once a doctor takes them,
 * the page leads to the conversation with that doctor.
 */
@Component({
  selector: 'cb-patient-consultation',
  host: { class: 'cb-page' },
  imports: [MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, PageStatus, ReactiveFormsModule, RouterLink, SectionCard],
  template: `
    <h1 class="cb-page-title">See a doctor now</h1>
    <cb-page-status [resource]="current" loading="Checking for a consultation in progress" what="Your consultation" />
    @if (current.hasValue()) {
      @if (current.value(); as c) {
        @if (c.status === 'waiting') {
          <cb-section-card heading="You are in the queue" data-testid="consultation-waiting">
            <p class="big" aria-live="polite" data-testid="queue-position">
              You are number {{ c.position }} in the queue.
              @if (c.estimatedWaitMinutes !== null && c.estimatedWaitMinutes !== undefined) {
                Estimated wait: about {{ c.estimatedWaitMinutes }} {{ c.estimatedWaitMinutes === 1 ? 'minute' : 'minutes' }}.
              } @else {
                No doctor is available right now; you keep your place until one is.
              }
            </p>
            <p class="cb-muted">Keep Carebook open (any page): if it is closed for two minutes you leave the queue.</p>
            <div class="cb-actions">
              <button matButton="outlined" type="button" [disabled]="busy()" (click)="leave(c)" data-testid="leave-queue">Leave the queue</button>
            </div>
          </cb-section-card>
        } @else {
          <cb-section-card heading="A doctor is ready for you" data-testid="consultation-assigned">
            <p class="big" aria-live="polite">{{ c.doctor?.fullName }} has taken your consultation.</p>
            <div class="cb-actions">
              <a matButton="filled" [routerLink]="['/messages', c.conversationId]" data-testid="open-consultation-chat">
                <mat-icon aria-hidden="true">chat</mat-icon> Open the conversation
              </a>
              <button matButton="outlined" type="button" [disabled]="busy()" (click)="leave(c)">End the consultation</button>
            </div>
          </cb-section-card>
        }
      } @else {
        <cb-section-card heading="Talk to the next available doctor" subtitle="Messages with a doctor who is online now">
          <form [formGroup]="form" (ngSubmit)="ask()" novalidate aria-label="Ask for a consultation">
            <mat-form-field class="wide">
              <mat-label>What is it about?</mat-label>
              <textarea matInput formControlName="reason" rows="3" [maxlength]="reasonMax" data-testid="consultation-reason"></textarea>
              @if (form.controls.reason.hasError('server')) {
                <mat-error>{{ form.controls.reason.getError('server') }}</mat-error>
              } @else {
                <mat-error>Say in a few words what it is about ({{ reasonMin }}–{{ reasonMax }} characters)</mat-error>
              }
            </mat-form-field>
            <mat-form-field>
              <mat-label>Specialty</mat-label>
              <mat-select formControlName="specialty" data-testid="consultation-specialty">
                <mat-option value="">Any doctor</mat-option>
                @for (name of specialties.value() ?? []; track name) {
                  <mat-option [value]="name">{{ name }}</mat-option>
                }
              </mat-select>
            </mat-form-field>
            <div class="cb-actions">
              <button matButton="filled" type="submit" [disabled]="busy()" data-testid="ask-consultation">See a doctor now</button>
            </div>
          </form>
        </cb-section-card>
      }
    }
  `,
  styles: `
    .big {
      font: var(--mat-sys-title-medium);
    }
    .wide {
      width: 100%;
    }
    form {
      display: flex;
      flex-direction: column;
      max-width: 560px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PatientConsultation {
  private readonly api = inject(ConsultationsApi);
  private readonly doctors = inject(DoctorsApi);
  private readonly snackBar = inject(MatSnackBar);
  private readonly dialog = inject(MatDialog);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly reasonMin = CONSULTATION_LIMITS.reason.min;
  protected readonly reasonMax = CONSULTATION_LIMITS.reason.max;
  protected readonly form = this.fb.group({
    reason: ['', [required, Validators.minLength(this.reasonMin), Validators.maxLength(this.reasonMax)]],
    specialty: [''],
  });
  protected readonly busy = signal(false);

  protected readonly current = rxResource({
    stream: () =>
      this.api.getCurrentConsultation$Response().pipe(
        map((response) => (response.status === 204 ? null : response.body)),
      ),
  });
  protected readonly specialties = rxResource({ stream: () => this.doctors.listSpecialties().pipe(map((list) => list.map((s) => s.name))) });

  constructor() {
    followConsultations(() => this.current.reload());
    // What this page learns, the portal-wide heartbeat learns too (it keeps the place in the queue).
    const presence = inject(ConsultationPresence);
    effect(() => {
      if (this.current.hasValue()) presence.noteConsultation(this.current.value() ?? null);
    });
  }

  protected ask(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.busy()) return;
    const { reason, specialty } = this.form.getRawValue();
    this.busy.set(true);
    this.api
      .requestConsultation({ body: { reason, ...(specialty ? { specialty } : {}) } })
      .pipe(finalize(() => this.busy.set(false)))
      .subscribe({
        next: (consultation) => this.current.set(consultation),
        error: (error: unknown) => {
          const message = applyServerErrors(this.form, error);
          if (message) this.snackBar.open(message, 'Close', { duration: 8000 });
          this.current.reload();
        },
      });
  }

  protected leave(consultation: ConsultationDto): void {
    const waiting = consultation.status === 'waiting';
    confirmAction(this.dialog, {
      title: waiting ? 'Leave the queue?' : 'End the consultation?',
      message: waiting ? 'You will lose your place in the queue.' : 'You can still read and send messages in the conversation.',
      confirm: waiting ? 'Leave the queue' : 'End',
    }).subscribe((confirmed) => {
      if (!confirmed) return;
      this.busy.set(true);
      this.api
        .leaveConsultation({ id: consultation.id })
        .pipe(finalize(() => this.busy.set(false)))
        .subscribe({
          next: () => this.current.set(null),
          error: (error: unknown) => {
            this.snackBar.open(describeError(error), 'Close', { duration: 8000 });
            this.current.reload();
          },
        });
    });
  }
}
