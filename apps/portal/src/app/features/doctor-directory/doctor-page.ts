import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, linkedSignal, signal, untracked } from '@angular/core';
import { rxResource, takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Title } from '@angular/platform-browser';
import { Router, RouterLink, UrlTree } from '@angular/router';
import { DoctorsApi, type Appointment } from '@carebook/api-client';
import { debounceTime, switchMap } from 'rxjs';
import type { DoctorProfile, Slot } from '../../core/api-types';
import { describeError } from '../../core/api-error';
import { Clinic } from '../../core/clinic';
import { Realtime } from '../../core/realtime';
import { Session } from '../../core/session';
import { type BookingDraft, openBookingDialog } from '../appointments/booking-dialog';
import { addDays, formatLocalDate, formatTime, localDate, todayIn } from '../../shared/clinic-time';
import { matchesMedia } from '../../shared/media';
import { DoctorAvatar } from '../../shared/doctor-avatar';
import { CONSULTATION_ICONS, CONSULTATION_LABELS, experienceText } from '../../shared/doctor-card';
import { SlotPicker } from '../../shared/slot-picker';
import { LoadError } from '../../shared/load-error';

const DAYS_SHOWN = 7;

/** A 404 from the API, also when a resource wrapped it. */
export function isNotFound(error: unknown): boolean {
  const cause = error instanceof Error && error.cause instanceof HttpErrorResponse ? error.cause : error;
  return cause instanceof HttpErrorResponse && cause.status === 404;
}

/** "Tuesday 25 November" and "09:00–09:30" for a slot, in the clinic's timezone. */
export function slotParts(slot: Slot, timeZone: string): { day: string; times: string } {
  return {
    day: formatLocalDate(localDate(slot.startsAt, timeZone), { weekday: 'long', day: 'numeric', month: 'long' }),
    times: `${formatTime(slot.startsAt, timeZone)}–${formatTime(slot.endsAt, timeZone)}`,
  };
}

/** "Tuesday 25 November, 09:00–09:30 with Dr Amara Okafor", in the clinic's timezone. */
export function slotSummary(slot: Slot, doctorName: string, timeZone: string): string {
  const { day, times } = slotParts(slot, timeZone);
  return `${day}, ${times} with ${doctorName}`;
}

/** The snackbar after booking: requested (the doctor confirms) or confirmed at once. */
export function bookedMessage(appointment: Appointment, timeZone: string): string {
  const { day, times } = slotParts(appointment, timeZone);
  return appointment.status === 'confirmed'
    ? `Appointment confirmed: ${day}, ${times}.`
    : `Appointment requested. ${appointment.doctor.fullName} will confirm it soon.`;
}

