import { LiveAnnouncer } from '@angular/cdk/a11y';
import { ChangeDetectionStrategy, ChangeDetectorRef, Component, effect, inject, input } from '@angular/core';
import { FormArray, FormControl, NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { WEEKDAY_NAMES } from '@carebook/shared';
import { DayArray, WindowErrorMatcher, WindowGroup, windowGroup, windowMessages } from './settings-form';
import { nextWindow, normalizeTime } from './settings-model';

const MONDAY = 0;
const FRIDAY = 4;

/**
 * The clinic's week: for each weekday zero or more opening windows ("Closed" when none), checked
 * as the API checks them while the admin types.
 */
@Component({
  selector: 'cb-hours-editor',
  imports: [MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, ReactiveFormsModule],
  templateUrl: './hours-editor.html',
  styleUrl: './hours-editor.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HoursEditor {
  /** Seven day arrays, Monday first. */
  readonly days = input.required<FormArray<DayArray>>();

  private readonly fb = inject(NonNullableFormBuilder);
  private readonly announcer = inject(LiveAnnouncer);
  protected readonly names = WEEKDAY_NAMES;
  protected readonly matcher = new WindowErrorMatcher();

  constructor() {
    // Server errors and resets arrive from the page; follow every change of the form's state.
    const changes = inject(ChangeDetectorRef);
    effect((onCleanup) => {
      const subscription = this.days().events.subscribe(() => changes.markForCheck());
      onCleanup(() => subscription.unsubscribe());
    });
  }

  /** A window's problems, once its row has been left (or the server has spoken). */
  protected messages(day: DayArray, index: number): string[] {
    const row = day.at(index);
    const fromServer = [row, row.controls.start, row.controls.end].some((c) => c.hasError('server'));
    return row.touched || fromServer ? windowMessages(day, index) : [];
  }

  protected tidy(control: FormControl<string>): void {
    const tidied = normalizeTime(control.value);
    if (tidied !== control.value) {
      control.setValue(tidied);
    }
  }

  protected add(dayIndex: number): void {
    const day = this.days().at(dayIndex);
    day.push(windowGroup(this.fb, nextWindow(day.getRawValue())));
    day.markAsDirty();
  }

  protected remove(dayIndex: number, index: number): void {
    const day = this.days().at(dayIndex);
    day.removeAt(index);
    day.markAsDirty();
    void this.announcer.announce(`Window removed from ${this.names[dayIndex]}`, 'polite');
  }

  protected copyMonday(): void {
    const monday = this.days().at(MONDAY).getRawValue();
    for (let i = MONDAY + 1; i <= FRIDAY; i++) {
      const day = this.days().at(i);
      day.clear({ emitEvent: false });
      monday.forEach((window) => day.push(windowGroup(this.fb, window), { emitEvent: false }));
      day.updateValueAndValidity();
      day.markAsDirty();
    }
    void this.announcer.announce('Monday’s hours copied to Tuesday to Friday', 'polite');
  }

  protected windowLabel(dayIndex: number, window: WindowGroup): string {
    const { start, end } = window.getRawValue();
    return `${this.names[dayIndex]} ${start || '…'}–${end || '…'}`;
  }
}
