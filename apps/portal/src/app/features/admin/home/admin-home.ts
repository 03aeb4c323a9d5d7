import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { AdminApi, AppointmentsApi } from '@carebook/api-client';
import { forkJoin, map } from 'rxjs';
import { Session } from '../../../core/session';
import { LoadError } from '../../../shared/load-error';

@Component({
  selector: 'cb-admin-home',
  imports: [LoadError, MatButtonModule, MatCardModule, MatIconModule, MatProgressBarModule, RouterLink],
  templateUrl: './admin-home.html',
  styleUrl: './admin-home.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminHome {
  private readonly adminApi = inject(AdminApi);
  private readonly appointmentsApi = inject(AppointmentsApi);
  protected readonly user = inject(Session).user;

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
