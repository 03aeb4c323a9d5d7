import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatSlideToggleModule, type MatSlideToggleChange } from '@angular/material/slide-toggle';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import { ConsultationsApi, type ConsultationDto } from '@carebook/api-client';
import { finalize, map } from 'rxjs';
import { describeError } from '../../core/api-error';
import { confirmAction } from '../../shared/confirm-dialog';
import { PageStatus } from '../../shared/page-status';
import { SectionCard } from '../../shared/section-card';
import { ConsultationQueue } from './consultation-queue';
import { followConsultations } from './consultation-live';
import { ConsultationPresence } from '../../core/consultation-presence';
import { Session } from '../../core/session';

/**
 * The doctor's instant consultations: the availability switch (kept on by the portal's heartbeat), the
 * consultation in progress with its conversation, and the queue. Ending one brings the next patient.
 */
@Component({
  selector: 'cb-doctor-consultations',
  // The page's margins, as every routed page has them.
  host: { class: 'cb-page' },
  imports: [ConsultationQueue, MatButtonModule, MatIconModule, MatSlideToggleModule, PageStatus, RouterLink, SectionCard],
  template: `
    <h1 class="cb-page-title">Instant consultations</h1>
    <div class="layout">
      <cb-section-card heading="Availability">
        <cb-page-status [resource]="availability" loading="Loading your availability" what="Your availability" />
        @if (underReview()) {
          <p class="cb-muted note" data-testid="consultations-under-review">
            Your application is under review. Once an administrator approves it, you can take patients who want to see a doctor now.
          </p>
        } @else if (availability.hasValue()) {
          <mat-slide-toggle [checked]="availability.value()" [disabled]="switching()" (change)="setAvailable($event)" data-testid="available-toggle">
            Available for instant consultations
          </mat-slide-toggle>
          <p class="cb-muted note">
            @if (availability.value()) {
              Patients who ask for a consultation are given to you one at a time. Keep Carebook open (any page): after two minutes without it you are no longer available.
            } @else {
              Switch on to take patients who want to see a doctor now.
            }
          </p>
        }
      </cb-section-card>
      <cb-section-card heading="Current consultation">
        <cb-page-status [resource]="current" loading="Loading your consultation" what="Your consultation" />
        @if (current.hasValue()) {
          @if (current.value(); as c) {
            <div data-testid="current-consultation">
              <p class="big">{{ c.patient.fullName }}</p>
              <p>{{ c.reason }}</p>
              <div class="cb-actions">
                <a matButton="filled" [routerLink]="['/messages', c.conversationId]" data-testid="open-consultation-chat">
                  <mat-icon aria-hidden="true">chat</mat-icon> Open the conversation
                </a>
                <button matButton="outlined" type="button" [disabled]="ending()" (click)="end(c)" data-testid="end-consultation">End and take the next</button>
              </div>
            </div>
          } @else {
            <p class="cb-muted" data-testid="no-consultation">No consultation in progress.</p>
          }
        }
      </cb-section-card>
      <cb-page-status [resource]="queue" loading="Loading the queue" what="The queue" />
      @if (queue.hasValue()) {
        <cb-consultation-queue [queue]="queue.value()" />
      }
    </div>
  `,
  styles: `
    .layout {
      display: grid;
      gap: 16px;
      max-width: 880px;
    }
    .big {
      font: var(--mat-sys-title-medium);
      margin: 0 0 4px;
    }
    .note {
      margin-top: 8px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DoctorConsultations {
  private readonly api = inject(ConsultationsApi);
  private readonly session = inject(Session);
  /** Not yet approved: the API refuses to make this doctor available. */
  protected readonly underReview = computed(() => this.session.user()?.status === 'pending');
  private readonly snackBar = inject(MatSnackBar);
  private readonly dialog = inject(MatDialog);

  protected readonly availability = rxResource({ stream: () => this.api.getConsultationAvailability().pipe(map((a) => a.available)) });
  protected readonly current = rxResource({
    stream: () => this.api.getCurrentConsultation$Response().pipe(map((response) => (response.status === 204 ? null : response.body))),
  });
  protected readonly queue = rxResource({ stream: () => this.api.getConsultationQueue() });
  protected readonly switching = signal(false);
  protected readonly ending = signal(false);

  constructor() {
    followConsultations(() => {
      this.current.reload();
      this.queue.reload();
      this.availability.reload();
    });
    // What this page learns, the portal-wide heartbeat learns too.
    const presence = inject(ConsultationPresence);
    effect(() => {
      if (this.availability.hasValue()) presence.noteAvailability(this.availability.value());
    });
    effect(() => {
      if (this.current.hasValue()) presence.noteConsultation(this.current.value() ?? null);
    });
  }

  protected setAvailable(change: MatSlideToggleChange): void {
    const available = change.checked;
    this.switching.set(true);
    this.api
      .setConsultationAvailability({ body: { available } })
      .pipe(finalize(() => this.switching.set(false)))
      .subscribe({
        next: (answer) => {
          this.availability.set(answer.available);
          this.current.reload();
          this.queue.reload();
        },
        error: (error: unknown) => {
          this.snackBar.open(describeError(error), 'Close', { duration: 8000 });
          // The switch moved when clicked; the binding alone would not move it back (its value never changed).
          change.source.checked = !available;
          this.availability.reload();
        },
      });
  }

  protected end(consultation: ConsultationDto): void {
    confirmAction(this.dialog, {
      title: 'End this consultation?',
      message: `The conversation with ${consultation.patient.fullName} stays; the next waiting patient is given to you.`,
      confirm: 'End',
    }).subscribe((confirmed) => {
      if (!confirmed) return;
      this.ending.set(true);
      this.api
        .endConsultation({ id: consultation.id })
        .pipe(finalize(() => this.ending.set(false)))
        .subscribe({
          next: () => {
            this.current.reload();
            this.queue.reload();
          },
          error: (error: unknown) => this.snackBar.open(describeError(error), 'Close', { duration: 8000 }),
        });
    });
  }
}
