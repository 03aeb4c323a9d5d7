import { SlicePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { AppointmentsApi, type VisitNote } from '@carebook/api-client';
import type { AppointmentStatus } from '@carebook/shared';
import { describeError } from '../../core/api-error';
import { LoadError } from '../../shared/load-error';

/**
 * The visit notes of one appointment. Its doctor writes them (and corrects one by writing a new note that amends
 * it: notes are never edited); its patient reads them, and on a completed visit sees a summary with a way to book
 * a follow-up.
 */
@Component({
  selector: 'cb-visit-notes',
  imports: [FormsModule, LoadError, SlicePipe, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, RouterLink],
  template: `
    @if (notes.error(); as error) {
      <cb-load-error [error]="error" what="The visit notes" [compact]="true" (retry)="notes.reload()" />
    } @else {
      @if (role() === 'patient' && status() === 'completed' && latest(); as last) {
        <div class="summary" data-testid="visit-summary">
          <h3>Summary of your visit</h3>
          @if (last.diagnosis) {
            <p><strong>Diagnosis:</strong> {{ last.diagnosis }}</p>
          }
          @if (last.followUp) {
            <p><strong>Next:</strong> {{ last.followUp }}</p>
          }
          <a matButton="filled" [routerLink]="['/doctors', doctorId()]" data-testid="book-follow-up">
            <mat-icon aria-hidden="true">event_repeat</mat-icon>
            Book a follow-up
          </a>
        </div>
      }
      @for (note of notes.value() ?? []; track note.id) {
        <article class="note" [class.amended]="note.amendedBy" data-testid="visit-note">
          <header>
            <span class="author">{{ note.author.fullName }}</span>
            <span class="cb-muted">{{ note.createdAt | slice: 0 : 10 }}</span>
            @if (note.amends) {
              <span class="tag">Correction</span>
            }
            @if (note.amendedBy) {
              <span class="tag muted">Amended: see the correction below</span>
            }
          </header>
          <p class="body">{{ note.body }}</p>
          @if (note.diagnosis) {
            <p><strong>Diagnosis:</strong> {{ note.diagnosis }}</p>
          }
          @for (p of note.prescriptions; track $index) {
            <p><strong>Prescription:</strong> {{ p.name }}, {{ p.dose }}. {{ p.instructions }}</p>
          }
          @if (note.followUp) {
            <p><strong>Follow-up:</strong> {{ note.followUp }}</p>
          }
          @if (canWrite() && !note.amendedBy) {
            <button matButton type="button" (click)="correct(note)" [attr.data-testid]="'correct-' + note.id">Correct this note</button>
          }
        </article>
      } @empty {
        @if (!notes.isLoading()) {
          <p class="cb-muted" data-testid="no-notes">No visit notes yet.</p>
        }
      }
      @if (canWrite()) {
        <form class="editor" (ngSubmit)="save()" data-testid="note-editor">
          <h3>{{ amends() ? 'Correct the note' : 'New note' }}</h3>
          <mat-form-field>
            <mat-label>Note</mat-label>
            <textarea matInput name="body" rows="4" required [(ngModel)]="body" data-testid="note-body"></textarea>
          </mat-form-field>
          <mat-form-field>
            <mat-label>Diagnosis (optional)</mat-label>
            <input matInput name="diagnosis" [(ngModel)]="diagnosis" data-testid="note-diagnosis" />
          </mat-form-field>
          <mat-form-field>
            <mat-label>Follow-up (optional)</mat-label>
            <input matInput name="followUp" [(ngModel)]="followUp" data-testid="note-follow-up" />
          </mat-form-field>
          @if (saveError(); as message) {
            <p class="error" role="alert">{{ message }}</p>
          }
          <div class="row">
            <button matButton="filled" type="submit" [disabled]="saving() || !body.trim()" data-testid="save-note">Save note</button>
            @if (amends()) {
              <button matButton type="button" (click)="cancelCorrection()">Cancel correction</button>
            }
          </div>
          <p class="cb-muted small">Notes cannot be edited or deleted once saved; a correction is kept beside the original.</p>
        </form>
      }
    }
  `,
  styles: `
    :host { display: block; }
    .note { border-left: 3px solid var(--mat-sys-primary); padding: 4px 12px; margin: 12px 0; }
    .note.amended { border-left-color: var(--mat-sys-outline-variant); opacity: 0.75; }
    .note header { display: flex; flex-wrap: wrap; gap: 8px; align-items: baseline; }
    .author { font-weight: 500; }
    .tag { font: var(--mat-sys-label-small); padding: 2px 8px; border-radius: 8px; background: var(--mat-sys-secondary-container); }
    .tag.muted { background: var(--mat-sys-surface-container-high); }
    .body { white-space: pre-wrap; }
    .summary { padding: 12px; border-radius: 12px; background: var(--mat-sys-primary-container); margin-bottom: 12px; }
    .summary h3 { margin-top: 0; }
    .editor { display: flex; flex-direction: column; margin-top: 16px; }
    .row { display: flex; gap: 8px; flex-wrap: wrap; }
    .error { color: var(--mat-sys-error); }
    .small { font: var(--mat-sys-body-small); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class VisitNotes {
  private readonly api = inject(AppointmentsApi);

  readonly appointmentId = input.required<string>();
  readonly role = input.required<'patient' | 'doctor' | 'admin'>();
  readonly status = input.required<AppointmentStatus>();
  readonly doctorId = input.required<string>();
  /** The appointment's own doctor (the only one who may write). */
  readonly isAuthor = input(false);

  protected readonly notes = rxResource({
    params: () => this.appointmentId(),
    stream: ({ params: id }) => this.api.listVisitNotes({ id }),
  });
  protected readonly latest = computed<VisitNote | undefined>(() => (this.notes.value() ?? []).filter((n) => !n.amendedBy).at(-1));
  protected readonly canWrite = computed(() => this.isAuthor() && this.status() !== 'declined' && this.status() !== 'cancelled');
  protected readonly amends = signal<string | null>(null);
  protected readonly saving = signal(false);
  protected readonly saveError = signal<string | null>(null);
  protected body = '';
  protected diagnosis = '';
  protected followUp = '';

  protected correct(note: VisitNote): void {
    this.amends.set(note.id);
    this.body = note.body;
    this.diagnosis = note.diagnosis ?? '';
    this.followUp = note.followUp ?? '';
  }

  protected cancelCorrection(): void {
    this.amends.set(null);
    this.body = this.diagnosis = this.followUp = '';
  }

  protected save(): void {
    this.saving.set(true);
    this.saveError.set(null);
    this.api
      .createVisitNote({
        id: this.appointmentId(),
        body: {
          body: this.body,
          ...(this.diagnosis.trim() ? { diagnosis: this.diagnosis } : {}),
          ...(this.followUp.trim() ? { followUp: this.followUp } : {}),
          ...(this.amends() ? { amends: this.amends() ?? undefined } : {}),
        },
      })
      .subscribe({
        next: () => {
          this.saving.set(false);
          this.cancelCorrection();
          this.notes.reload();
        },
        error: (error: unknown) => {
          this.saving.set(false);
          this.saveError.set(describeError(error));
        },
      });
  }
}
