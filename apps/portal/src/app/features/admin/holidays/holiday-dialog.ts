import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, ValidatorFn, Validators } from '@angular/forms';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { AdminApi } from '@carebook/api-client';
import { applyServerErrors } from '../../../core/api-error';
import type { Holiday } from '../../../core/api-types';
import { DateTime } from 'luxon';
import { Clinic } from '../../../core/clinic';
import { dateFromIso, formatNumericDate, isoFromDate, provideClinicDateAdapter } from '../../../shared/clinic-date-adapter';
import { clinicLocale } from '../../../shared/clinic-time';
import { DialogSubmit } from '../../../shared/dialog-submit';

export interface HolidayDialogData {
  /** Where the calendar opens (YYYY-MM-DD). */
  startAt: string;
}

export const HOLIDAY_NAME_MAX = 120;

const requiredName: ValidatorFn = (control: AbstractControl<string>) =>
  control.value.trim() === '' ? { required: true } : null;

/** Adds a holiday; closes with the holiday the server created, and stays open on errors. */
@Component({
  selector: 'cb-holiday-dialog',
  imports: [
    DialogSubmit,
    MatCheckboxModule,
    MatDatepickerModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    ReactiveFormsModule,
  ],
  providers: [provideClinicDateAdapter()],
  template: `
    <h2 mat-dialog-title>Add a holiday</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate aria-label="Add a holiday">
      <mat-dialog-content class="cb-form">
        <p class="cb-muted intro">Nobody can book an appointment on a holiday.</p>
        @if (formError(); as message) {
          <p class="cb-form-error" role="alert" data-testid="dialog-error">{{ message }}</p>
        }
        <mat-form-field>
          <mat-label>Date</mat-label>
          <input matInput [matDatepicker]="picker" formControlName="date" data-testid="holiday-date" cdkFocusInitial />
          <mat-datepicker-toggle matIconSuffix [for]="picker" />
          <mat-datepicker #picker [startAt]="startAt" />
          <mat-hint>For example {{ example }}</mat-hint>
          @if (form.controls.date.invalid) {
            <mat-error data-testid="date-error">{{ dateProblem() }}</mat-error>
          }
        </mat-form-field>
        <mat-form-field>
          <mat-label>Name</mat-label>
          <input matInput formControlName="name" [maxlength]="nameMax" placeholder="Christmas Day" data-testid="holiday-name" />
          @if (form.controls.name.invalid) {
            <mat-error>{{ nameProblem() }}</mat-error>
          }
        </mat-form-field>
        <mat-checkbox formControlName="recurring" data-testid="holiday-recurring">
          Every year on this date
        </mat-checkbox>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <cb-dialog-submit [busy]="saving()" label="Add holiday" busyLabel="Adding…" testId="holiday-save" />
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .intro {
      margin: 0 0 12px;
      font: var(--mat-sys-body-medium);
    }
    mat-dialog-content {
      min-width: min(360px, 70vw);
      gap: 12px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HolidayDialog {
  private readonly data = inject<HolidayDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef = inject<MatDialogRef<HolidayDialog, Holiday>>(MatDialogRef);
  private readonly adminApi = inject(AdminApi);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly startAt = dateFromIso(this.data.startAt, inject(Clinic).timezone());
  protected readonly nameMax = HOLIDAY_NAME_MAX;
  protected readonly example = formatNumericDate(2026, 12, 25, clinicLocale());
  protected readonly saving = signal(false);
  protected readonly formError = signal<string | null>(null);
  protected readonly form = this.fb.group({
    date: this.fb.control<DateTime | null>(null, (c) => Validators.required(c)),
    name: ['', [requiredName, Validators.maxLength(HOLIDAY_NAME_MAX)]],
    recurring: [false],
  });

  protected dateProblem(): string {
    const errors = this.form.controls.date.errors ?? {};
    if (errors['duplicate']) return 'There is already a holiday on this date';
    if (typeof errors['server'] === 'string') return `Date ${errors['server']}`;
    if (errors['matDatepickerParse']) return 'Enter a date, or choose one from the calendar';
    return 'Choose a date';
  }

  protected nameProblem(): string {
    const errors = this.form.controls.name.errors ?? {};
    if (typeof errors['server'] === 'string') return `Name ${errors['server']}`;
    if (errors['maxlength']) return `Use at most ${HOLIDAY_NAME_MAX} characters`;
    return 'Give the holiday a name';
  }

  protected save(): void {
    this.form.markAllAsTouched();
    const { date, name, recurring } = this.form.getRawValue();
    if (this.form.invalid || date === null || this.saving()) return;
    this.saving.set(true);
    this.formError.set(null);
    this.adminApi.createHoliday({ body: { date: isoFromDate(date), name: name.trim(), recurring } }).subscribe({
      next: (holiday) => this.dialogRef.close(holiday),
      error: (error: unknown) => {
        this.saving.set(false);
        if (error instanceof HttpErrorResponse && error.status === 409) {
          this.form.controls.date.setErrors({ duplicate: true });
          return;
        }
        this.formError.set(applyServerErrors(this.form, error));
      },
    });
  }
}
