import { ChangeDetectionStrategy, Component, computed, effect, inject, untracked } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { AuthApi } from '@carebook/api-client';
import { Session } from '../../core/session';

@Component({
  selector: 'cb-doctor-home',
  imports: [MatButtonModule, MatCardModule, MatIconModule, MatProgressBarModule, RouterLink],
  template: `
    <section class="cb-page cb-stack">
      @if (account.isLoading()) {
        <mat-progress-bar mode="indeterminate" aria-label="Loading your account" />
      }
      <h1 class="cb-page-title">Welcome, {{ user()?.fullName }}</h1>

      @switch (status()) {
        @case ('pending') {
          <mat-card appearance="outlined" data-testid="application-pending">
            <mat-card-header>
              <mat-icon mat-card-avatar aria-hidden="true">hourglass_top</mat-icon>
              <mat-card-title>Your application is under review</mat-card-title>
              <mat-card-subtitle>We'll let you know when an administrator has decided</mat-card-subtitle>
            </mat-card-header>
            <mat-card-content>
              <p>
                An administrator checks your license number and specialty before patients can find and
                book you. You can already review your account details.
              </p>
            </mat-card-content>
            <mat-card-actions>
              <a matButton routerLink="/account">Review my account</a>
            </mat-card-actions>
          </mat-card>
        }
        @default {
          <mat-card appearance="outlined">
            <mat-card-header>
              <mat-icon mat-card-avatar aria-hidden="true">stethoscope</mat-icon>
              <mat-card-title>Your practice on Carebook</mat-card-title>
              @if (specialty(); as name) {
                <mat-card-subtitle>{{ name }}</mat-card-subtitle>
              }
            </mat-card-header>
            <mat-card-content>
              <p>
                Your profile is approved. Working hours, appointments and patient messages arrive with
                online scheduling.
              </p>
            </mat-card-content>
            <mat-card-actions>
              <a matButton routerLink="/account">My account</a>
            </mat-card-actions>
          </mat-card>
        }
      }
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DoctorHome {
  private readonly session = inject(Session);
  private readonly authApi = inject(AuthApi);
  protected readonly user = this.session.user;
  // The stored user may predate an admin's decision; ask the server for the current status.
  protected readonly account = rxResource({ stream: () => this.authApi.getMe() });
  protected readonly status = computed(() =>
    this.account.hasValue() ? this.account.value().status : this.user()?.status,
  );
  protected readonly specialty = computed(() => (this.account.hasValue() ? this.account.value().specialty : null));

  constructor() {
    effect(() => {
      if (this.account.hasValue()) {
        const account = this.account.value();
        untracked(() => this.session.updateUser(account));
      }
    });
  }
}
