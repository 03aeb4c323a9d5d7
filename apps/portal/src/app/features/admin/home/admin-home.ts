import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { AdminApi, AppointmentsApi } from '@carebook/api-client';
import { forkJoin, map } from 'rxjs';
import { describeError } from '../../../core/api-error';
import { Session } from '../../../core/session';

@Component({
  selector: 'cb-admin-home',
  imports: [MatButtonModule, MatCardModule, MatIconModule, MatProgressBarModule, RouterLink],
  template: `
    <section class="cb-page cb-stack">
      <h1 class="cb-page-title">Welcome, {{ user()?.fullName }}</h1>
      @if (counts.isLoading()) {
        <mat-progress-bar mode="indeterminate" aria-label="Loading counts" />
      }
      @if (counts.error(); as error) {
        <mat-card appearance="outlined" role="alert">
          <mat-card-content>
            <p>Counts could not be loaded. {{ describeError(error) }}</p>
          </mat-card-content>
          <mat-card-actions>
            <button matButton type="button" (click)="counts.reload()">Retry</button>
          </mat-card-actions>
        </mat-card>
      }
      @if (counts.hasValue()) {
        <div class="tiles">
          <mat-card appearance="outlined" class="tile" data-testid="pending-doctors">
            <mat-card-header>
              <mat-icon mat-card-avatar aria-hidden="true">pending_actions</mat-icon>
              <mat-card-title>Doctor applications</mat-card-title>
              <mat-card-subtitle>Waiting for a decision</mat-card-subtitle>
            </mat-card-header>
            <mat-card-content>
              <p class="count">{{ counts.value().pendingDoctors }}</p>
            </mat-card-content>
            <mat-card-actions>
              <a matButton routerLink="/admin/users" [queryParams]="{ role: 'doctor', status: 'pending' }">
                Review applications
              </a>
            </mat-card-actions>
          </mat-card>
          <mat-card appearance="outlined" class="tile" data-testid="pending-appointments">
            <mat-card-header>
              <mat-icon mat-card-avatar aria-hidden="true">event_note</mat-icon>
              <mat-card-title>Appointment requests</mat-card-title>
              <mat-card-subtitle>Waiting for a doctor’s answer</mat-card-subtitle>
            </mat-card-header>
            <mat-card-content>
              <p class="count">{{ counts.value().pendingAppointments }}</p>
            </mat-card-content>
            <mat-card-actions>
              <a matButton routerLink="/admin/appointments" [queryParams]="{ status: 'pending' }">Review requests</a>
            </mat-card-actions>
          </mat-card>
          <mat-card appearance="outlined" class="tile" data-testid="patients">
            <mat-card-header>
              <mat-icon mat-card-avatar aria-hidden="true">groups</mat-icon>
              <mat-card-title>Patients</mat-card-title>
            </mat-card-header>
            <mat-card-content>
              <p class="count">{{ counts.value().patients }}</p>
            </mat-card-content>
            <mat-card-actions>
              <a matButton routerLink="/admin/users" [queryParams]="{ role: 'patient' }">View patients</a>
            </mat-card-actions>
          </mat-card>
          <mat-card appearance="outlined" class="tile" data-testid="doctors">
            <mat-card-header>
              <mat-icon mat-card-avatar aria-hidden="true">stethoscope</mat-icon>
              <mat-card-title>Doctors</mat-card-title>
            </mat-card-header>
            <mat-card-content>
              <p class="count">{{ counts.value().doctors }}</p>
            </mat-card-content>
            <mat-card-actions>
              <a matButton routerLink="/admin/users" [queryParams]="{ role: 'doctor' }">View doctors</a>
            </mat-card-actions>
          </mat-card>
          <mat-card appearance="outlined" class="tile" data-testid="clinic-rules">
            <mat-card-header>
              <mat-icon mat-card-avatar aria-hidden="true">tune</mat-icon>
              <mat-card-title>Clinic rules</mat-card-title>
              <mat-card-subtitle>Hours, booking rules and reminder times</mat-card-subtitle>
            </mat-card-header>
            <mat-card-actions>
              <a matButton routerLink="/admin/settings">Clinic settings</a>
              <a matButton routerLink="/admin/holidays">Holidays</a>
            </mat-card-actions>
          </mat-card>
        </div>
      }
    </section>
  `,
  styles: `
    .tiles {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(240px, 1fr));
      gap: 16px;
    }
    .count {
      font: var(--mat-sys-display-small);
      color: var(--mat-sys-primary);
      margin: 8px 0 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminHome {
  private readonly adminApi = inject(AdminApi);
  private readonly appointmentsApi = inject(AppointmentsApi);
  protected readonly user = inject(Session).user;
  protected readonly describeError = describeError;

  // Only the totals matter, so each count asks for a single row.
  protected readonly counts = rxResource({
    stream: () =>
      forkJoin({
        pendingDoctors: this.total('doctor', 'pending'),
        patients: this.total('patient'),
        doctors: this.total('doctor'),
        pendingAppointments: this.appointmentsApi
          .listAppointments({ status: ['pending'], pageSize: 1 })
          .pipe(map((page) => page.total)),
      }),
  });

  private total(role: 'patient' | 'doctor', status?: 'pending') {
    return this.adminApi.listUsers({ role, status, pageSize: 1 }).pipe(map((page) => page.total));
  }
}
