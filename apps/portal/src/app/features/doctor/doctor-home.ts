import { ChangeDetectionStrategy, Component, computed, effect, inject, untracked } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { AuthApi, DoctorsApi } from '@carebook/api-client';
import { describeError } from '../../core/api-error';
import { Clinic } from '../../core/clinic';
import { Session } from '../../core/session';
import { addDays, formatDateTime, todayIn } from '../../shared/clinic-time';
import { formatDuration, groupWeekly, weeklyMinutes } from './weekly-hours';

/** How far ahead the home page looks for the next free time (the API's widest range). */
const LOOK_AHEAD_DAYS = 30;

@Component({
  selector: 'cb-doctor-home',
  imports: [MatButtonModule, MatCardModule, MatIconModule, MatProgressBarModule, RouterLink],
  template: `
    <section class="cb-page cb-stack">
      <div class="progress">
        @if (account.isLoading() || availability.isLoading()) {
          <mat-progress-bar mode="indeterminate" aria-label="Loading your practice" />
        }
      </div>
      <h1 class="cb-page-title">Welcome, {{ user()?.fullName }}</h1>

      @if (status() === 'pending') {
        <mat-card appearance="outlined" data-testid="application-pending">
          <mat-card-header>
            <mat-icon mat-card-avatar aria-hidden="true">hourglass_top</mat-icon>
            <mat-card-title>Your application is under review</mat-card-title>
            <mat-card-subtitle>We'll let you know when an administrator has decided</mat-card-subtitle>
          </mat-card-header>
          <mat-card-content>
            <p>
              An administrator checks your license number and specialty before patients can find and book you.
              Meanwhile you can prepare your profile, weekly hours and time off.
            </p>
          </mat-card-content>
        </mat-card>
      }

      <mat-card appearance="outlined" data-testid="schedule-card">
        <mat-card-header>
          <mat-icon mat-card-avatar aria-hidden="true">event_available</mat-icon>
          <mat-card-title>Your booking calendar</mat-card-title>
          @if (specialty(); as name) {
            <mat-card-subtitle>{{ name }}</mat-card-subtitle>
          }
        </mat-card-header>
        <mat-card-content>
          @if (availability.error(); as error) {
            <p role="alert">Your hours could not be loaded. {{ describeError(error) }}</p>
          } @else if (availability.hasValue()) {
            @if (weeklyHours() === 0) {
              <p class="callout" data-testid="no-hours">
                <mat-icon aria-hidden="true">info</mat-icon>
                <span>You have no weekly hours yet, so patients can’t book you. <a routerLink="/doctor/hours">Set them</a>.</span>
              </p>
            } @else {
              <p>
                You see patients <strong>{{ weeklyHoursText() }}</strong> a week.
                @if (slots.hasValue()) {
                  @if (nextSlot(); as next) {
                    Next free time: <strong data-testid="next-slot">{{ next }}</strong>.
                  } @else {
                    No free times in the next {{ lookAhead }} days.
                  }
                } @else if (slots.error()) {
                  Your free times could not be loaded.
                }
              </p>
            }
          }
        </mat-card-content>
        <mat-card-actions>
          <a matButton routerLink="/doctor/hours">Edit weekly hours</a>
        </mat-card-actions>
      </mat-card>

      <nav class="links" aria-label="Your practice">
        @for (link of links; track link.path) {
          <a class="link" [routerLink]="link.path">
            <mat-icon aria-hidden="true">{{ link.icon }}</mat-icon>
            <span class="label">{{ link.label }}</span>
            <span class="cb-muted hint">{{ link.hint }}</span>
          </a>
        }
      </nav>
    </section>
  `,
  styles: `
    .progress {
      height: 4px;
      margin-bottom: -12px;
    }
    .callout {
      display: flex;
      gap: 8px;
      align-items: flex-start;
      mat-icon {
        flex: none;
        color: var(--mat-sys-primary);
      }
    }
    .links {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(220px, 1fr));
      gap: 12px;
    }
    .link {
      display: grid;
      grid-template-columns: auto 1fr;
      gap: 2px 12px;
      padding: 16px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: var(--mat-sys-corner-medium);
      color: var(--mat-sys-on-surface);
      text-decoration: none;
      &:hover {
        background: var(--mat-sys-surface-container-low);
      }
      &:focus-visible {
        outline: 2px solid var(--mat-sys-primary);
        outline-offset: 2px;
      }
      mat-icon {
        grid-row: span 2;
        color: var(--mat-sys-primary);
      }
    }
    .label {
      font: var(--mat-sys-title-small);
    }
    .hint {
      font: var(--mat-sys-body-small);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DoctorHome {
  private readonly session = inject(Session);
  private readonly authApi = inject(AuthApi);
  private readonly doctorsApi = inject(DoctorsApi);
  private readonly clinic = inject(Clinic);
  protected readonly user = this.session.user;
  protected readonly describeError = describeError;
  protected readonly lookAhead = LOOK_AHEAD_DAYS;
  protected readonly links = [
    { path: '/doctor/profile', icon: 'badge', label: 'Profile', hint: 'Photo, specialty, languages, bio' },
    { path: '/doctor/hours', icon: 'schedule', label: 'Weekly hours', hint: 'When patients can book you' },
    { path: '/doctor/time-off', icon: 'event_busy', label: 'Time off', hint: 'Holidays and other absences' },
  ];

  // The stored user may predate an admin's decision; ask the server for the current status.
  protected readonly account = rxResource({ stream: () => this.authApi.getMe() });
  protected readonly status = computed(() =>
    this.account.hasValue() ? this.account.value().status : this.user()?.status,
  );
  protected readonly specialty = computed(() => (this.account.hasValue() ? this.account.value().specialty : null));

  protected readonly availability = rxResource({ stream: () => this.doctorsApi.getMyAvailability() });
  protected readonly weeklyHours = computed(() =>
    this.availability.hasValue() ? weeklyMinutes(groupWeekly(this.availability.value().weekly)) : 0,
  );
  protected readonly weeklyHoursText = computed(() => formatDuration(this.weeklyHours()));

  /** Only asked once there are hours (and the clinic's today is known). */
  protected readonly slots = rxResource({
    params: () => {
      if (this.weeklyHours() === 0 || this.clinic.info.isLoading()) return undefined;
      const from = todayIn(this.clinic.timezone());
      return { from, to: addDays(from, LOOK_AHEAD_DAYS) };
    },
    stream: ({ params }) => this.doctorsApi.getMySlots(params),
  });
  protected readonly nextSlot = computed(() => {
    const first = this.slots.value()?.[0];
    return first ? formatDateTime(first.startsAt, this.clinic.timezone()) : null;
  });

  constructor() {
    effect(() => {
      if (this.account.hasValue()) {
        const account = this.account.value();
        untracked(() => this.session.updateUser(account));
      }
    });
  }
}
