import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDatepickerInputEvent, MatDatepickerModule } from '@angular/material/datepicker';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { AppointmentsApi, DoctorsApi, type Appointment } from '@carebook/api-client';
import type { AppointmentStatus } from '@carebook/shared';
import { debounceTime, interval } from 'rxjs';
import { Clinic } from '../../core/clinic';
import { Realtime } from '../../core/realtime';
import { APPOINTMENT_STATUS_LABELS, StatusChip } from '../../shared/status-chip';
import { formatLocalDate, formatTime, todayIn } from '../../shared/clinic-time';
import { matchesMedia } from '../../shared/media';
import { DateTime } from 'luxon';
import { dateFromIso, isoFromDate, provideClinicDateAdapter } from '../../shared/clinic-date-adapter';
import {
  CALENDAR_PAGE_STATUSES,
  CalendarView,
  PlacedItem,
  calendarRange,
  dateOrToday,
  gridHours,
  placeItems,
  rangeTitle,
  shiftDate,
  wallMinutes,
} from './calendar-range';
import { LoadError } from '../../shared/load-error';
import { ChoiceToggle, type Choice } from '../../shared/choice-toggle';

/** Pixels per hour of the time grid. */
const HOUR_PX = 56;
/** Short appointments still get room for their time and name. */
const MIN_ITEM_PX = 22;

interface GridItem {
  appointment: Appointment;
  top: number;
  height: number;
  left: number;
  width: number;
  time: string;
  start: string;
  done: boolean;
  /** A request waiting for the doctor's answer, not yet an appointment. */
  pending: boolean;
  label: string;
}

interface DayColumn {
  date: string;
  weekday: string;
  dayNumber: string;
  today: boolean;
  items: GridItem[];
}

interface AgendaItem {
  appointment: Appointment;
  time: string;
  done: boolean;
  pending: boolean;
  status: AppointmentStatus | null;
}

/** Neither confirmed nor waiting: how a past appointment ended. */
const isDone = (status: AppointmentStatus) => status !== 'confirmed' && status !== 'pending';

/** What a screen reader says of an item: its time, patient, kind and reason. */
function itemLabel(item: Appointment, zone: string): string {
  let kind = '';
  if (item.status === 'pending') kind = ', request waiting for your answer';
  else if (item.status !== 'confirmed') kind = `, ${APPOINTMENT_STATUS_LABELS[item.status]}`;
  return `${formatTime(item.startsAt, zone)} ${item.patient.fullName}${kind}: ${item.reason}`;
}

/** A time with no-break spaces ("9:00\u00a0AM"), so a line breaks around it rather than inside it. */
function unbroken(time: string): string {
  return time.replace(/\s/g, '\u00a0');
}

