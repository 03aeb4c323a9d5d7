import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { RouterLink } from '@angular/router';
import type { Appointment } from '@carebook/api-client';
import { ACTION_LABELS, TableAction, actionButtons, actionTestId } from './appointment-actions';

/** One appointment's buttons in the oversight table: its pending decision inline, the rest in a menu. */
@Component({
  selector: 'cb-row-actions',
  imports: [MatButtonModule, MatIconModule, MatMenuModule, RouterLink],
  template: `
    @for (action of buttons().primary; track action) {
      <button
        [matButton]="action === 'approve' || action === 'complete' ? 'filled' : 'outlined'"
        type="button"
        [disabled]="disabled()"
        (click)="act.emit(action)"
        [attr.aria-label]="labels[action] + ': ' + what()"
        [attr.data-testid]="testId(action)"
      >
        {{ busy() ? '…' : labels[action] }}
      </button>
    }
    <button
      matIconButton
      class="more"
      type="button"
      [matMenuTriggerFor]="more"
      [attr.aria-label]="'More for ' + what()"
      [attr.data-testid]="'more-' + appointment().id"
    >
      <mat-icon>more_vert</mat-icon>
    </button>
    <mat-menu #more="matMenu" xPosition="before">
      <a mat-menu-item [routerLink]="['/appointments', appointment().id]" [attr.data-testid]="'details-' + appointment().id">
        <mat-icon aria-hidden="true">open_in_new</mat-icon>
        <span>View details</span>
      </a>
      @if (buttons().reschedule) {
        <a mat-menu-item [routerLink]="['/appointments', appointment().id]" [attr.data-testid]="testId('reschedule')">
          <mat-icon aria-hidden="true">edit_calendar</mat-icon>
          <span>Reschedule…</span>
        </a>
      }
      @for (action of buttons().more; track action) {
        <button mat-menu-item type="button" [disabled]="disabled()" (click)="act.emit(action)" [attr.data-testid]="testId(action)">
          <mat-icon aria-hidden="true">event_busy</mat-icon>
          <span>{{ labels[action] }}…</span>
        </button>
      }
    </mat-menu>
  `,
  host: { '[class.stacked]': 'stacked()' },
  styles: `
    :host {
      display: inline-flex;
      flex-wrap: nowrap;
      align-items: center;
      justify-content: flex-end;
      gap: 8px;
    }
    /* In the table: the buttons one above another, the menu beside the first, so the column stays narrow. */
    :host(.stacked) {
      display: inline-grid;
      grid-template-columns: max-content max-content;
      justify-items: stretch;
    }
    :host(.stacked) .more {
      grid-column: 2;
      grid-row: 1;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RowActions {
  readonly appointment = input.required<Appointment>();
  /** How the row names the appointment to screen readers ("Olivia Bennett, Tue 24 Nov 09:30–10:00"). */
  readonly what = input.required<string>();
  /** This row's action is running. */
  readonly busy = input(false);
  /** Any row's action is running. */
  readonly disabled = input(false);
  /** Buttons one above another (the table's narrow column) rather than in a row (a card's foot). */
  readonly stacked = input(false);
  readonly act = output<TableAction>();

  protected readonly labels = ACTION_LABELS;
  protected readonly buttons = computed(() => actionButtons(this.appointment()));

  protected testId(action: TableAction | 'reschedule'): string {
    return actionTestId(action, this.appointment().id);
  }
}
