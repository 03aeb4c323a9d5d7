import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router } from '@angular/router';
import { AdminApi } from '@carebook/api-client';
import { filter, switchMap } from 'rxjs';
import { describeError } from '../../../core/api-error';
import type { Holiday } from '../../../core/api-types';
import { Clinic } from '../../../core/clinic';
import { formatLocalDate, todayIn } from '../../../shared/clinic-time';
import { confirmAction } from '../../../shared/confirm-dialog';
import { matchesMedia } from '../../../shared/media';
import { HolidayDialog, HolidayDialogData } from './holiday-dialog';
import { HolidayRow, formatHolidayDate, holidaysInYear } from './holiday-model';
import { ResourceStatus } from '../../../shared/resource-status';
import { ChoiceToggle, type Choice } from '../../../shared/choice-toggle';

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

/** Dates the clinic is closed, one year at a time (the year is in the URL). */
@Component({
  selector: 'cb-holidays',
  imports: [
    ResourceStatus,
    MatButtonModule,
    ChoiceToggle,
    MatCardModule,
    MatIconModule,
    MatTableModule,
  ],
  templateUrl: './holidays.html',
  styleUrl: './holidays.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Holidays {
  private readonly adminApi = inject(AdminApi);
  private readonly clinic = inject(Clinic);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  /** Bound from the query parameters. */
  readonly year = input<string>();

  protected readonly today = computed(() => todayIn(this.clinic.timezone()));
  protected readonly thisYear = computed(() => Number(this.today().slice(0, 4)));
  protected readonly selectedYear = computed(() => {
    const year = Number(this.year());
    return Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR ? year : this.thisYear();
  });
  protected readonly years = computed(() =>
    [...new Set([this.thisYear(), this.thisYear() + 1, this.selectedYear()])].sort((a, b) => a - b),
  );
  protected readonly yearChoices = computed<Choice<number>[]>(() =>
    this.years().map((year) => ({ value: year, label: String(year), testId: `year-${year}` })),
  );

  protected readonly holidays = rxResource({
    params: () => ({ year: this.selectedYear() }),
    stream: ({ params }) => this.adminApi.listHolidays(params),
  });
  protected readonly rows = computed<HolidayRow[]>(() =>
    this.holidays.hasValue() ? holidaysInYear(this.holidays.value(), this.selectedYear()) : [],
  );

  protected readonly columns = ['date', 'name', 'repeats', 'actions'];
  protected readonly isDesktop = matchesMedia('(min-width: 720px)');

  protected dateLabel(row: HolidayRow): string {
    return row.date ? formatHolidayDate(row.date) : `29 Feb — not in ${this.selectedYear()}`;
  }

  /** Already behind us this year (shown muted). */
  protected isPast(row: HolidayRow): boolean {
    return row.date !== null && row.date < this.today();
  }

  protected selectYear(year: number): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { year: year === this.thisYear() ? null : year },
      queryParamsHandling: 'merge',
    });
  }

  protected add(): void {
    const year = this.selectedYear();
    const data: HolidayDialogData = { startAt: year === this.thisYear() ? this.today() : `${year}-01-01` };
    this.dialog
      .open<HolidayDialog, HolidayDialogData, Holiday>(HolidayDialog, { data, width: '440px', maxWidth: '95vw' })
      .afterClosed()
      // Cancel and Escape close without a holiday.
      .pipe(filter((holiday): holiday is Holiday => typeof holiday === 'object' && holiday !== null))
      .subscribe((holiday) => {
        const holidayYear = Number(holiday.date.slice(0, 4));
        const elsewhere = !holiday.recurring && holidayYear !== year;
        this.snackBar.open(`${holiday.name} added${elsewhere ? ` to ${holidayYear}` : ''}`, 'Close', { duration: 4000 });
        if (elsewhere) {
          this.selectYear(holidayYear);
        } else {
          this.holidays.reload();
        }
      });
  }

  protected remove(row: HolidayRow): void {
    const { holiday } = row;
    const when = holiday.recurring
      ? `every year on ${formatLocalDate(holiday.date, { day: 'numeric', month: 'long' })}`
      : `on ${formatHolidayDate(holiday.date)}`;
    confirmAction(this.dialog, {
      title: `Remove ${holiday.name}?`,
      message: `The clinic will no longer be closed ${when}; patients can book appointments then again.`,
      confirm: 'Remove',
      destructive: true,
    })
      .pipe(
        filter(Boolean),
        switchMap(() => this.adminApi.deleteHoliday({ id: holiday.id })),
      )
      .subscribe({
        next: () => {
          this.holidays.reload();
          this.snackBar
            .open(`${holiday.name} removed`, 'Undo', { duration: 6000 })
            .onAction()
            .pipe(
              switchMap(() =>
                this.adminApi.createHoliday({
                  body: { date: holiday.date, name: holiday.name, recurring: holiday.recurring },
                }),
              ),
            )
            .subscribe({
              next: () => this.holidays.reload(),
              error: (error: unknown) => this.snackBar.open(describeError(error), 'Close', { duration: 6000 }),
            });
        },
        error: (error: unknown) => {
          this.snackBar.open(describeError(error), 'Close', { duration: 6000 });
          this.holidays.reload();
        },
      });
  }
}
