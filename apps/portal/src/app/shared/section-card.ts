import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatCardModule } from '@angular/material/card';

/** An outlined card for one section of a page: its heading (a level-2 title), an optional subtitle, then the content. */
@Component({
  selector: 'cb-section-card',
  imports: [MatCardModule],
  template: `
    <mat-card appearance="outlined">
      <mat-card-header>
        <mat-card-title><h2>{{ heading() }}</h2></mat-card-title>
        @if (subtitle(); as text) {
          <mat-card-subtitle>{{ text }}</mat-card-subtitle>
        }
      </mat-card-header>
      <mat-card-content>
        <ng-content />
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    :host {
      display: block;
      min-width: 0;
    }
    h2 {
      margin: 0;
      font: inherit;
    }
    mat-card-header {
      margin-bottom: 16px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SectionCard {
  readonly heading = input.required<string>();
  readonly subtitle = input<string>();
}
