import { LiveAnnouncer } from '@angular/cdk/a11y';
import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { AppointmentsApi, type Appointment } from '@carebook/api-client';
import { debounceTime, interval } from 'rxjs';
import { describeError } from '../../core/api-error';
import { Clinic } from '../../core/clinic';
import { PendingRequests } from '../../core/pending-requests';
import { Realtime } from '../../core/realtime';
import { askReason } from '../../shared/appointments/appointment-reason-dialog';
import { formatUntil, formatWaited, patientSummary } from '../../shared/appointments/appointment-text';
import { formatDay, formatTime } from '../../shared/clinic-time';
import { ResourceStatus } from '../../shared/resource-status';
import { ChoiceToggle, type Choice } from '../../shared/choice-toggle';
import { Session } from '../../core/session';

/** The most requests shown at once; a doctor with more answers these first. */
export const QUEUE_LIMIT = 200;
/** Waiting longer than this is flagged: the clinic lets unanswered requests lapse after a day or two. */
export const LONG_WAIT_MS = 24 * 3_600_000;

/**
 * Soonest appointment first (the default): a request lapses at its start at the latest and the patient
 * needs the answer before they travel, so tomorrow's request matters more than next month's, however
 * old. Longest waiting first is there for working through the queue in the order patients asked.
 */
export type QueueSort = 'soonest' | 'waiting';

export function sortQueue(requests: readonly Appointment[], sort: QueueSort): Appointment[] {
  const key = (a: Appointment) => Date.parse(sort === 'soonest' ? a.startsAt : a.createdAt);
  return [...requests].sort((a, b) => key(a) - key(b) || a.id.localeCompare(b.id));
}

interface RequestRow {
  appointment: Appointment;
  day: string;
  time: string;
  until: string;
  patient: string;
  waited: string;
  longWait: boolean;
  fresh: boolean;
}

