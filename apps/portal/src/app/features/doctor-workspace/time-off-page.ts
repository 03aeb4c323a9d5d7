import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { DoctorsApi } from '@carebook/api-client';
import { filter, switchMap } from 'rxjs';
import { describeError } from '../../core/api-error';
import type { TimeOff } from '../../core/api-types';
import { Clinic } from '../../core/clinic';
import { SpanText, clinicSpanFormat, describeSpan } from './clinic-instant';
import { confirmAction } from '../../shared/confirm-dialog';
import { TimeOffDialog, TimeOffDialogData } from './time-off-dialog';
import { ResourceStatus } from '../../shared/resource-status';

interface TimeOffRow {
  timeOff: TimeOff;
  text: SpanText;
  current: boolean;
}

/** The doctor's current and upcoming time off: list, add (dialog) and remove. */
@Component({
  selector: 'cb-time-off-page',
  imports: [MatButtonModule, MatCardModule, MatIconModule, ResourceStatus],
  templateUrl: './time-off-page.html',
  styleUrl: './time-off-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TimeOffPage {
  private readonly api = inject(DoctorsApi);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly clinic = inject(Clinic);

  protected readonly timeOff = rxResource({ stream: () => this.api.listMyTimeOff() });
  protected readonly timezone = computed(() => this.clinic.timezone());
  protected readonly deleting = signal<string | null>(null);

  protected readonly rows = computed<TimeOffRow[]>(() => {
    const zone = this.timezone();
    const now = Date.now();
    const format = clinicSpanFormat(zone);
    // value() throws while the list is in error; the page still shows its header then.
    return (this.timeOff.hasValue() ? this.timeOff.value() : []).map((timeOff) => ({
      timeOff,
      text: describeSpan(timeOff.startsAt, timeOff.endsAt, zone, format),
      current: Date.parse(timeOff.startsAt) <= now && now < Date.parse(timeOff.endsAt),
    }));
  });

  protected add(): void {
    this.dialog
      .open<TimeOffDialog, TimeOffDialogData, TimeOff>(TimeOffDialog, {
        data: { timezone: this.timezone() },
        width: '560px',
        maxWidth: '95vw',
        autoFocus: 'first-tabbable',
      })
      .afterClosed()
      .pipe(filter((created): created is TimeOff => created !== undefined))
      .subscribe(() => {
        this.snackBar.open('Time off added', 'Close', { duration: 4000 });
        this.timeOff.reload();
      });
  }

  protected remove(row: TimeOffRow): void {
    const what = row.text.detail ? `${row.text.title} (${row.text.detail})` : row.text.title;
    confirmAction(this.dialog, {
      title: 'Remove time off?',
      message: `${what} becomes bookable again wherever it falls within your weekly hours.`,
      confirm: 'Remove',
      destructive: true,
    })
      .pipe(
        filter(Boolean),
        switchMap(() => {
          this.deleting.set(row.timeOff.id);
          return this.api.deleteTimeOff({ id: row.timeOff.id });
        }),
      )
      .subscribe({
        next: () => {
          this.deleting.set(null);
          this.timeOff.update((list) => list?.filter((t) => t.id !== row.timeOff.id));
          this.snackBar.open('Time off removed', 'Close', { duration: 4000 });
        },
        error: (error: unknown) => {
          this.deleting.set(null);
          this.snackBar.open(describeError(error), 'Close', { duration: 6000 });
          this.timeOff.reload();
        },
      });
  }
}
