import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import type { ConsultationQueueDto } from '@carebook/api-client';
import { Clinic } from '../../core/clinic';
import { formatTime } from '../../shared/clinic-time';
import { SectionCard } from '../../shared/section-card';

/** The waiting patients (first come, first served) and the doctors available now, as doctors and admins see them. */
@Component({
  selector: 'cb-consultation-queue',
  imports: [SectionCard],
  template: `
    <cb-section-card heading="Waiting" [subtitle]="queue().waiting.length === 1 ? '1 patient' : queue().waiting.length + ' patients'">
      @if (queue().waiting.length === 0) {
        <p class="cb-muted" data-testid="queue-empty">Nobody is waiting.</p>
      } @else {
        <ol class="list" data-testid="queue-waiting">
          @for (entry of queue().waiting; track entry.id) {
            <li>
              <strong>{{ entry.position }}.</strong> {{ entry.specialty ?? 'Any doctor' }} · waiting since {{ time(entry.waitingSince) }}
            </li>
          }
        </ol>
      }
    </cb-section-card>
    <cb-section-card heading="Available doctors" [subtitle]="queue().doctors.length === 1 ? '1 doctor' : queue().doctors.length + ' doctors'">
      @if (queue().doctors.length === 0) {
        <p class="cb-muted">No doctor takes instant consultations right now.</p>
      } @else {
        <ul class="list" data-testid="queue-doctors">
          @for (doctor of queue().doctors; track doctor.id) {
            <li>{{ doctor.fullName }} ({{ doctor.specialty }}) · {{ doctor.busy ? 'in a consultation' : 'free' }}</li>
          }
        </ul>
      }
    </cb-section-card>
  `,
  styles: `
    :host {
      display: grid;
      gap: 16px;
    }
    .list {
      margin: 0;
      padding-left: 20px;
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConsultationQueue {
  private readonly clinic = inject(Clinic);
  readonly queue = input.required<ConsultationQueueDto>();

  protected time(instant: string): string {
    return formatTime(instant, this.clinic.timezone());
  }
}