/** A doctor's public profile and their free times; patients book one here, visitors are asked to sign in first. */
@Component({
  selector: 'cb-doctor-page',
  imports: [DoctorAvatar, LoadError, MatButtonModule, MatCardModule, MatIconModule, MatProgressBarModule, RouterLink, SlotPicker],
  templateUrl: './doctor-page.html',
  styleUrl: './doctor-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DoctorPage {
  private readonly doctorsApi = inject(DoctorsApi);
  private readonly clinic = inject(Clinic);
  private readonly router = inject(Router);
  private readonly title = inject(Title);
  private readonly session = inject(Session);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly isPhone = matchesMedia('(max-width: 599px)');

  /** Bound from the route. */
  readonly id = input.required<string>();
  /** Optional `?date=YYYY-MM-DD` (from a search for a day): the picker opens on that day. */
  readonly date = input<string>();
  /** Optional `?slot=<instant>`: the time a visitor picked before signing in, booked now that they are back. */
  readonly slot = input<string>();

  protected readonly describeError = describeError;
  protected readonly isNotFound = isNotFound;
  protected readonly consultationLabels = CONSULTATION_LABELS;
  protected readonly consultationIcons = CONSULTATION_ICONS;
  protected readonly days = DAYS_SHOWN;

  /** Back to the search this page was opened from, filters and all; else to a fresh search. */
  protected readonly backLink: UrlTree | string;
  protected readonly backLabel: string;

  protected readonly doctor = rxResource({
    params: () => ({ id: this.id() }),
    stream: ({ params }) => this.doctorsApi.getDoctor(params),
  });
  protected readonly profile = computed<DoctorProfile | undefined>(() => (this.doctor.hasValue() ? this.doctor.value() : undefined));
  protected readonly experience = computed(() => experienceText(this.profile()?.experienceYears ?? null));

  protected readonly timezone = computed(() => this.clinic.timezone());
  /** Clinic times are only trusted once the clinic has said which zone it is in. */
  private readonly clinicReady = computed(() => !this.clinic.info.isLoading());
  /** The first day the picker shows: today at the clinic (or the day asked for) until the patient moves on. */
  protected readonly from = linkedSignal(() => {
    const today = todayIn(this.timezone());
    const asked = this.date() ?? '';
    const horizon = this.clinic.info.hasValue() ? this.clinic.info.value().bookingHorizonDays : 0;
    return /^\d{4}-\d{2}-\d{2}$/.test(asked) && asked > today && asked <= addDays(today, horizon) ? asked : today;
  });

  protected readonly slots = rxResource({
    params: () =>
      this.clinicReady() && this.profile()
        ? { id: this.id(), from: this.from(), to: addDays(this.from(), DAYS_SHOWN - 1) }
        : undefined,
    stream: ({ params }) => this.doctorsApi.getDoctorSlots(params),
  });
  protected readonly slotList = computed<Slot[]>(() => (this.slots.hasValue() ? this.slots.value() : []));
  protected readonly slotsLoading = computed(() => !this.clinicReady() || this.slots.isLoading() || (!this.slots.hasValue() && !this.slots.error()));

  protected readonly selectedSlot = signal<Slot | undefined>(undefined);
  /** Who is looking: null for a visitor. Only patients (and visitors, after signing in) book. */
  protected readonly role = this.session.role;
  /** Why the picked time went away (taken by someone else), shown until another is picked. */
  protected readonly lostSlot = signal<string | null>(null);
  private readonly bookingOpen = signal(false);
  /** What the patient typed before their time was taken, for the next try. */
  private draft: BookingDraft | undefined;
  private returnedSlotHandled = false;
  protected readonly summary = computed(() => {
    const slot = this.selectedSlot();
    return slot ? slotParts(slot, this.timezone()) : undefined;
  });

  constructor() {
    const navigation = this.router.currentNavigation() ?? this.router.lastSuccessfulNavigation();
    const previous = navigation?.previousNavigation?.finalUrl;
    const segments = previous?.root.children['primary']?.segments ?? [];
    const fromSearch = segments.length === 1 && segments[0].path === 'doctors';
    this.backLink = fromSearch && previous ? previous : '/doctors';
    this.backLabel = fromSearch ? 'Back to results' : 'Find a doctor';

    // The tab shows whose page this is.
    effect(() => {
      const doctor = this.profile();
      if (doctor) this.title.setTitle(`${doctor.fullName} · Carebook`);
    });
    // Another doctor (same component, new id) starts afresh.
    effect(() => {
      this.id();
      this.selectedSlot.set(undefined);
      this.lostSlot.set(null);
    });
    // Someone booked or freed one of this doctor's times: show the free times as they are now.
    const realtime = inject(Realtime);
    toObservable(this.id)
      .pipe(
        switchMap((id) => realtime.slotChanges(id).pipe(debounceTime(250))),
        takeUntilDestroyed(),
      )
      .subscribe(() => this.slots.reload());
    // The picked time vanished from a fresh list of this range: someone else took it.
    effect(() => {
      const free = this.slotList();
      const chosen = untracked(this.selectedSlot);
      if (!chosen || !this.slots.hasValue() || this.slots.isLoading() || untracked(this.bookingOpen)) return;
      const date = localDate(chosen.startsAt, this.timezone());
      const shown = date >= untracked(this.from) && date <= addDays(untracked(this.from), DAYS_SHOWN - 1);
      if (shown && !free.some((slot) => slot.startsAt === chosen.startsAt)) {
        this.selectedSlot.set(undefined);
        this.lostSlot.set('The time you picked has just been booked by someone else. Please choose another.');
      }
    });
    // Back from signing in with a time picked: book it, if it is still free.
    effect(() => {
      const wanted = this.slot();
      if (!wanted || this.returnedSlotHandled || this.role() !== 'patient' || !this.slots.hasValue() || this.slots.isLoading()) return;
      this.returnedSlotHandled = true;
      untracked(() => {
        const match = this.slotList().find((slot) => Date.parse(slot.startsAt) === Date.parse(wanted));
        // Without it, reloading the page or coming Back would open the form again.
        void this.router.navigate([], { queryParams: { slot: null }, queryParamsHandling: 'merge', replaceUrl: true });
        if (match) {
          this.select(match);
        } else {
          this.lostSlot.set('The time you picked is no longer free. Please choose another.');
        }
      });
    });
  }

  protected changeRange(range: { from: string; to: string }): void {
    this.from.set(range.from);
  }

  protected select(slot: Slot): void {
    this.selectedSlot.set(slot);
    this.lostSlot.set(null);
    const role = this.role();
    if (role === null) {
      this.signInToBook(slot);
    } else if (role === 'patient') {
      this.book(slot);
    }
  }

  /** Opens the booking form for the picked time. */
  protected book(slot: Slot): void {
    const doctor = this.profile();
    if (!doctor || this.bookingOpen()) return;
    this.bookingOpen.set(true);
    const timezone = this.timezone();
    openBookingDialog(this.dialog, { doctor, slot, timezone, draft: this.draft, onSlotTaken: () => this.slots.reload() }, this.isPhone()).subscribe(
      (result) => {
        this.bookingOpen.set(false);
        if (!result) return;
        if ('booked' in result) {
          this.draft = undefined;
          void this.router.navigate(['/appointments', result.booked.id]).then(() =>
            this.snackBar.open(bookedMessage(result.booked, timezone), 'OK', { duration: 6000 }),
          );
          return;
        }
        this.draft = result.pickAnother;
        this.selectedSlot.set(undefined);
        this.lostSlot.set('That time was just taken. Pick another one; what you typed is kept.');
      },
    );
  }

  /** Visitors sign in (or register) first and come back here with the time still picked. */
  protected signInToBook(slot: Slot): void {
    const doctor = this.profile();
    const date = localDate(slot.startsAt, this.timezone());
    const returnUrl = this.router.serializeUrl(this.router.createUrlTree(['/doctors', this.id()], { queryParams: { date, slot: slot.startsAt } }));
    if (doctor) this.session.notice.set(`Sign in to book ${slotSummary(slot, doctor.fullName, this.timezone())}.`);
    void this.router.navigate(['/sign-in'], { queryParams: { returnUrl } });
  }
}
