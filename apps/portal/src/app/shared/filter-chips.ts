import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';

/** A filter in force, as a removable chip. */
export interface FilterChip<K extends string = string> {
  key: K;
  label: string;
}

/** The filters in force as removable chips, then "Clear all"; the page shows it while any filter is. */
@Component({
  selector: 'cb-filter-chips',
  imports: [MatButtonModule, MatIconModule],
  template: `
    <ul class="chips" aria-label="Filters applied">
      @for (chip of chips(); track chip.key) {
        <li>
          <button type="button" class="chip" [attr.aria-label]="'Remove filter ' + chip.label" (click)="removed.emit(chip.key)">
            <span>{{ chip.label }}</span>
            <mat-icon aria-hidden="true">close</mat-icon>
          </button>
        </li>
      }
      <li>
        <button matButton type="button" (click)="cleared.emit()" data-testid="clear-filters">Clear all</button>
      </li>
    </ul>
  `,
  styles: `
    :host {
      display: block;
    }
    .chips {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
    }
    .chip {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      height: 32px;
      padding: 0 8px 0 12px;
      border-radius: var(--mat-sys-corner-small);
      border: 1px solid var(--mat-sys-outline-variant);
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
      font: var(--mat-sys-label-large);
      cursor: pointer;

      mat-icon {
        font-size: 18px;
        width: 18px;
        height: 18px;
      }

      &:hover {
        background: var(--mat-sys-surface-container-highest);
      }

      &:focus-visible {
        outline: 2px solid var(--mat-sys-primary);
        outline-offset: 2px;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FilterChips<K extends string = string> {
  readonly chips = input.required<readonly FilterChip<K>[]>();
  readonly removed = output<K>();
  readonly cleared = output<void>();
}
