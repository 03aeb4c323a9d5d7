import { DOCUMENT } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked, viewChild } from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Title } from '@angular/platform-browser';
import { Router, RouterLink, UrlTree } from '@angular/router';
import { AppointmentsApi, ConversationsApi, type Appointment, type AppointmentDetail, type StrictHttpResponse } from '@carebook/api-client';
import type { AppointmentAction, AppointmentStatus } from '@carebook/shared';
import { Observable, debounceTime, filter, finalize, fromEvent, merge } from 'rxjs';
import { describeError } from '../../core/api-error';
import { Clinic } from '../../core/clinic';
import { Realtime } from '../../core/realtime';
import { Session } from '../../core/session';
import { type ReasonAction, askReason } from '../../shared/appointments/appointment-reason-dialog';
import { StatusChip } from '../../shared/status-chip';
import { ACTION_BUTTONS, ACTION_ORDER, type Viewer, dayWords, statusSentence, timeRange } from '../../shared/appointments/appointment-status-text';
import { confirmAction } from '../../shared/confirm-dialog';
import { DoctorAvatar } from '../../shared/doctor-avatar';
import { matchesMedia } from '../../shared/media';
import { GENDER_LABELS } from './booking-dialog';
import { AppointmentFiles } from './appointment-files';
import { AppointmentTimeline } from './appointment-timeline';
import { fileNameFrom, saveBlob } from './download';
import { openRescheduleDialog } from './reschedule-dialog';
import { VisitNotes } from './visit-notes';

const STATUS_ICONS: Record<AppointmentStatus, string> = {
  pending: 'hourglass_top',
  confirmed: 'event_available',
  declined: 'block',
  cancelled: 'event_busy',
  completed: 'task_alt',
  no_show: 'person_off',
};

/** Where "back" leads when the page was opened directly: each role's own list of appointments. */
const LISTS: Record<Viewer['role'], { link: string; label: string }> = {
  patient: { link: '/patient/appointments', label: 'My appointments' },
  doctor: { link: '/doctor/appointments', label: 'Appointments' },
  admin: { link: '/admin/appointments', label: 'Appointments' },
};

/** A 404 from the API, also when a resource wrapped it. */
function isNotFound(error: unknown): boolean {
  const cause = error instanceof Error && error.cause instanceof HttpErrorResponse ? error.cause : error;
  return cause instanceof HttpErrorResponse && cause.status === 404;
}

/**
 * One appointment for everyone concerned: its patient, its doctor and admins. What it is and what is
 * happening, the actions the server says this viewer may take now, the files, the documents to keep and
 * the status history. Changes made elsewhere (the doctor approving in another browser) show at once.
 */
