import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { Session } from '../../core/session';

@Component({
  selector: 'cb-patient-home',
  imports: [MatButtonModule, MatCardModule, MatIconModule, RouterLink],
  template: `
    <section class="cb-page cb-stack">
      <h1 class="cb-page-title">Welcome, {{ firstName() }}</h1>

      <mat-card appearance="outlined">
        <mat-card-header>
          <mat-icon mat-card-avatar aria-hidden="true">favorite</mat-icon>
          <mat-card-title>Your Carebook</mat-card-title>
          <mat-card-subtitle>Signed in as {{ user()?.email }}</mat-card-subtitle>
        </mat-card-header>
        <mat-card-content>
          <p>Keep your contact details up to date so the clinic can reach you.</p>
        </mat-card-content>
        <mat-card-actions>
          <a matButton routerLink="/account">Review my account</a>
        </mat-card-actions>
      </mat-card>

      <mat-card appearance="outlined" aria-labelledby="find-doctor-title">
        <mat-card-header>
          <mat-icon mat-card-avatar aria-hidden="true">stethoscope</mat-icon>
          <mat-card-title id="find-doctor-title">Find a doctor</mat-card-title>
        </mat-card-header>
        <mat-card-content>
          <p class="cb-muted">
            Searching doctors and booking appointments arrive with online scheduling. Until then, please
            contact the clinic to book a visit.
          </p>
        </mat-card-content>
      </mat-card>
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PatientHome {
  protected readonly user = inject(Session).user;
  protected readonly firstName = computed(() => this.user()?.fullName.split(/\s+/)[0] ?? '');
}