/** The doctor's booking requests waiting for an answer: approve in one click, decline with a reason. */
@Component({
  selector: 'cb-requests-page',
  imports: [MatButtonModule, ChoiceToggle, MatCardModule, MatIconModule, ResourceStatus, RouterLink],
  templateUrl: './requests-page.html',
  styleUrl: './requests-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RequestsPage {
  private readonly api = inject(AppointmentsApi);
  private readonly clinic = inject(Clinic);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly announcer = inject(LiveAnnouncer);
  private readonly pendingRequests = inject(PendingRequests);
  private readonly session = inject(Session);
  /** Not yet approved: no patient can book yet. */
  protected readonly underReview = computed(() => this.session.user()?.status === 'pending');

  /** Bound from the query parameters. */
  readonly sort = input<string>();
  protected readonly order = computed<QueueSort>(() => (this.sort() === 'waiting' ? 'waiting' : 'soonest'));
  protected readonly sorts: Choice<QueueSort>[] = [
    { value: 'soonest', label: 'Soonest appointment' },
    { value: 'waiting', label: 'Longest waiting' },
  ];

  protected readonly timezone = computed(() => this.clinic.timezone());
  /** Ticks so "waiting 5 min" stays true while the page is open. */
  protected readonly now = signal(Date.now());
  /** The request being approved or declined (its buttons wait). */
  protected readonly busy = signal<string | null>(null);
  /** Requests that arrived while the page was open, marked until the doctor answers or leaves. */
  private readonly arrived = signal<ReadonlySet<string>>(new Set());
  private seen: ReadonlySet<string> | null = null;

  protected readonly requests = rxResource({
    stream: () => this.api.listAppointments({ status: ['pending'], order: 'asc', pageSize: QUEUE_LIMIT }),
  });
  protected readonly total = computed(() => (this.requests.hasValue() ? this.requests.value().total : 0));
  protected readonly rows = computed<RequestRow[]>(() => {
    const zone = this.timezone();
    const now = this.now();
    const arrived = this.arrived();
    const items = this.requests.hasValue() ? this.requests.value().items : [];
    return sortQueue(items, this.order()).map((appointment) => {
      const waited = now - Date.parse(appointment.createdAt);
      return {
        appointment,
        day: formatDay(appointment.startsAt, zone),
        time: `${formatTime(appointment.startsAt, zone)}–${formatTime(appointment.endsAt, zone)}`,
        until: formatUntil(Date.parse(appointment.startsAt) - now),
        patient: patientSummary(appointment.patientDetails),
        waited: formatWaited(Math.max(0, waited)),
        longWait: waited >= LONG_WAIT_MS,
        fresh: arrived.has(appointment.id),
      };
    });
  });

  constructor() {
    interval(30_000)
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.now.set(Date.now()));
    // A request arriving, withdrawn, answered on another device or expiring: show it without a reload.
    inject(Realtime)
      .appointmentUpdates()
      .pipe(debounceTime(300), takeUntilDestroyed())
      .subscribe(() => this.requests.reload());
    // Mark and announce requests that arrive while the page is open (not the ones it opened with).
    effect(() => {
      if (!this.requests.hasValue()) return;
      const items = this.requests.value().items;
      untracked(() => this.noteArrivals(items));
    });
  }

  protected sortBy(sort: QueueSort): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { sort: sort === 'soonest' ? null : sort },
      queryParamsHandling: 'merge',
      replaceUrl: true,
    });
  }

  protected approve(row: RequestRow): void {
    const { appointment } = row;
    if (this.busy()) return;
    this.busy.set(appointment.id);
    this.api.approveAppointment({ id: appointment.id }).subscribe({
      next: (confirmed) => {
        this.busy.set(null);
        this.remove(appointment.id);
        this.snackBar
          .open(`Confirmed ${confirmed.patient.fullName}, ${row.day} ${formatTime(confirmed.startsAt, this.timezone())}`, 'View', {
            duration: 6000,
          })
          .onAction()
          .subscribe(() => void this.router.navigate(['/appointments', confirmed.id]));
      },
      error: (error: unknown) => this.failed(error),
    });
  }

  protected decline(row: RequestRow): void {
    if (this.busy()) return;
    askReason(this.dialog, { action: 'decline', appointment: row.appointment, timezone: this.timezone() }).subscribe((result) => {
      if (!result) return;
      if ('stale' in result) {
        this.staleNotice(result.stale);
        return;
      }
      this.remove(row.appointment.id);
      this.snackBar.open(`Declined ${result.done.patient.fullName}’s request`, 'Close', { duration: 5000 });
    });
  }

  private noteArrivals(items: readonly Appointment[]): void {
    const seen = this.seen;
    if (seen) {
      const fresh = items.filter((a) => !seen.has(a.id));
      if (fresh.length > 0) {
        this.arrived.update((set) => new Set([...set, ...fresh.map((a) => a.id)]));
        void this.announcer.announce(
          fresh.length === 1 ? `New request from ${fresh[0].patient.fullName}` : `${fresh.length} new requests`,
        );
      }
    }
    this.seen = new Set(items.map((a) => a.id));
  }

  private remove(id: string): void {
    this.requests.update((page) => (page ? { items: page.items.filter((a) => a.id !== id), total: page.total - 1 } : page));
    this.pendingRequests.reload();
  }

  private failed(error: unknown): void {
    this.busy.set(null);
    if (error instanceof HttpErrorResponse && (error.status === 409 || error.status === 404)) {
      this.staleNotice(describeError(error));
      return;
    }
    this.snackBar.open(describeError(error), 'Close', { duration: 8000 });
  }

  /** Someone else (another device, an admin, the patient, the expiry job) got there first. */
  private staleNotice(message: string): void {
    const why = message.replace(/\.$/, '');
    this.snackBar.open(`Already handled elsewhere: ${why.charAt(0).toLowerCase()}${why.slice(1)}. The list has been refreshed.`, 'Close', {
      duration: 8000,
    });
    this.requests.reload();
    this.pendingRequests.reload();
  }
}
