import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { AppointmentsApi } from '@carebook/api-client';
import { debounceTime } from 'rxjs';
import { Clinic } from '../../core/clinic';
import { Realtime } from '../../core/realtime';
import { AppointmentItem } from '../../shared/appointments/appointment-item';
import { LoadError } from '../../shared/load-error';

export const NEXT_APPOINTMENTS_SHOWN = 3;

/** The patient's next appointments that are going ahead (requested or confirmed), for the home page. */
@Component({
  selector: 'cb-next-appointments',
  imports: [AppointmentItem, LoadError, MatButtonModule, MatIconModule, RouterLink],
  template: `
    <section aria-labelledby="next-title" data-testid="next-appointments">
      <div class="section-head">
        <h2 id="next-title" class="section-title">Your next appointments</h2>
        <a matButton routerLink="/patient/appointments">
          See all
          <mat-icon iconPositionEnd aria-hidden="true">arrow_forward</mat-icon>
        </a>
      </div>
      @if (next.error(); as error) {
        <cb-load-error [error]="error" what="Your appointments" [compact]="true" (retry)="next.reload()" />
      } @else if (!next.hasValue()) {
        <span class="skeleton" aria-hidden="true"></span>
      } @else if (items().length === 0) {
        <div class="empty" data-testid="next-empty">
          <mat-icon aria-hidden="true">event_available</mat-icon>
          <p>No upcoming appointments. Pick a doctor below to book a time.</p>
        </div>
      } @else {
        <ul class="list" aria-label="Your next appointments">
          @for (appointment of items(); track appointment.id) {
            <li><cb-appointment-item [appointment]="appointment" [timezone]="timezone()" /></li>
          }
        </ul>
        @if (more() > 0) {
          <p class="cb-muted more">And {{ more() === 1 ? '1 more' : more() + ' more' }} after these.</p>
        }
      }
    </section>
  `,
  styles: `
    @use '../../shared/styles/blocks';

    .section-head {
      @include blocks.section-head;
    }
    .section-title {
      @include blocks.section-title;
    }
    .section-head a {
      flex: 0 0 auto;
      white-space: nowrap;
    }
    .list {
      @include blocks.stacked-list;
    }
    .skeleton {
      @include blocks.skeleton(84px);
    }
    .empty {
      display: flex;
      align-items: center;
      gap: 12px;
      padding: 16px;
      border-radius: var(--mat-sys-corner-medium);
      border: 1px dashed var(--mat-sys-outline-variant);
      color: var(--mat-sys-on-surface-variant);
    }
    .empty p,
    .inline,
    .more {
      margin: 0;
    }
    .more {
      margin-top: 8px;
      font: var(--mat-sys-body-medium);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NextAppointments {
  private readonly api = inject(AppointmentsApi);
  private readonly clinic = inject(Clinic);

  protected readonly timezone = computed(() => this.clinic.timezone());
  protected readonly next = rxResource({
    stream: () =>
      this.api.listAppointments({
        status: ['pending', 'confirmed'],
        from: new Date().toISOString(),
        order: 'asc',
        pageSize: NEXT_APPOINTMENTS_SHOWN,
      }),
  });
  protected readonly items = computed(() => (this.next.hasValue() ? this.next.value().items : []));
  protected readonly more = computed(() => (this.next.hasValue() ? Math.max(0, this.next.value().total - this.items().length) : 0));

  constructor() {
    inject(Realtime)
      .appointmentUpdates()
      .pipe(debounceTime(300), takeUntilDestroyed())
      .subscribe(() => this.next.reload());
  }
}
