import { LiveAnnouncer } from '@angular/cdk/a11y';
import { ChangeDetectionStrategy, ChangeDetectorRef, Component, effect, inject, input, signal } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatChipsModule } from '@angular/material/chips';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { SCHEDULING_LIMITS as L } from '@carebook/shared';
import { REMINDER_UNIT_MINUTES, ReminderUnit, durationLabel, reminderLabel, sortReminders } from './settings-model';

const LIMITS = L.reminderOffsetsMinutes;

/** Why an offset can't be added, or null. */
export function reminderProblem(offsets: readonly number[], minutes: number | null): string | null {
  if (offsets.length >= LIMITS.maxCount) return `At most ${LIMITS.maxCount} reminders`;
  if (minutes === null || !Number.isFinite(minutes)) return 'Enter how long before';
  if (!Number.isInteger(minutes)) return 'Use whole minutes';
  if (minutes < LIMITS.min || minutes > LIMITS.max) {
    return `Choose between ${durationLabel(LIMITS.min)} and ${durationLabel(LIMITS.max)} before`;
  }
  if (offsets.includes(minutes)) return `There is already a reminder ${reminderLabel(minutes)}`;
  return null;
}

/** Reminder offsets as removable chips, with a field to add one in minutes, hours or days. */
@Component({
  selector: 'cb-reminders-editor',
  imports: [ReactiveFormsModule, MatButtonModule, MatChipsModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule],
  template: `
    <p class="cb-muted intro">How long before each confirmed appointment the patient is reminded (up to {{ maxCount }}), by email and, where they have a mobile number and want it, by SMS. A change applies to every appointment still to come.</p>
    @if (control().value.length > 0) {
      <mat-chip-set aria-label="Reminders" data-testid="reminders">
        @for (offset of control().value; track offset) {
          <mat-chip (removed)="remove(offset)">
            <mat-icon matChipAvatar aria-hidden="true">notifications</mat-icon>
            {{ label(offset) }}
            <button matChipRemove [attr.aria-label]="'Remove reminder ' + label(offset)">
              <mat-icon>cancel</mat-icon>
            </button>
          </mat-chip>
        }
      </mat-chip-set>
    } @else {
      <p class="none">No reminder times set.</p>
    }
    @if (serverProblem(); as problem) {
      <p class="problem" role="alert">{{ problem }}</p>
    }

    <div class="add" role="group" aria-label="Add a reminder">
      <mat-form-field subscriptSizing="dynamic" class="amount">
        <mat-label>Remind</mat-label>
        <input
          matInput
          type="number"
          min="1"
          [formControl]="amount"
          (keydown.enter)="$event.preventDefault(); add()"
          data-testid="reminder-amount"
        />
      </mat-form-field>
      <mat-form-field subscriptSizing="dynamic" class="unit">
        <mat-label>Unit</mat-label>
        <mat-select [formControl]="unit">
          <mat-option value="minutes">minutes before</mat-option>
          <mat-option value="hours">hours before</mat-option>
          <mat-option value="days">days before</mat-option>
        </mat-select>
      </mat-form-field>
      <button matButton="tonal" type="button" (click)="add()" [disabled]="full()" data-testid="add-reminder">
        <mat-icon>add</mat-icon>
        Add
      </button>
    </div>
    @if (problem(); as message) {
      <p class="problem" role="alert" data-testid="reminder-problem">{{ message }}</p>
    } @else if (full()) {
      <p class="cb-muted hint">That’s the most reminders allowed; remove one to add another.</p>
    }
  `,
  styles: `
    .intro {
      margin: 0 0 12px;
      font: var(--mat-sys-body-medium);
    }
    .none {
      margin: 0;
      font-style: italic;
      color: var(--mat-sys-on-surface-variant);
    }
    .add {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
      margin-top: 16px;
    }
    .amount {
      width: 110px;
    }
    .unit {
      width: 180px;
    }
    .problem {
      margin: 8px 0 0;
      color: var(--mat-sys-error);
      font: var(--mat-sys-body-small);
    }
    .hint {
      margin: 8px 0 0;
      font: var(--mat-sys-body-small);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RemindersEditor {
  readonly control = input.required<FormControl<number[]>>();

  private readonly announcer = inject(LiveAnnouncer);
  protected readonly maxCount = LIMITS.maxCount;
  protected readonly label = reminderLabel;
  protected readonly amount = new FormControl<number | null>(null);
  protected readonly unit = new FormControl<ReminderUnit>('hours', { nonNullable: true });
  protected readonly problem = signal<string | null>(null);

  constructor() {
    const changes = inject(ChangeDetectorRef);
    effect((onCleanup) => {
      const control = this.control();
      const subscription = control.events.subscribe(() => {
        this.syncDisabled(control);
        changes.markForCheck();
      });
      this.syncDisabled(control);
      onCleanup(() => subscription.unsubscribe());
    });
  }

  protected full(): boolean {
    return this.control().value.length >= LIMITS.maxCount;
  }

  protected serverProblem(): string | null {
    const errors = this.control().errors;
    if (typeof errors?.['server'] === 'string') return `Reminders ${errors['server']}`;
    return errors?.['tooMany'] ? `At most ${LIMITS.maxCount} reminders` : null;
  }

  protected add(): void {
    const offsets = this.control().value;
    const amount = this.amount.value;
    const minutes = amount === null ? null : amount * REMINDER_UNIT_MINUTES[this.unit.value];
    const problem = reminderProblem(offsets, minutes);
    this.problem.set(problem);
    if (problem !== null || minutes === null) return;
    this.setOffsets(sortReminders([...offsets, minutes]));
    this.amount.reset();
    void this.announcer.announce(`Reminder added: ${reminderLabel(minutes)}`, 'polite');
  }

  protected remove(offset: number): void {
    this.setOffsets(this.control().value.filter((value) => value !== offset));
    this.problem.set(null);
    void this.announcer.announce(`Reminder removed: ${reminderLabel(offset)}`, 'polite');
  }

  /** The add field only works while there is room for another reminder. */
  private syncDisabled(control: FormControl<number[]>): void {
    const full = control.value.length >= LIMITS.maxCount;
    for (const field of [this.amount, this.unit]) {
      if (full && field.enabled) field.disable({ emitEvent: false });
      if (!full && field.disabled) field.enable({ emitEvent: false });
    }
  }

  private setOffsets(offsets: number[]): void {
    const control = this.control();
    control.setValue(offsets);
    control.markAsDirty();
    control.markAsTouched();
  }
}