@Component({
  selector: 'cb-appointment-page',
  imports: [AppointmentFiles, AppointmentTimeline, VisitNotes, DoctorAvatar, MatButtonModule, MatCardModule, MatIconModule, MatProgressBarModule, RouterLink, StatusChip],
  templateUrl: './appointment-page.html',
  styleUrl: './appointment-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AppointmentPage {
  private readonly api = inject(AppointmentsApi);
  private readonly conversations = inject(ConversationsApi);
  private readonly clinic = inject(Clinic);
  private readonly session = inject(Session);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly router = inject(Router);
  private readonly title = inject(Title);
  private readonly visitNotes = viewChild(VisitNotes);
  /** Whether the visit's doctor asked for a follow-up (the notes card offers it): "Book again" is for when not. */
  protected readonly followUp = computed(() => this.visitNotes()?.followUp() ?? 'unknown');
  private readonly isPhone = matchesMedia('(max-width: 599px)');

  /** Bound from the route. */
  readonly id = input.required<string>();

  protected readonly describeError = describeError;
  protected readonly isNotFound = isNotFound;
  protected readonly actionButtons = ACTION_BUTTONS;
  protected readonly statusIcons = STATUS_ICONS;

  protected readonly appointment = rxResource({
    params: () => ({ id: this.id() }),
    stream: ({ params }) => this.api.getAppointment(params),
  });
  protected readonly detail = computed<AppointmentDetail | undefined>(() => (this.appointment.hasValue() ? this.appointment.value() : undefined));

  protected readonly timezone = computed(() => this.clinic.timezone());
  protected readonly viewer = computed<Viewer | null>(() => {
    const user = this.session.user();
    return user ? { id: user.id, role: user.role } : null;
  });
  protected readonly role = computed(() => this.viewer()?.role ?? 'patient');

  /** The buttons, in a steady order, from what the server says this viewer may do now. */
  protected readonly actions = computed<AppointmentAction[]>(() => {
    const allowed = new Set(this.detail()?.actions ?? []);
    return ACTION_ORDER.filter((action) => allowed.has(action));
  });
  /** The action being carried out; every button waits for it. */
  protected readonly acting = signal<AppointmentAction | null>(null);
  /** A request this page made itself is on its way (dialogs that call the API show their own progress). */
  protected readonly calling = signal(false);
  protected readonly downloading = signal<'summary' | 'calendar' | null>(null);
  protected readonly openingChat = signal(false);

  protected readonly sentence = computed(() => {
    const detail = this.detail();
    return detail ? statusSentence(detail, this.viewer(), this.timezone()) : '';
  });
  protected readonly heading = computed(() => {
    const detail = this.detail();
    if (!detail) return '';
    switch (this.role()) {
      case 'doctor':
        return `Appointment with ${detail.patient.fullName}`;
      case 'admin':
        return `${detail.patient.fullName} with ${detail.doctor.fullName}`;
      default:
        return `Appointment with ${detail.doctor.fullName}`;
    }
  });
  protected readonly day = computed(() => {
    const detail = this.detail();
    return detail ? dayWords(detail.startsAt, this.timezone()) : '';
  });
  protected readonly times = computed(() => {
    const detail = this.detail();
    return detail ? timeRange(detail.startsAt, detail.endsAt, this.timezone()) : '';
  });
  protected readonly minutes = computed(() => {
    const detail = this.detail();
    return detail ? Math.round((Date.parse(detail.endsAt) - Date.parse(detail.startsAt)) / 60_000) : 0;
  });
  /** "38 years · Female", from what the patient booked with. */
  protected readonly patientFacts = computed(() => {
    const details = this.detail()?.patientDetails;
    if (!details) return '';
    const parts: string[] = [];
    if (details.age !== null) parts.push(details.age === 1 ? '1 year' : `${details.age} years`);
    if (details.gender && details.gender !== 'unspecified') parts.push(GENDER_LABELS[details.gender]);
    return parts.join(' · ');
  });

  /**
   * A patient whose appointment is going ahead but whom the server no longer lets cancel or move: the
   * cancellation window has begun. Said up front rather than discovered through a refusal.
   */
  protected readonly windowNote = computed(() => {
    const detail = this.detail();
    if (!detail || this.role() !== 'patient') return null;
    const goingAhead = detail.status === 'pending' || detail.status === 'confirmed';
    if (!goingAhead || Date.parse(detail.startsAt) <= Date.now() || detail.actions.includes('cancel')) return null;
    const hours = this.clinic.info.hasValue() ? this.clinic.info.value().cancellationWindowHours : null;
    const window = hours === null ? 'this close to the start' : `less than ${hours} ${hours === 1 ? 'hour' : 'hours'} before the start`;
    return `Appointments can’t be cancelled or moved online ${window}. Please call the clinic if you can’t come.`;
  });

  /** Only the patient and the doctor attach files, and only while the appointment goes ahead or is done. */
  protected readonly canUpload = computed(() => {
    const detail = this.detail();
    const role = this.viewer()?.role;
    return !!detail && role !== 'admin' && detail.status !== 'declined' && detail.status !== 'cancelled';
  });
  protected readonly uploadNote = computed(() => {
    const detail = this.detail();
    if (!detail) return null;
    if (this.viewer()?.role === 'admin') return 'Only the patient and the doctor can add files.';
    return `Files can no longer be added: this appointment was ${detail.status}.`;
  });

  private missedUpdate = false;

  /** Back to where the page was opened from, or to the viewer's own list. */
  protected readonly backLink: UrlTree | string;
  protected readonly backLabel: string;

  constructor() {
    const navigation = this.router.currentNavigation() ?? this.router.lastSuccessfulNavigation();
    const previous = navigation?.previousNavigation?.finalUrl;
    const list = LISTS[this.session.role() ?? 'patient'];
    this.backLink = previous ?? list.link;
    this.backLabel = previous ? 'Back' : list.label;

    effect(() => {
      if (!this.appointment.isLoading() && this.missedUpdate) {
        this.missedUpdate = false;
        untracked(() => this.appointment.reload());
      }
    });
    effect(() => {
      const heading = this.heading();
      if (heading) this.title.setTitle(`${heading} · Carebook`);
    });

    // Someone changed it elsewhere (the doctor approving, the clinic expiring it), or this tab comes back
    // to the front after a while and may have missed an update: fetch it again.
    const document = inject(DOCUMENT);
    merge(
      inject(Realtime)
        .appointmentUpdates()
        .pipe(filter((update) => update === null || update.id === this.id())),
      fromEvent(document, 'visibilitychange').pipe(filter(() => document.visibilityState === 'visible')),
    )
      .pipe(debounceTime(150), takeUntilDestroyed())
      .subscribe(() => this.reload());
  }

  /** Fetches the appointment again; an update that arrives during the first load is caught up after it. */
  protected reload(): void {
    if (!this.appointment.reload()) this.missedUpdate = true;
  }

  protected run(action: AppointmentAction): void {
    const detail = this.detail();
    if (!detail || this.acting()) return;
    switch (action) {
      case 'approve':
        this.call(action, this.api.approveAppointment({ id: detail.id }), 'Appointment confirmed.');
        return;
      case 'complete':
        this.confirmThen(action, detail, 'Mark as completed?', 'The appointment is recorded as having taken place.', 'Mark completed', false);
        return;
      case 'no_show':
        this.confirmThen(action, detail, 'Mark as a no-show?', `This records that ${detail.patient.fullName} did not attend.`, 'Mark no-show', true);
        return;
      case 'decline':
        this.askReason('decline', detail);
        return;
      case 'cancel':
        this.askReason(this.role() === 'patient' ? 'withdraw' : 'cancel', detail);
        return;
      case 'reschedule':
        this.acting.set(action);
        openRescheduleDialog(this.dialog, { appointment: detail, timezone: this.timezone(), role: this.role() }, this.isPhone()).subscribe((result) =>
          this.settled(result, result && 'done' in result ? this.movedMessage(result.done) : ''),
        );
        return;
    }
  }

  /** Opens (or creates) the conversation with the other participant of this appointment. */
  protected openChat(): void {
    const detail = this.detail();
    const role = this.role();
    if (!detail || role === 'admin' || this.openingChat()) return;
    this.openingChat.set(true);
    const participantId = role === 'patient' ? detail.doctorId : detail.patientId;
    this.conversations
      .openConversation({ body: { participantId } })
      .pipe(finalize(() => this.openingChat.set(false)))
      .subscribe({
        next: (conversation) => void this.router.navigate(['/messages', conversation.id]),
        error: (error: unknown) => this.snackBar.open(`The conversation could not be opened. ${describeError(error)}`, 'Close', { duration: 8000 }),
      });
  }

  protected download(kind: 'summary' | 'calendar'): void {
    const detail = this.detail();
    if (!detail || this.downloading()) return;
    this.downloading.set(kind);
    const date = detail.startsAt.slice(0, 10);
    const request: Observable<StrictHttpResponse<string>> =
      kind === 'summary' ? this.api.downloadAppointmentSummary$Response({ id: detail.id }) : this.api.downloadAppointmentCalendar$Response({ id: detail.id });
    const type = kind === 'summary' ? 'text/plain;charset=utf-8' : 'text/calendar;charset=utf-8';
    const fallback = `appointment-${date}.${kind === 'summary' ? 'txt' : 'ics'}`;
    request.subscribe({
      next: (response) => {
        this.downloading.set(null);
        saveBlob(new Blob([response.body], { type }), fileNameFrom(response.headers.get('Content-Disposition'), fallback));
      },
      error: (error: unknown) => {
        this.downloading.set(null);
        this.snackBar.open(`The file could not be downloaded. ${describeError(error)}`, 'Close', { duration: 8000 });
      },
    });
  }

  private askReason(action: ReasonAction, detail: AppointmentDetail): void {
    this.acting.set(action === 'withdraw' ? 'cancel' : action);
    askReason(this.dialog, { action, appointment: detail, timezone: this.timezone(), showDoctor: this.role() === 'admin' }).subscribe((result) =>
      this.settled(result, action === 'decline' ? 'Request declined.' : 'Appointment cancelled.'),
    );
  }

  private confirmThen(action: AppointmentAction, detail: AppointmentDetail, title: string, message: string, confirm: string, destructive: boolean): void {
    this.acting.set(action);
    confirmAction(this.dialog, { title, message, confirm, destructive, cancel: 'Not now' }).subscribe((confirmed) => {
      if (!confirmed) {
        this.acting.set(null);
        return;
      }
      const call = action === 'complete' ? this.api.completeAppointment({ id: detail.id }) : this.api.markAppointmentNoShow({ id: detail.id });
      this.acting.set(null);
      this.call(action, call, action === 'complete' ? 'Marked completed.' : 'Marked as a no-show.');
    });
  }

  /** An action without a dialog of its own: done, or refused in the server's words; either way the page catches up. */
  private call(action: AppointmentAction, request: Observable<Appointment>, done: string): void {
    this.acting.set(action);
    this.calling.set(true);
    request.pipe(finalize(() => this.calling.set(false))).subscribe({
      next: () => {
        this.acting.set(null);
        this.snackBar.open(done, 'OK', { duration: 4000 });
        this.appointment.reload();
      },
      error: (error: unknown) => {
        this.acting.set(null);
        this.snackBar.open(describeError(error), 'Close', { duration: 10000 });
        this.appointment.reload();
      },
    });
  }

  /** A dialog that made the call itself has closed: done, stale (changed elsewhere) or dismissed. */
  private settled(result: { done: Appointment } | { stale: string } | undefined, done: string): void {
    this.acting.set(null);
    if (!result) return;
    this.snackBar.open('done' in result ? done : result.stale, 'OK', { duration: 'done' in result ? 5000 : 10000 });
    this.appointment.reload();
  }

  private movedMessage(moved: Appointment): string {
    const when = `${dayWords(moved.startsAt, this.timezone())}, ${timeRange(moved.startsAt, moved.endsAt, this.timezone())}`;
    return moved.status === 'pending' ? `Moved to ${when}. ${moved.doctor.fullName} needs to confirm the new time.` : `Moved to ${when}.`;
  }
}
