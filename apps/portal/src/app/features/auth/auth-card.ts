import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';

/** The card of the pages for people not signed in (sign in, register, a forgotten password): brand, title, content. */
@Component({
  selector: 'cb-auth-card',
  imports: [MatCardModule, MatIconModule, MatProgressBarModule],
  template: `
    <main>
    <mat-card class="card" appearance="outlined">
      @if (busy()) {
        <mat-progress-bar mode="indeterminate" [attr.aria-label]="busyLabel()" />
      }
      <mat-card-content>
        <div class="brand">
          <mat-icon aria-hidden="true">local_hospital</mat-icon>
          <span>Carebook</span>
        </div>
        <h1>{{ heading() }}</h1>
        <ng-content />
      </mat-card-content>
    </mat-card>
    </main>
  `,
  styles: `
    :host {
      display: block;
      width: 100%;
      max-width: 460px;
    }

    .card {
      padding: 8px;
    }

    .brand {
      display: flex;
      align-items: center;
      gap: 8px;
      color: var(--mat-sys-primary);
      font: var(--mat-sys-title-large);
      margin-bottom: 8px;
    }

    h1 {
      font: var(--mat-sys-headline-small);
      margin: 0 0 20px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuthCard {
  readonly heading = input.required<string>();
  readonly busy = input(false);
  /** What the progress bar says while busy: "Signing in". */
  readonly busyLabel = input('Working');
}