/** The doctor's booked appointments by day or week on a time grid in the clinic's timezone; an agenda on phones. */
@Component({
  selector: 'cb-calendar-page',
  imports: [
    LoadError,
    MatButtonModule,
    ChoiceToggle,
    MatDatepickerModule,
    MatIconModule,
    MatProgressBarModule,
    MatTooltipModule,
    RouterLink,
    StatusChip,
  ],
  providers: [provideClinicDateAdapter()],
  templateUrl: './calendar-page.html',
  styleUrl: './calendar-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CalendarPage {
  private readonly api = inject(AppointmentsApi);
  private readonly doctorsApi = inject(DoctorsApi);
  private readonly clinic = inject(Clinic);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  /** Bound from the query parameters. */
  readonly view = input<string>();
  readonly date = input<string>();

  protected readonly hourPx = HOUR_PX;
  protected readonly isPhone = matchesMedia('(max-width: 599px)');
  protected readonly timezone = computed(() => this.clinic.timezone());
  /** Moves the "now" line and today's highlight along. */
  protected readonly now = signal(Date.now());
  protected readonly today = computed(() => todayIn(this.timezone(), this.now()));

  protected readonly mode = computed<CalendarView>(() => (this.view() === 'day' ? 'day' : 'week'));
  protected readonly views: Choice<CalendarView>[] = [
    { value: 'day', label: 'Day' },
    { value: 'week', label: 'Week' },
  ];
  /** The arrows back and on by a week or a day, as the view shows. */
  protected readonly steps = computed(() => {
    const unit = this.mode() === 'week' ? 'week' : 'day';
    return [
      { by: -1, label: `Previous ${unit}`, icon: 'chevron_left', testId: 'calendar-prev' },
      { by: 1, label: `Next ${unit}`, icon: 'chevron_right', testId: 'calendar-next' },
    ];
  });
  protected readonly anchor = computed(() => dateOrToday(this.date(), this.today()));
  protected readonly range = computed(() => calendarRange(this.mode(), this.anchor(), this.timezone()));
  protected readonly title = computed(() => rangeTitle(this.range(), this.isPhone()));
  protected readonly pickerDate = computed(() => dateFromIso(this.anchor(), this.timezone()));
  /** The week view becomes a list on phones, where seven columns don't fit. */
  protected readonly agenda = computed(() => this.mode() === 'week' && this.isPhone());

  protected readonly appointments = rxResource({
    params: () =>
      this.clinic.info.isLoading()
        ? undefined
        : { from: this.range().startsAt, to: this.range().endsAt },
    stream: ({ params }) =>
      this.api.listAppointments({ ...params, status: CALENDAR_PAGE_STATUSES, order: 'asc', pageSize: 500 }),
  });
  private readonly items = computed(() => (this.appointments.hasValue() ? this.appointments.value().items : []));
  protected readonly count = computed(() => this.items().length);
  protected readonly requestCount = computed(() => this.items().filter((a) => a.status === 'pending').length);

  /** The doctor's usual hours set the grid's default span. */
  private readonly availability = rxResource({ stream: () => this.doctorsApi.getMyAvailability() });
  private readonly usualHours = computed(() => {
    const weekly = this.availability.hasValue() ? this.availability.value().weekly : [];
    if (weekly.length === 0) return undefined;
    const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
    return {
      start: Math.min(...weekly.map((w) => minutes(w.start))),
      end: Math.max(...weekly.map((w) => minutes(w.end))),
    };
  });

  private readonly placed = computed(() => placeItems(this.items(), this.range().days, this.timezone()));
  protected readonly hours = computed(() => {
    const all: PlacedItem<Appointment>[] = [...this.placed().values()].flat();
    const { startHour, endHour } = gridHours(all, this.usualHours());
    return Array.from({ length: endHour - startHour }, (_, i) => startHour + i);
  });
  protected readonly gridHeight = computed(() => this.hours().length * HOUR_PX);

  protected readonly columns = computed<DayColumn[]>(() => {
    const zone = this.timezone();
    const first = this.hours()[0] ?? 0;
    return this.range().days.map((date) => ({
      date,
      weekday: formatLocalDate(date, { weekday: 'short' }),
      dayNumber: formatLocalDate(date, { day: 'numeric' }),
      today: date === this.today(),
      items: (this.placed().get(date) ?? []).map((p) => {
        return {
          appointment: p.item,
          top: ((p.start - first * 60) / 60) * HOUR_PX,
          height: Math.max(MIN_ITEM_PX, ((p.end - p.start) / 60) * HOUR_PX - 2),
          left: (p.lane / p.lanes) * 100,
          width: 100 / p.lanes,
          time: `${formatTime(p.item.startsAt, zone)}–${formatTime(p.item.endsAt, zone)}`,
          start: formatTime(p.item.startsAt, zone),
          done: isDone(p.item.status),
          pending: p.item.status === 'pending',
          label: itemLabel(p.item, zone),
        };
      }),
    }));
  });

  /** Where the "now" line crosses today's column, if today is shown and now is within the grid's hours. */
  protected readonly nowTop = computed(() => {
    if (!this.range().days.includes(this.today())) return null;
    const minutes = wallMinutes(new Date(this.now()).toISOString(), this.timezone());
    const top = ((minutes - (this.hours()[0] ?? 0) * 60) / 60) * HOUR_PX;
    return top >= 0 && top <= this.gridHeight() ? top : null;
  });

  protected readonly agendaDays = computed(() => {
    const zone = this.timezone();
    return this.range().days.map((date) => ({
      date,
      title: formatLocalDate(date, { weekday: 'long', day: 'numeric', month: 'long' }),
      today: date === this.today(),
      items: (this.placed().get(date) ?? []).map<AgendaItem>((p) => ({
        appointment: p.item,
        // "9:00 AM–9:30 AM" wraps after the dash on a phone, never inside a time.
        time: `${unbroken(formatTime(p.item.startsAt, zone))}–${unbroken(formatTime(p.item.endsAt, zone))}`,
        done: isDone(p.item.status),
        pending: p.item.status === 'pending',
        status: p.item.status === 'confirmed' ? null : p.item.status,
      })),
    }));
  });

  protected hourLabel(hour: number): string {
    // An hour of the grid on the clinic's clock (the instant is only a carrier for the hour, read in UTC).
    return formatTime(Date.UTC(2026, 0, 1, hour), 'UTC');
  }

  constructor() {
    interval(60_000)
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.now.set(Date.now()));
    inject(Realtime)
      .appointmentUpdates()
      .pipe(debounceTime(300), takeUntilDestroyed())
      .subscribe(() => this.appointments.reload());
  }

  protected go(steps: number): void {
    this.show({ date: shiftDate(this.mode(), this.anchor(), steps) });
  }

  protected goToday(): void {
    this.show({ date: null });
  }

  protected pick(event: MatDatepickerInputEvent<DateTime>): void {
    const date = isoFromDate(event.value);
    if (date) this.show({ date: date === this.today() ? null : date });
  }

  protected setView(view: CalendarView): void {
    this.show({ view: view === 'week' ? null : view });
  }

  /** A day heading in the week view opens that day. */
  protected openDay(date: string): void {
    this.show({ view: 'day', date: date === this.today() ? null : date });
  }

  private show(queryParams: { view?: string | null; date?: string | null }): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams, queryParamsHandling: 'merge' });
  }
}
